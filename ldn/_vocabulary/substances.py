"""Substances: opioids, peripheral opioids, opioid antagonists, and the controls that are neither.

One row per substance:

``(name, kind, synonyms, ATC codes, RxNorm ingredient RxCUI, SNOMED CT substance id, source ids)``

* ``name``: the INN (or the common generic name where there is no INN), lower case.
* ``kind``: ``opioid`` (blocks starting, LDN-OPIOID), ``peripheral-opioid`` (acts on
  the gut; blocking is a policy setting), ``antagonist`` (flagged for review,
  LDN-ANTAGONIST), or ``neither`` (listed so tests prove it never blocks).
* ``synonyms``: other names in use (USAN, BAN, former INNs, unambiguous street names).
* ``ATC codes``: the WHO ATC codes of the substance and of its combinations. A
  combination code stands on the row of every ingredient (N02AA55 on oxycodone and on
  naloxone); screening reads the strictest kind. Every code was matched against a
  scrape of the WHO ATC index dated 2026-04-25 (source ``atcd-2026``); N02AX52 was
  retired in 2016 and is kept so that old records still match.
* RxNorm and SNOMED CT codes where a public source showed them ("" when none did:
  not found, not "does not exist"). SNOMED CT identifiers are used under the SNOMED
  International affiliate licence.
* ``source ids``: keys of :data:`SOURCES` (this module) or of
  :data:`ldn._vocabulary.sources.SOURCES`.

Judgement calls, each on the blocking side: kratom alkaloids, tianeptine (with its
antidepressant code N06AX14), nalorphine and levallorphan count as opioids;
diphenoxylate and difenoxin are opioids, not peripheral ones; dipipanone carries
R06AE53 (cyclizine combinations), the code of its UK product, so other cyclizine
combinations are read as opioids too. R05DA20, R05FA01 and R05FA02 stand on no row:
their products may or may not hold an opioid, and the ATC hierarchy in
:mod:`ldn.opioids` decides them.
"""

from __future__ import annotations

from typing import Final

Row = tuple[str, str, tuple[str, ...], tuple[str, ...], str, str, tuple[str, ...]]

# fmt: off
SOURCES: Final[dict[str, tuple[str, str, str, str]]] = {  # id: (title, URL, licence/terms, date)
    # --- names in prescribing data and international control ------------------------------
    "nhsbsa-bnf-2020": (
        "NHSBSA BNF Code Information, release of 2020-02-05, as committed to "
        "muschitiello/PrescRiptionsData @ 9ef67dd197: the shortened substance names of its "
        "presentation names (Morph Sulf, Diamorph HCl, Buprenorph, Dextroprop, Pholcod, "
        "Dihydrocod, Papaveret, Diphenox) and its name Co-Phenotrope for diphenoxylate with "
        "atropine; the same file is the source of the nhsbsa-bnf-2020 rows of the test "
        "corpora, so those rows are no independent measure of these spellings",
        "https://www.nhsbsa.nhs.uk/prescription-data/understanding-our-data/bnf-classification",
        "NHSBSA data, Open Government Licence v3.0; facts only",
        "release 2020-02-05; read 2026-12-04",
    ),
    "cms-partd-2011-2015": (
        "CMS Medicare Part D Drug Spending data 2011-2015, generic names as tidied by "
        "Data4Democracy drug-spending @ 343a161fc2 (the truncated 'dihydrocodein'); also the "
        "source of the cms-partd-2011-2015 rows of the test corpora",
        "https://github.com/Data4Democracy/drug-spending/tree/343a161fc2c6010cc9d848129365e1e88414333d/python/datawrangling/drugbank",
        "CMS data, US Government work (public domain); facts only",
        "data years 2011-2015; read 2026-12-04",
    ),
    "who-ecdd-codeine-2019": (
        "WHO 42nd Expert Committee on Drug Dependence (2019), pre-review report: preparations "
        "of codeine (nicocodine, nicodicodine, norcodeine: Schedule II of the 1961 Single "
        "Convention), docslib copy; also the source of the INT rows of the test corpora that "
        "name them",
        "https://docslib.org/doc/3519567/pre-review-report-preparations-of-codeine-listed-in-schedule-lll-of-the-1961-single-convention-on-narcotic-drugs",
        "WHO, all rights reserved; names only; facts only",
        "2019; read 2026-12-04",
    ),
    # --- WHO ATC ---------------------------------------------------------------------------
    "whocc-atc": (
        "WHO Collaborating Centre for Drug Statistics Methodology, ATC/DDD Index",
        "https://atcddd.fhi.no/atc_ddd_index/ (formerly https://www.whocc.no/atc_ddd_index/)",
        "(c) WHOCC Oslo: use requires reference to the WHOCC; copying and distribution for "
        "commercial purposes not allowed; changing the material not allowed (Guidelines "
        "copyright notice). Check before shipping ATC codes in a commercial product.",
        "index as scraped 2026-04-25",
    ),
    "atcd-2026": (
        "fabkury/atcd, 'WHO ATC-DDD 2026-04-25.csv' (scrape of the WHOCC ATC/DDD index); "
        "every ATC code in this table was matched against this file (and the 2025-06-14 "
        "snapshot: no differences in the opioid groups)",
        "https://github.com/fabkury/atcd/blob/1e92aec7c52c7e324080416294bb8e68cf686685/"
        "WHO%20ATC-DDD%202026-04-25.csv",
        "repository CC BY-NC-SA 4.0 (the scrape); the codes themselves are WHOCC's (see whocc-atc)",
        "2026-04-25",
    ),
    "whocc-n02aj-2016": (
        "WHOCC news: ATC classification of combinations of opioids and other analgesics "
        "(new 4th level N02AJ; N02AX52 tramadol and paracetamol became N02AJ13)",
        "https://www.whocc.no/news/atc_classification_of_combinations_of_opioids_and_other_anal",
        "WHOCC terms (see whocc-atc)",
        "2016-01-22",
    ),
    "emc-diconal": (
        "emc SmPC: Dipipanone+Cyclizine 10 mg+30 mg Tablets (Diconal), ADVANZ Pharma; "
        "ATC code shown on the page: R06AE53",
        "https://www.medicines.org.uk/emc/product/5574/smpc",
        "emc / MHRA-approved text; facts only",
        "last updated on emc 2024-02-07",
    ),
    # --- RxNorm ----------------------------------------------------------------------------
    "cdc-mme-cf": (
        "CDC Opioid MME calculator IG (cqframework/opioid-mme-r4): "
        "codesystem-CDCMMEClinicalConversionFactors.json and test "
        "codesystem-CDCMMEResearchConversionFactors.json (RxNorm ingredient codes)",
        "https://github.com/cqframework/opioid-mme-r4/tree/1357f45424c40c49911cd73ecf377b740013f21e/"
        "input/vocabulary/codesystem",
        "repository Apache-2.0, (c) 2019+ CDC; codes are RxNorm (NLM, free to use; "
        "UMLS licence only for the non-RxNorm sources)",
        "commit 2023-10-05",
    ),
    "cdc-omtkdata": (
        "cqframework/opioid-mme-r4 input/cql/OMTKData.cql: drug -> ingredient table generated "
        "from RxNav (ingredientCode = RxNorm IN)",
        "https://github.com/cqframework/opioid-mme-r4/blob/1357f45424c40c49911cd73ecf377b740013f21e/"
        "input/cql/OMTKData.cql",
        "Apache-2.0; RxNorm data courtesy of NLM (attribution text in the file)",
        "data generated 2020-10-20",
    ),
    "cdc-opioid-cds-vs": (
        "CDC Opioid Prescribing Support IG (cqframework/opioid-cds-r4) value set rules text: "
        "ingredient RxCUIs 4337 fentanyl, 56795 sufentanil, 480 alfentanil, 73032 remifentanil "
        "(fentanyl-type-medications); 7242 naloxone (IN, naloxone-medications); 2670, 7052, "
        "7676 (non-synthetic-opioid-medications); 1819; 6813; 7804",
        "https://github.com/cqframework/opioid-cds-r4/tree/b29bdcbf6db6f3de26486dbc3820572ee9a78b89/"
        "input/vocabulary/valueset",
        "repository CC0-1.0; value sets (c) CDC 2016+; codes RxNorm (NLM)",
        "commit 2025-09-26",
    ),
    "cumulus-define-rx": (
        "smart-on-fhir/cumulus-library-opioid cumulus_library_opioid/define_rx.sql "
        "(RxNorm list; rows '3304 Heroin', '7243 Naltrexone'; term type not stated in the file)",
        "https://github.com/smart-on-fhir/cumulus-library-opioid/blob/"
        "134eccdc5d9a0294fa0df6ad8a0763722324450b/cumulus_library_opioid/define_rx.sql",
        "Apache-2.0; codes RxNorm (NLM)",
        "commit 2024-08-21",
    ),
    # --- SNOMED CT -------------------------------------------------------------------------
    "ch-term-api": (
        "eHealth Suisse / HL7 Switzerland CH Term ValueSet ActivePharmaceuticalIngredient "
        "(OID 2.16.756.5.30.1.1.11.82), SNOMED CT substance concepts with FSN '(substance)'",
        "https://github.com/hl7ch/ch-term/blob/788e193111d510adb7792011e59f84449e673277/"
        "input/resources/valueset/ActivePharmaceuticalIngredient.xml",
        "repository MIT; SNOMED CT content (c) SNOMED International: an affiliate licence is "
        "needed outside member countries (stated in the value set)",
        "value set version 2023-10-27; commit 2026-04-07",
    ),
    "dicom-cid": (
        "DICOM context groups as FHIR ValueSets (bvdh/dicom-terminology-in-fhir): CID 6089 "
        "Substance (heroin, methadone, morphine) and others (alfentanil, sufentanil, remifentanil)",
        "https://github.com/bvdh/dicom-terminology-in-fhir/tree/9f098270ff7180e43a8df1a2eef0130b72231d5b/"
        "input/fsh",
        "repository CC0-1.0; SNOMED CT codes (c) SNOMED International (affiliate licence)",
        "commit 2026-06-24",
    ),
    # --- controlled-substance and drug-market sources ----------------------------------------
    "cfr-1308-12": (
        "21 CFR 1308.12 Schedule II (opiates incl. dihydroetorphine, etorphine, ethylmorphine, "
        "oxymorphone; opiate definition EXCLUDES apomorphine, thebaine-derived butorphanol, "
        "dextrorphan, nalbuphine, naldemedine, nalmefene, naloxegol, naloxone, 6beta-naltrexol, "
        "naltrexone, samidorphan; isoquinoline alkaloids of opium excluded)",
        "https://casetext.com/regulation/code-of-federal-regulations/title-21-food-and-drugs/"
        "chapter-ii-drug-enforcement-administration-department-of-justice/"
        "part-1308-schedules-of-controlled-substances/schedules/130812-schedule-ii",
        "US federal regulation (public domain)",
        "current through 2024-02-29",
    ),
    "cfr-1308-12c": (
        "21 CFR 1308.12(c) opiates list (alfentanil, anileridine, bezitramide, carfentanil, "
        "dihydrocodeine, diphenoxylate, fentanyl, levo-alphacetylmethadol/LAAM, ...)",
        "https://docslib.org/doc/4760244/drug-enforcement-administration-justice-%C2%A7-1308-13",
        "US federal regulation (public domain); third-party copy",
        "CFR edition as copied (undated copy)",
    ),
    "dea-acetylfentanyl-2015": (
        "DEA, Temporary placement of acetyl fentanyl into Schedule I, 80 FR 42381 (final order)",
        "https://thefederalregister.org/80-FR/42381",
        "US Federal Register (public domain)",
        "2015-07-17",
    ),
    "dea-fentanyls-2017a": (
        "DEA, Temporary placement of ortho-fluorofentanyl, tetrahydrofuranyl fentanyl and "
        "methoxyacetyl fentanyl into Schedule I, 82 FR 49504",
        "https://thefederalregister.org/82-FR/49504",
        "US Federal Register (public domain)",
        "2017-10-26",
    ),
    "dea-fentanyls-2017b": (
        "DEA, notice of intent: temporary placement of seven fentanyl-related substances "
        "(valeryl, para-fluorobutyryl, para-methoxybutyryl, para-chloroisobutyryl, isobutyryl, "
        "cyclopentyl fentanyl, ocfentanil) in Schedule I, 82 FR 58575",
        "https://thefederalregister.org/82-FR/58575",
        "US Federal Register (public domain)",
        "2017-12-13",
    ),
    "dea-fentanyls-2018": (
        "DEA, Placement of furanyl fentanyl, 4-fluoroisobutyryl fentanyl, acryl fentanyl, "
        "tetrahydrofuranyl fentanyl and ocfentanil in Schedule I, FR 2018-26045",
        "https://regulations.justia.com/regulations/fedreg/2018/11/29/2018-26045.html",
        "US Federal Register (public domain)",
        "2018-11-29",
    ),
    "dea-u47700-2016": (
        "DEA, Temporary placement of U-47700 into Schedule I (notice of intent), FR 2016-21477",
        "https://regulations.justia.com/regulations/fedreg/2016/09/07/2016-21477.html",
        "US Federal Register (public domain)",
        "2016-09-07",
    ),
    "dea-ah7921": (
        "Trade report of the DEA final order placing AH-7921 (a mu-opioid receptor agonist) "
        "in Schedule I",
        "https://www.strtrade.com/trade-news-resources/str-trade-report/trade-report/"
        "dea-imposes-import-and-export-controls-on-chemical-substance",
        "secondary (trade news summarising the Federal Register order)",
        "undated page",
    ),
    "dea-brorphine-2021": (
        "DEA, Temporary placement of brorphine in Schedule I, FR 2021-04242",
        "http://federal.elaws.us/fr/citation/2021-04242",
        "US Federal Register (public domain); third-party copy",
        "2021-03-01",
    ),
    "dea-desomorphine": (
        "DEA Diversion Control Division, Drug & Chemical Evaluation Section fact sheet: "
        "Desomorphine (street name krokodil), December 2019",
        "https://docslib.org/doc/10538457/desomorphine-dihydrodesoxymorphine-"
        "dihydrodesoxymorphine-d-street-name-krokodil-crocodil-december-2019",
        "US government work (public domain); third-party copy",
        "2019-12",
    ),
    "dea-benzimidazole-2021": (
        "DEA Diversion Control Division fact sheet: Benzimidazole-Opioids (butonitazene, "
        "etodesnitazene, flunitazene, metonitazene, metodesnitazene, protonitazene), June 2021",
        "https://docslib.org/doc/926748/benzimidazole-opioids-june-2021",
        "US government work (public domain); third-party copy",
        "2021-06",
    ),
    "dea-nitazenes-2022-news": (
        "News report of the DEA temporary Schedule I order for butonitazene, etodesnitazene, "
        "flunitazene, metodesnitazene, metonitazene, N-pyrrolidino etonitazene, protonitazene",
        "https://lawstreetmedia.com/news/health/dea-adds-seven-more-opioids-to-schedule-i/?amp=1",
        "secondary (news)",
        "undated page",
    ),
    "unodc-nitazenes": (
        "UNODC Early Warning Advisory, substance group: Nitazenes (analogues of clonitazene and "
        "etonitazene; isotonitazene first reported 2019)",
        "https://unodc.org/LSS/SubstanceGroup/Details/6aefe0ca-aafd-452c-a534-c16aa3a2e507",
        "UNODC website terms; facts only",
        "undated page (cites UNODC 2024 technical update)",
    ),
    "dpf-nitazenes": (
        "DrugPolicyFacts quoting Verbeek & Brinkman 2025 (Basic Clin Pharmacol Toxicol "
        "137(2):e70078): seven nitazenes in Schedule I of the 1961 Single Convention "
        "(etonitazene, clonitazene, butonitazene, protonitazene, etonitazepyne, metonitazene, "
        "isotonitazene)",
        "https://drugpolicyfacts.org/node/4577",
        "secondary; facts only",
        "2025",
    ),
    "acmd-nitazenes-2024": (
        "UK ACMD advice on 2-benzyl benzimidazole ('nitazene') and piperidine benzimidazolone "
        "('brorphine-like') opioids",
        "https://www.gov.uk/government/publications/acmd-advice-on-2-benzyl-benzimidazole-and-"
        "piperidine-benzimidazolone-opioids/acmd-advice-on-2-benzyl-benzimidazole-and-piperidine-"
        "benzimidazolone-opioids-accessible-version",
        "Open Government Licence v3.0 (gov.uk)",
        "updated 2024-04-05",
    ),
    "zawilska-2023": (
        "Zawilska JB et al. Non-fentanyl new synthetic opioids - an update. Forensic Sci Int "
        "2023;349:111775 (nitazenes, brorphine, U-compounds, AH-7921, MT-45)",
        "https://www.scribd.com/document/689376608/1-s2-0-S0379073823002256-main",
        "journal article (copyright Elsevier); third-party copy; cited for facts only",
        "2023",
    ),
    "grok-ndesethyliso": (
        "Grokipedia: N-desethylisotonitazene (metabolite of isotonitazene; DEA temporary "
        "Schedule I October 2023) - weak, AI-written secondary source",
        "https://grokipedia.com/page/n_desethylisotonitazene",
        "secondary; weak",
        "undated page",
    ),
    # --- labels and drug information ------------------------------------------------------
    "naltrexone-us-label": (
        "Naltrexone hydrochloride tablets prescribing information (DailyMed-based rendering): "
        "opioid-free interval of a minimum of 7 to 10 days for patients previously dependent on "
        "short-acting opioids",
        "https://prescriberpoint.com/therapies/naltrexone-hydrochloride-0f30f88",
        "FDA label text (public domain); third-party rendering",
        "undated page",
    ),
    "dailymed-naltrexone": (
        "DailyMed: NALTREXONE HYDROCHLORIDE tablet, film coated (setid "
        "74087d2f-468d-4de1-a2fc-a489d0f2abef), label updated 2024-10-15 (only the opening "
        "sections were visible in the stored copy)",
        "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=74087d2f-468d-4de1-a2fc-a489d0f2abef",
        "FDA label (public domain)",
        "2024-10-15",
    ),
    "vivitrol-label": (
        "VIVITROL (naltrexone extended-release injectable) label text as quoted: 7-10 days "
        "opioid-free after short-acting opioids; patients transitioning from buprenorphine or "
        "methadone may be vulnerable to precipitated withdrawal for as long as two weeks",
        "http://drugwarfacts.org/node/3906",
        "FDA label text (public domain); third-party quotation",
        "undated page",
    ),
    "nice-ta115": (
        "NICE TA115, section 3: naltrexone SPC licensed for detoxified formerly opioid-dependent "
        "people who have remained opioid free for at least 7 to 10 days",
        "https://nice.org.uk/guidance/TA115/chapter/3-information-about-naltrexone",
        "NICE content, (c) NICE; facts only",
        "TA115 (2007)",
    ),
    "lybalvi-label": (
        "LYBALVI (olanzapine and samidorphan) monograph: contraindicated in patients using "
        "opioids or in acute opioid withdrawal; delay initiation at least 7 days after "
        "short-acting and 14 days after long-acting opioids",
        "http://butalbitalapap.org/index-4908.html",
        "third-party copy of an MPR drug monograph; facts only",
        "undated page",
    ),
    "apadaz": (
        "FDA approval of Apadaz (benzhydrocodone and acetaminophen); label: benzhydrocodone is "
        "a prodrug of the opioid agonist hydrocodone",
        "https://healthesystems.com/workerscomprehensive/fda-approves-new-opioid-prodrug-apadaz",
        "secondary (quotes the FDA label)",
        "2018",
    ),
    "ahfs-oliceridine": (
        "AHFS Drug Information (Skyscape): oliceridine fumarate is an opiate agonist",
        "https://download.skyscape.com/download/ota/lonestar/362BCE4D-8092-40DD-91EF-8EE1032B1B68/"
        "ahfsdi.ed24/content/HTML/i/tl13.htm",
        "ASHP AHFS (copyright); facts only",
        "2024 edition",
    ),
    "ashp-eluxadoline": (
        "Drugs.com / ASHP monograph: eluxadoline, mixed mu-opiate receptor agonist and "
        "delta-opiate receptor antagonist with poor oral bioavailability, local GI effects",
        "https://www.drugs.com/monograph/eluxadoline.html",
        "ASHP (copyright); facts only",
        "reviewed 2024-05-10",
    ),
    "ncats-difelikefalin": (
        "NCATS Inxight Drugs: difelikefalin acetate, synthetic peptide kappa-opioid receptor "
        "agonist acting on peripheral tissues (Korsuva)",
        "https://drugs.ncats.io/substance/0P70AR5BYB",
        "US government (NIH) site; facts only",
        "undated page",
    ),
    "fda-loperamide-2018": (
        "FDA Commissioner Gottlieb (FDA Voice, copy): loperamide is an opioid agonist acting "
        "locally in the gut; at extremely high doses it gives opioid effects",
        "https://flossmagazine.com/fda-challenged-to-address-new-turn-in-opioid-addiction-"
        "crisis-details-here/",
        "US government text (public domain); third-party copy",
        "2018",
    ),
    "trimebutine-delvaux-1997": (
        "Delvaux M, Wingate D. Trimebutine: mechanism of action... J Int Med Res "
        "1997;25(5):225-46 (PMID 9364286): agonist effect on peripheral mu, kappa and delta "
        "opiate receptors",
        "https://go.drugbank.com/articles/A19692",
        "abstract via DrugBank; facts only",
        "1997",
    ),
    "lofexidine-lucemyra": (
        "Drugs.com answer: Lucemyra (lofexidine) is a selective alpha-2 adrenergic receptor "
        "agonist (FDA: first non-opioid treatment for opioid withdrawal symptoms, 2018)",
        "https://www.drugs.com/medical-answers/lucemyra-work-treatment-opioid-withdrawal-3418913/",
        "secondary; facts only",
        "2023-05-30",
    ),
    "loinc-opiates": (
        "LOINC part LP14565-3 Opiates: papaverine and noscapine have essentially no effect on "
        "the central nervous system and are not usually considered opioids",
        "https://loinc.org/LP14565-3",
        "LOINC terms of use (text CC BY-SA from Wikipedia, as stated on the page)",
        "LOINC 2.74",
    ),
    "poisoning-opioids": (
        "Poisoning & Drug Overdose (Olson), Opiates and opioids chapter (Skyscape copy): "
        "dextromethorphan is an opioid derivative with antitussive but no analgesic or "
        "addictive properties; kratom alkaloid mitragynine has opioid-like effects",
        "https://download.skyscape.com/download/ota/lonestar/077DE147-649A-4DA7-B2C3-415B395210D4/"
        "poisonod.ed8/content/HTML/p/tu2.htm",
        "McGraw-Hill (copyright); facts only",
        "8th edition",
    ),
    "fda-7oh-2025": (
        "Report of the FDA recommendation (2025-07-29) to schedule 7-hydroxymitragynine; the "
        "FDA report says 7-OH has properties of a full mu opioid agonist; mitragynine and "
        "7-OH described as partial opioid agonists",
        "https://www.europesays.com/us/124532",
        "secondary (news quoting the FDA report)",
        "2025",
    ),
    "fda-tianeptine": (
        "Report of FDA warnings on tianeptine ('gas station heroin'): binds the mu opioid "
        "receptor, mimics opioids, risks of addiction, overdose, withdrawal",
        "https://sciencetimes.com/articles/48455/20240130/fda-advises-against-gas-station-"
        "heroin-supplement-due-health-risks.htm",
        "secondary (news)",
        "2024-01-30",
    ),
    "dtb-1975-naloxone": (
        "Drug and Therapeutics Bulletin 1975;13(19):75-76 'Naloxone (Narcan)': nalorphine and "
        "levallorphan are partial agonists with narcotic effects; naloxone a pure antagonist",
        "https://dtb.bmj.com/highwire/citation/136982/endnote-tagged",
        "BMJ (copyright); facts only",
        "1975",
    ),
    "uk-mda-1971-sch2": (
        "Misuse of Drugs Act 1971, Schedule 2 (controlled drugs), Part I (Class A), as in "
        "force 1991-07-01: the synthetic and semi-synthetic opioids it lists by name",
        "https://www.legislation.gov.uk/ukpga/1971/38/schedule/2/1991-07-01",
        "Open Government Licence v3.0 (legislation.gov.uk); facts only",
        "version of 1991-07-01; seen 2026-12-03",
    ),
    "un-1961-schedule-i-2013": (
        "United Nations, Schedules of the Single Convention on Narcotic Drugs of 1961 as "
        "amended by the 1972 Protocol, as at 25 September 2013 (ST/CND/1/Add.1): Schedule I",
        "https://docslib.org/doc/2406239/the-international-drug-control-conventions "
        "(a copy of the United Nations publication)",
        "United Nations publication; facts (names) only",
        "2013-09-25; seen 2026-12-03",
    ),
}

# fmt: off
SUBSTANCES: Final[tuple[Row, ...]] = (
    # ---------------------------------------------------------------- N02AA natural opium alkaloids
    ("morphine", "opioid", ("morph",),
     ("N02AA01", "N02AA51", "N02AG01", "A07DA52", "R05DA05"),
     "7052", "373529000",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "cdc-opioid-cds-vs", "ch-term-api", "dicom-cid", "nhsbsa-bnf-2020")),
    ("opium", "opioid", ("opium tincture", "laudanum", "paregoric"),
     ("N02AA02", "A07DA02", "R05DA05"),
     "7676", "",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata", "cdc-opioid-cds-vs", "cfr-1308-12")),
    ("hydromorphone", "opioid", ("dihydromorphinone",),
     ("N02AA03", "N02AA53", "N02AG04"),
     "3423", "44508008",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "ch-term-api")),
    ("nicomorphine", "opioid", (),
     ("N02AA04",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("oxycodone", "opioid", (),
     ("N02AA05", "N02AA55", "N02AA56", "N02AJ17", "N02AJ18", "N02AJ19"),
     "7804", "55452001",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "cdc-opioid-cds-vs", "ch-term-api")),
    ("dihydrocodeine", "opioid", ("dihydrocod", "dihydrocodein"),
     ("N02AA08", "N02AA58", "N02AJ01", "N02AJ02", "N02AJ03"),
     "23088", "387322000",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata", "ch-term-api", "cfr-1308-12c", "nhsbsa-bnf-2020", "cms-partd-2011-2015")),
    ("papaveretum", "opioid", ("papaveret",),
     ("N02AA10",),
     "", "",
     ("whocc-atc", "atcd-2026", "nhsbsa-bnf-2020")),
    ("oxymorphone", "opioid", (),
     ("N02AA11",),
     "7814", "",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "cfr-1308-12")),
    ("codeine", "opioid", (),
     ("R05DA04", "N02AA59", "N02AA79", "N02AJ06", "N02AJ07", "N02AJ08", "N02AJ09"),
     "2670", "387494007",
     ("whocc-atc", "atcd-2026", "whocc-n02aj-2016", "cdc-mme-cf", "cdc-opioid-cds-vs",
      "ch-term-api")),
    # ---------------------------------------------------------------- N02AB phenylpiperidines
    ("ketobemidone", "opioid", (),
     ("N02AB01", "N02AG02"),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("pethidine", "opioid", ("meperidine",),
     ("N02AB02", "N02AB52", "N02AB72", "N02AG03"),
     "6754", "387298007",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata", "ch-term-api")),
    ("fentanyl", "opioid", (),
     ("N02AB03", "N01AH01", "N01AH51"),
     "4337", "373492002",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "cdc-opioid-cds-vs", "ch-term-api")),
    # ---------------------------------------------------------------- N02AC diphenylpropylamines
    ("dextromoramide", "opioid", (),
     ("N02AC01",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("piritramide", "opioid", (),
     ("N02AC03",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("dextropropoxyphene", "opioid", ("propoxyphene", "dextroprop"),
     ("N02AC04", "N02AC54", "N02AC74"),
     "8785", "",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata", "nhsbsa-bnf-2020")),
    ("bezitramide", "opioid", (),
     ("N02AC05",),
     "", "",
     ("whocc-atc", "atcd-2026", "cfr-1308-12c")),
    ("methadone", "opioid", (),
     ("N07BC02", "N02AC52"),
     "6813", "387286002",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "cdc-opioid-cds-vs", "ch-term-api", "dicom-cid")),
    # ---------------------------------------------------------------- N02AD benzomorphans
    ("pentazocine", "opioid", (),
     ("N02AD01", "N02AD51"),
     "8001", "",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata")),
    ("phenazocine", "opioid", (),
     ("N02AD02",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    # ---------------------------------------------------------------- N02AE oripavines
    ("buprenorphine", "opioid", ("buprenorph",),
     ("N02AE01", "N07BC01", "N07BC51"),
     "1819", "387173000",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata", "cdc-opioid-cds-vs", "ch-term-api", "nhsbsa-bnf-2020")),
    # ---------------------------------------------------------------- N02AF morphinans
    ("butorphanol", "opioid", (),
     ("N02AF01",),
     "1841", "",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata")),
    ("nalbuphine", "opioid", (),
     ("N02AF02",),
     "7238", "",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata")),
    # ---------------------------------------------------------------- N02AX other opioids
    ("tilidine", "opioid", ("tilidate",),
     ("N02AX01", "N02AX51"),
     "", "96186004",  # SNOMED: the concept seen is tilidine hydrochloride (substance)
     ("whocc-atc", "atcd-2026", "ch-term-api")),
    ("tramadol", "opioid", (),
     ("N02AX02", "N02AJ13", "N02AJ14", "N02AJ15", "N02AJ16", "N02AX52"),  # N02AX52 retired 2016
     "10689", "386858008",
     ("whocc-atc", "atcd-2026", "whocc-n02aj-2016", "cdc-mme-cf", "ch-term-api")),
    ("dezocine", "opioid", (),
     ("N02AX03",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("meptazinol", "opioid", (),
     ("N02AX05",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("tapentadol", "opioid", (),
     ("N02AX06",),
     "787390", "441757005",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "ch-term-api")),
    ("oliceridine", "opioid", (),
     ("N02AX07",),
     "", "",
     ("whocc-atc", "atcd-2026", "ahfs-oliceridine")),
    # ---------------------------------------------------------------- N02AJ hydrocodone / R05DA
    ("hydrocodone", "opioid", ("dihydrocodeinone",),
     ("R05DA03", "N02AJ22", "N02AJ23"),
     "5489", "372671002",
     ("whocc-atc", "atcd-2026", "cdc-mme-cf", "ch-term-api")),
    ("ethylmorphine", "opioid", (),
     ("R05DA01", "S01XA06"),
     "", "",
     ("whocc-atc", "atcd-2026", "cfr-1308-12")),
    ("normethadone", "opioid", (),
     ("R05DA06",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("pholcodine", "opioid", ("pholcod",),
     ("R05DA08",),
     "", "396486005",
     ("whocc-atc", "atcd-2026", "ch-term-api", "nhsbsa-bnf-2020")),
    ("thebacon", "opioid", ("acetyldihydrocodeinone",),
     ("R05DA10",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("acetyldihydrocodeine", "opioid", (),
     ("R05DA12",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    # codeine esters and metabolite under international control (no ATC code)
    ("nicocodine", "opioid", (),
     (),
     "", "",
     ("who-ecdd-codeine-2019",)),
    ("nicodicodine", "opioid", (),
     (),
     "", "",
     ("who-ecdd-codeine-2019",)),
    ("norcodeine", "opioid", (),
     (),
     "", "",
     ("who-ecdd-codeine-2019",)),
    # ---------------------------------------------------------------- N01AH opioid anaesthetics
    ("alfentanil", "opioid", (),
     ("N01AH02",),
     "480", "387560008",
     ("whocc-atc", "atcd-2026", "cdc-opioid-cds-vs", "ch-term-api", "dicom-cid")),
    ("sufentanil", "opioid", (),
     ("N01AH03",),
     "56795", "49998007",
     ("whocc-atc", "atcd-2026", "cdc-opioid-cds-vs", "ch-term-api", "dicom-cid")),
    ("phenoperidine", "opioid", (),
     ("N01AH04",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("anileridine", "opioid", (),
     ("N01AH05",),
     "", "",
     ("whocc-atc", "atcd-2026", "cfr-1308-12c")),
    ("remifentanil", "opioid", (),
     ("N01AH06",),
     "73032", "386839004",
     ("whocc-atc", "atcd-2026", "cdc-opioid-cds-vs", "ch-term-api", "dicom-cid")),
    # ---------------------------------------------------------------- N07BC opioid dependence
    ("levacetylmethadol", "opioid", ("levomethadyl", "levomethadyl acetate", "laam",
                                     "levo-alpha-acetylmethadol"),
     ("N07BC03",),
     "237005", "",
     ("whocc-atc", "atcd-2026", "cdc-omtkdata", "cfr-1308-12c")),
    ("levomethadone", "opioid", (),
     ("N07BC05",),
     "", "1156227003",
     ("whocc-atc", "atcd-2026", "ch-term-api")),
    ("diamorphine", "opioid", ("heroin", "diacetylmorphine", "diamorph"),
     ("N07BC06",),
     "3304", "387341002",
     ("whocc-atc", "atcd-2026", "cumulus-define-rx", "ch-term-api", "dicom-cid", "nhsbsa-bnf-2020")),
    # ---------------------------------------------------------------- A07DA antipropulsives
    ("diphenoxylate", "opioid", ("diphenox", "co-phenotrope"),
     ("A07DA01",),
     "", "",
     ("whocc-atc", "atcd-2026", "cfr-1308-12c", "nhsbsa-bnf-2020")),
    ("difenoxin", "opioid", (),
     ("A07DA04",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("loperamide", "peripheral-opioid", ("loperamide oxide",),
     ("A07DA03", "A07DA05", "A07DA53"),
     "", "387040009",
     ("whocc-atc", "atcd-2026", "ch-term-api", "fda-loperamide-2018")),
    ("eluxadoline", "peripheral-opioid", (),
     ("A07DA06",),
     "", "",
     ("whocc-atc", "atcd-2026", "ashp-eluxadoline")),
    ("trimebutine", "peripheral-opioid", (),
     ("A03AA05",),
     "", "",
     ("whocc-atc", "atcd-2026", "trimebutine-delvaux-1997")),
    ("difelikefalin", "peripheral-opioid", (),
     ("V03AX04",),
     "", "",
     ("whocc-atc", "atcd-2026", "ncats-difelikefalin")),
    # ---------------------------------------------------------------- opioids without ATC code
    ("levorphanol", "opioid", (),
     (),
     "6378", "",
     ("cdc-omtkdata", "cdc-mme-cf")),
    ("benzhydrocodone", "opioid", (),
     (),
     "", "",
     ("apadaz",)),
    ("dipipanone", "opioid", (),
     ("R06AE53",),  # cyclizine combinations: the code on the Diconal SmPC (see .md)
     "", "",
     ("emc-diconal", "atcd-2026")),
    ("dihydroetorphine", "opioid", (),
     (),
     "", "",
     ("cfr-1308-12",)),
    ("etorphine", "opioid", (),
     (),
     "", "",
     ("cfr-1308-12",)),
    ("carfentanil", "opioid", ("carfentanyl",),
     (),
     "", "",
     ("cfr-1308-12c",)),
    ("acetylfentanyl", "opioid", ("acetyl fentanyl",),
     (),
     "", "",
     ("dea-acetylfentanyl-2015",)),
    ("furanylfentanyl", "opioid", ("furanyl fentanyl",),
     (),
     "", "",
     ("dea-fentanyls-2018",)),
    ("acrylfentanyl", "opioid", ("acryl fentanyl", "acryloylfentanyl"),
     (),
     "", "",
     ("dea-fentanyls-2018",)),
    ("4-fluoroisobutyrylfentanyl", "opioid", ("4-fluoroisobutyryl fentanyl",
                                              "para-fluoroisobutyryl fentanyl"),
     (),
     "", "",
     ("dea-fentanyls-2018",)),
    ("tetrahydrofuranylfentanyl", "opioid", ("tetrahydrofuranyl fentanyl",),
     (),
     "", "",
     ("dea-fentanyls-2017a", "dea-fentanyls-2018")),
    ("ocfentanil", "opioid", (),
     (),
     "", "",
     ("dea-fentanyls-2017b", "dea-fentanyls-2018")),
    ("ortho-fluorofentanyl", "opioid", ("2-fluorofentanyl",),
     (),
     "", "",
     ("dea-fentanyls-2017a",)),
    ("methoxyacetylfentanyl", "opioid", ("methoxyacetyl fentanyl",),
     (),
     "", "",
     ("dea-fentanyls-2017a",)),
    ("valerylfentanyl", "opioid", ("valeryl fentanyl",),
     (),
     "", "",
     ("dea-fentanyls-2017b",)),
    ("isobutyrylfentanyl", "opioid", ("isobutyryl fentanyl",),
     (),
     "", "",
     ("dea-fentanyls-2017b",)),
    ("cyclopentylfentanyl", "opioid", ("cyclopentyl fentanyl",),
     (),
     "", "",
     ("dea-fentanyls-2017b",)),
    # nitazenes (2-benzylbenzimidazole opioids)
    ("isotonitazene", "opioid", (),
     (), "", "",
     ("unodc-nitazenes", "dpf-nitazenes", "acmd-nitazenes-2024")),
    ("etonitazene", "opioid", (),
     (), "", "",
     ("unodc-nitazenes", "dpf-nitazenes")),
    ("clonitazene", "opioid", (),
     (), "", "",
     ("unodc-nitazenes", "dpf-nitazenes")),
    ("metonitazene", "opioid", (),
     (), "", "",
     ("dpf-nitazenes", "dea-benzimidazole-2021", "dea-nitazenes-2022-news")),
    ("protonitazene", "opioid", (),
     (), "", "",
     ("dpf-nitazenes", "dea-benzimidazole-2021", "dea-nitazenes-2022-news")),
    ("butonitazene", "opioid", (),
     (), "", "",
     ("dpf-nitazenes", "dea-benzimidazole-2021", "dea-nitazenes-2022-news")),
    ("etonitazepyne", "opioid", ("n-pyrrolidino etonitazene", "n-pyrrolidino-etonitazene"),
     (), "", "",
     ("dpf-nitazenes", "dea-nitazenes-2022-news")),
    ("metodesnitazene", "opioid", (),
     (), "", "",
     ("unodc-nitazenes", "dea-benzimidazole-2021", "dea-nitazenes-2022-news")),
    ("etodesnitazene", "opioid", (),
     (), "", "",
     ("dea-benzimidazole-2021", "dea-nitazenes-2022-news")),
    ("flunitazene", "opioid", (),
     (), "", "",
     ("dea-benzimidazole-2021", "dea-nitazenes-2022-news")),
    ("n-desethyl isotonitazene", "opioid", ("n-desethylisotonitazene",),
     (), "", "",
     ("grok-ndesethyliso",)),
    # other new synthetic opioids
    ("brorphine", "opioid", (),
     (), "", "",
     ("dea-brorphine-2021", "acmd-nitazenes-2024", "zawilska-2023")),
    ("u-47700", "opioid", ("u47700",),
     (), "", "",
     ("dea-u47700-2016", "zawilska-2023")),
    ("ah-7921", "opioid", ("ah7921",),
     (), "", "",
     ("dea-ah7921", "zawilska-2023")),
    ("mt-45", "opioid", ("mt45",),
     (), "", "",
     ("zawilska-2023",)),
    ("desomorphine", "opioid", ("krokodil", "dihydrodesoxymorphine"),
     (), "", "",
     ("dea-desomorphine",)),
    # judgement calls (see substances.md)
    ("mitragynine", "opioid", ("kratom", "mitragyna speciosa"),
     (), "", "",
     ("fda-7oh-2025", "poisoning-opioids")),
    ("7-hydroxymitragynine", "opioid", ("7-oh-mitragynine",),
     (), "", "",
     ("fda-7oh-2025",)),
    ("tianeptine", "opioid", (),
     ("N06AX14",),
     "", "",
     ("whocc-atc", "atcd-2026", "fda-tianeptine")),
    ("nalorphine", "opioid", (),
     ("V03AB02",),
     "", "",
     ("whocc-atc", "atcd-2026", "dtb-1975-naloxone")),
    ("levallorphan", "opioid", (),
     (),
     "", "",
     ("dtb-1975-naloxone",)),
    # ---------------------------------------------------------------- systemic antagonists
    ("naltrexone", "antagonist", ("ldn",),
     ("N07BB04", "A08AA62", "N02AA56"),
     "7243", "373546002",
     ("whocc-atc", "atcd-2026", "cumulus-define-rx", "ch-term-api", "cfr-1308-12",
      "ldn-monograph")),
    ("nalmefene", "antagonist", (),
     ("N07BB05",),
     "", "109098006",
     ("whocc-atc", "atcd-2026", "ch-term-api", "cfr-1308-12")),
    ("samidorphan", "antagonist", (),
     ("N05AH53",),
     "", "",
     ("whocc-atc", "atcd-2026", "lybalvi-label", "cfr-1308-12")),
    # ---------------------------------------------------------------- neither
    ("naloxone", "neither", (),
     ("V03AB15", "A06AH04", "N02AA53", "N02AA55", "N02AD51", "N02AX51"),
     "7242", "372890007",
     ("whocc-atc", "atcd-2026", "cdc-opioid-cds-vs", "ch-term-api", "cfr-1308-12")),
    ("methylnaltrexone", "neither", (),
     ("A06AH01",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("alvimopan", "neither", (),
     ("A06AH02",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("naloxegol", "neither", (),
     ("A06AH03",),
     "", "",
     ("whocc-atc", "atcd-2026", "cfr-1308-12")),
    ("naldemedine", "neither", (),
     ("A06AH05",),
     "", "",
     ("whocc-atc", "atcd-2026", "cfr-1308-12")),
    ("dextromethorphan", "neither", (),
     ("R05DA09", "N06AX62", "N07XX59"),
     "", "387114001",
     ("whocc-atc", "atcd-2026", "ch-term-api", "poisoning-opioids", "cfr-1308-12")),
    ("dimemorfan", "neither", (),
     ("R05DA11",),
     "", "",
     ("whocc-atc", "atcd-2026")),
    ("noscapine", "neither", (),
     ("R05DA07",),
     "", "387437002",
     ("whocc-atc", "atcd-2026", "ch-term-api", "loinc-opiates", "cfr-1308-12")),
    ("papaverine", "neither", (),
     ("A03AD01", "G04BE02", "G04BE52"),
     "", "372784001",
     ("whocc-atc", "atcd-2026", "ch-term-api", "loinc-opiates", "cfr-1308-12")),
    ("apomorphine", "neither", (),
     ("N04BC07", "G04BE07"),
     "", "387375001",
     ("whocc-atc", "atcd-2026", "ch-term-api", "cfr-1308-12")),
    ("lofexidine", "neither", (),
     ("N07BC04",),
     "", "",
     ("whocc-atc", "atcd-2026", "lofexidine-lucemyra")),
    # ------------------------------------- other opioids under international control (no ATC code)
    # Listed so that an entry naming one blocks; none is marketed in NZ, AU, the UK or the US.
    ("acetorphine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("allylprodine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("alphacetylmethadol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("alphameprodine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("alphamethadol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("alphaprodine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("benzethidine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("benzylmorphine", "opioid", ('3-benzylmorphine',),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("betacetylmethadol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("betameprodine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("betamethadol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("betaprodine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("diampromide", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("diethylthiambutene", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("dihydromorphine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("dimepheptanol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("dimethylthiambutene", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("drotebanol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("ethylmethylthiambutene", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("metazocine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("methyldesorphine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("methyldihydromorphine", "opioid", ('6-methyldihydromorphine',),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("metopon", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("morpheridine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("myrophine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("noracymethadol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("norlevorphanol", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("normorphine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("norpipanone", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("phenadoxone", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("phenampromide", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("phenomorphan", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("piminodine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("proheptazine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("properidine", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("racemethorphan", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("racemoramide", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("racemorphan", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("dimenoxadol", "opioid", ('dimenoxadole',),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("dioxaphetyl butyrate", "opioid", (),
     (),
     "", "",
     ('uk-mda-1971-sch2',)),
    ("acetylmethadol", "opioid", ('methadyl acetate',),
     (),
     "", "",
     ('uk-mda-1971-sch2', 'un-1961-schedule-i-2013')),
    ("alpha-methylfentanyl", "opioid", ('alphamethylfentanyl',),
     (),
     "", "",
     ('un-1961-schedule-i-2013',)),
)
# fmt: on
