"""The opioid-free interval before the first dose (LDN-OPIOID-FREE): which opioids take the long one.

Short is the default (10 days) and is not listed. These tables name what takes the
long interval (14 days: methadone, buprenorphine in any form, and modified-release,
extended-release, prolonged-release, sustained-release or transdermal products) or
the depot interval (extended-release injectable or implanted buprenorphine).

* :data:`SUBSTANCES` rows: ``(substance name, interval class, source ids)``; the name
  is spelled as in :mod:`ldn._vocabulary.substances`.
* :data:`PRODUCTS` rows: ``(product name, interval class, source id)``; the name is
  spelled as in the brand rows of :mod:`ldn._vocabulary.brands_us`,
  :mod:`ldn._vocabulary.brands_uk` and :mod:`ldn._vocabulary.brands_nz_au`. A brand
  sold both as immediate and as extended release under one name (Nucynta, Opana,
  Ultram, Palladone, Zamadol) is not listed: its entry's own release words decide.
* :data:`WORDS` rows: ``(word or phrase, interval class, source ids)``; release and
  route words of dose forms as medication lists and code displays write them,
  lower case, hyphens written as spaces.
* :data:`DEPOT_WORDS` rows: ``(word or phrase, source ids)``; in an entry that names
  buprenorphine they mark a depot product.
* :data:`DEPOT_DAYS_SOURCE`: ``(source id, what the label says)`` about how long
  buprenorphine stays after the last depot injection; the figure of days is policy.

Sources: :data:`SOURCES`, ``id: (title, URL, licence or terms, date)``. Facts only; no
text is copied. Classes are the library's reading of the sources: the 14 days for
modified-release and transdermal products is a cautious reading of the naltrexone
labels, which name only methadone and buprenorphine.
"""

from __future__ import annotations

from typing import Final

# fmt: off
SOURCES: Final[dict[str, tuple[str, str, str, str]]] = {
    # --- naltrexone labels: the interval itself --------------------------------------------
    'nhsbsa-bnf-2020': ('NHSBSA BNF Code Information, release of 2020-02-05 (muschitiello/PrescRiptionsData @ 9ef67dd197): brands whose every presentation is modified release (M/R, SR, XL, P/R) or a transdermal patch', 'https://www.nhsbsa.nhs.uk/prescription-data/understanding-our-data/bnf-classification', 'NHSBSA data, Open Government Licence v3.0; facts only', 'release 2020-02-05; read 2026-12-04'),
    'dailymed-vivitrol': ('VIVITROL (naltrexone for extended-release injectable suspension) label, Alkermes, DailyMed setid cd11c435, section 5.3 Precipitation of Opioid Withdrawal: 7-10 days opioid-free after short-acting opioids; after buprenorphine or methadone, vulnerable to precipitated withdrawal for as long as two weeks (read in the label quotation at drugwarfacts.org/node/3906)', 'https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=cd11c435-b0f0-4bb9-ae78-60f101f3703f', 'US federal government work (FDA/NLM), public domain; facts only', 'seen 2026-12-03'),
    # --- RxNorm display names in CDC value sets (read at the pinned commit) -----------------
    'cdc-vs-er-2022': ('CDC Opioid Prescribing Support IG value set "Extended-release opioids with ambulatory misuse potential (archived 2022 expansion)" (RxNorm display names), cqframework/opioid-cds-r4 @ b29bdcbf6d', 'https://github.com/cqframework/opioid-cds-r4/blob/b29bdcbf6db6f3de26486dbc3820572ee9a78b89/archive/input/vocabulary/valueset/archive/valueset-extended-release-opioid-with-ambulatory-misuse-potential.json', 'Value set (c) CDC 2016+; RxNorm names from NLM (RxNorm, public NLM data, cite NLM as source); facts only', 'expansion 2022-05-09; read 2026-12-03'),
    'cdc-vs-analgesics-2022': ('CDC Opioid Prescribing Support IG value set "Opioid analgesics with ambulatory misuse potential (archived 2022 expansion)" (RxNorm display names: Avinza, Ryzolt, Xartemis as 12 or 24 HR Extended Release Oral forms), cqframework/opioid-cds-r4 @ b29bdcbf6d', 'https://github.com/cqframework/opioid-cds-r4/blob/b29bdcbf6db6f3de26486dbc3820572ee9a78b89/archive/input/vocabulary/valueset/archive/valueset-opioid-analgesics-with-ambulatory-misuse-potential.json', 'Value set (c) CDC 2016+; RxNorm names from NLM (RxNorm, public NLM data, cite NLM as source); facts only', 'expansion 2022-05-09; read 2026-12-03'),
    'cdc-vs-naloxone-2022': ('CDC Opioid Prescribing Support IG value set "Naloxone medications (archived 2022 expansion)" (RxNorm display names: Targiniq as 12 HR Extended Release Oral Tablet), cqframework/opioid-cds-r4 @ b29bdcbf6d', 'https://github.com/cqframework/opioid-cds-r4/blob/b29bdcbf6db6f3de26486dbc3820572ee9a78b89/archive/input/vocabulary/valueset/archive/valueset-naloxone-medications.json', 'Value set (c) CDC 2016+; RxNorm names from NLM (RxNorm, public NLM data, cite NLM as source); facts only', 'expansion 2022-05-09; read 2026-12-03'),
    'cdc-vs-nonsynthetic': ('CDC Opioid Prescribing Support IG value set "Non-synthetic opioid medications" (RxNorm display names: Tuxarin 12 HR Extended Release Oral Tablet, Tuzistra 12 HR Extended Release Suspension), cqframework/opioid-cds-r4 @ b29bdcbf6d', 'https://github.com/cqframework/opioid-cds-r4/blob/b29bdcbf6db6f3de26486dbc3820572ee9a78b89/input/vocabulary/valueset/non-synthetic-opioid-medications.json', 'Value set (c) CDC 2016+; RxNorm names from NLM (RxNorm, public NLM data, cite NLM as source); facts only', 'expansion 2025-02-24; read 2026-12-03'),
    'cdc-vs-bup': ('CDC Opioid Prescribing Support IG value set "Buprenorphine medications" (RxNorm display names: Sublocade and Brixadi as Prefilled Syringe, Probuphine as Drug Implant), cqframework/opioid-cds-r4 @ b29bdcbf6d', 'https://github.com/cqframework/opioid-cds-r4/blob/b29bdcbf6db6f3de26486dbc3820572ee9a78b89/input/vocabulary/valueset/buprenorphine-medications.json', 'Value set (c) CDC 2016+; RxNorm names from NLM (RxNorm, public NLM data, cite NLM as source); facts only', 'expansion 2025-02-24; read 2026-12-03'),
    # --- US labels ------------------------------------------------------------------------------
    'dailymed-oxycontin': ('OXYCONTIN (oxycodone HCl) extended-release tablets label, Purdue Pharma, DailyMed setid bfdfe235', 'https://dailymed.nlm.nih.gov/dailymed/fda/fdaDrugXsl.cfm?setid=bfdfe235-d717-4855-a3c8-a13d26dadede', 'US federal government work (FDA/NLM), public domain; facts only', 'seen 2026-11'),
    'dailymed-xtampza': ('XTAMPZA ER (oxycodone) extended-release capsules label, Collegium, DailyMed (rxcui 1791569)', 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?searchdb=rxcui&query=1791569', 'US federal government work (FDA/NLM), public domain; facts only', 'label updated 2023-12-20'),
    'dailymed-zohydro': ('ZOHYDRO ER (hydrocodone bitartrate) extended-release capsules label, Zogenix, DailyMed setid 6ccfbd98', 'https://dailymed.nlm.nih.gov/dailymed/fda/fdaDrugXsl.cfm?setid=6ccfbd98-7750-4955-a654-ec104fb666f9&type=display', 'US federal government work (FDA/NLM), public domain; facts only', 'seen 2026-11'),
    'fda-rems-history': ('FDA: Historical Information on REMS for Opioid Analgesics (extended-release and long-acting opioid REMS; 2012 approval letters: Nucynta ER, Opana ER, MS Contin, ...)', 'https://fda.gov/Drugs/DrugSafety/InformationbyDrugClass/ucm305245.htm', 'US federal government work (FDA/NLM), public domain; facts only', 'seen 2026-11'),
    'dailymed-sublocade': ('SUBLOCADE (buprenorphine extended-release) injection, for subcutaneous use, label, Indivior, DailyMed setid 6189fb21 (given monthly by subcutaneous injection; apparent terminal plasma half-life 43 to 60 days, read in the Drugs.com answer "How long does Sublocade last?" of 2023-03-20, which cites the package insert)', 'https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=6189fb21-9432-45f8-8481-0bfaf3ccde95', 'US federal government work (FDA/NLM), public domain; facts only', 'label updated 2023-12-18; seen 2026-12-03'),
    'spinejoint-laib': ('Spine and Joint Pain Center: long-acting injectable buprenorphine for Suboxone tapering (Sublocade and Brixadi as extended-release injections)', 'https://www.spinejointnj.com/injectable-buprenorphine-suboxone-tapering', 'clinic web page; facts only; weak', 'seen 2026-12-03'),
    # --- UK -------------------------------------------------------------------------------------
    'medscape-morphine-mr12': ('Medscape UK: morphine sulfate oral 12 hour modified release (drugs list: MST Continus tablets, Zomorph modified release capsules, Morphgesic SR tablets)', 'https://www.medscape.co.uk/drug/morphine-sulfate-oral-12-hour-modified-release-5793-5793', 'Medscape UK; facts only', 'updated 2023-02-02; seen 2026-12-03'),
    'surrey-pad-morphine': ('Surrey Prescribing Advisory Database: morphine sulfate (slow-release capsules, granules and tablets; MST and Zomorph as 12-hourly modified-release brands; MXL the only 24-hour brand)', 'https://surreyccg.res-systems.net/PADFormularyV1/Profile/Index/6197', 'NHS area formulary; facts only', 'committee note 2019-08-07; seen 2026-12-03'),
    'ggc-oxypro': ('NHS GGC Medicines Update: Oxypro preferred brand of modified-release oxycodone tablets', 'https://ggcmedicines.org.uk/blog/medicines-update/oxypro-preferred-brand-of-oxycodone-mr/', 'NHS board; facts only', 'published 2019-11-22; seen 2026-12-03'),
    'nhs-oxycodone': ('NHS website: About oxycodone (slow-release tablets release over 12 or 24 hours)', 'https://www.nhs.uk/medicines/oxycodone/about-oxycodone/', 'NHS website, OGL v3.0; facts only', 'seen 2026-12-03'),
    'emc-mst-pil': ('MST Continus 5-200 mg prolonged release tablets PIL (Napp), emc', 'https://medicines.org.uk/emc/product/1014/xpil/print', 'emc; MAH text; facts only', 'PIL updated 2024-07-16; seen 2026-11-25'),
    'dcuk-longtec': ('Longtec 5-120 mg prolonged release tablets UK leaflet, drugs.com/uk', 'https://www.drugs.com/uk/longtec-5-mg-prolonged-release-tablets-leaflet.html', 'mirror of MAH leaflet; facts only', 'seen 2026-11-25'),
    'emc-targinact-pil': ('Targinact prolonged-release tablets PIL (Napp), emc', 'https://medicines.org.uk/emc/product/7709/xpil/print', 'emc; MAH text; facts only', 'PIL updated 2024-06-18; seen 2026-11-25'),
    'emc-dhc-pil': ('DHC Continus 60/90/120 mg prolonged-release tablets PIL (Napp), emc', 'https://www.medicines.org.uk/emc/product/7647/pil', 'emc; MAH text; facts only', 'seen 2026-11-25'),
    'emc-zydolsr': ('Zydol SR 100/150/200 mg prolonged release tablets PIL (Grunenthal), emc', 'https://medicines.org.uk/emc/product/95/pil', 'emc; MAH text; facts only', 'seen 2026-11-25'),
    'dcuk-zydolxl': ('Zydol XL 150-400 mg prolonged-release tablets leaflet, drugs.com/uk', 'https://www.drugs.com/uk/zydol-xl-400-mg-prolonged-release-tablets-leaflet.html', 'mirror of MAH leaflet; facts only', 'seen 2026-11-25'),
    'pinfo-palexiasr': ('Palexia SR 50-250 mg prolonged-release tablets leaflet, patient-info.co.uk', 'https://patient-info.co.uk/palexia-sr-250-mg-prolonged-release-tablets-97258/patient-leaflet', 'mirror of MAH leaflet; facts only', 'seen 2026-11-25'),
    'emc-butrans-pil': ('BuTrans 5/10/15/20 microgram/hour transdermal patch PIL (Napp), emc', 'https://medicines.org.uk/emc/product/2008/pil', 'emc; MAH text; facts only', 'seen 2026-11-25'),
    'rxr-butec': ('Butec transdermal patch SmPC (MHRA GB, Qdem), rxreasoner', 'https://www.rxreasoner.com/monographs/butec', 'mirror of SmPC; facts only', 'revision 2021; seen 2026-11-25'),
    'ggc-sevodyne': ('NHS GGC: Sevodyne preferred 7-day buprenorphine transdermal patch', 'https://ggcmedicines.org.uk/blog/medicines-update/sevodyne-is-now-nhsggc-preferred-brand-of-buprenorphine-7-day-transdermal-patches/', 'NHS board; facts only', 'published 2021-10-04; seen 2026-11-25'),
    'medscape-bup7d': ('Medscape UK: buprenorphine transdermal patch 7 day release (drugs list)', 'https://www.medscape.co.uk/drug/buprenorphine-transdermal-patch-7-day-release-70282-70282', 'Medscape UK; facts only', 'updated 2023-02-02; seen 2026-11-25'),
    'emc-transtec-smpc': ('Transtec 35 micrograms/h transdermal patch SmPC (Grunenthal), emc', 'https://medicines.org.uk/emc/product/14559/smpc', 'emc; MAH text; facts only', 'updated 2024-11-22; seen 2026-11-25'),
    'dcuk-hapoctasin': ('Hapoctasin 35/52.5/70 microgram/h transdermal patches leaflet, drugs.com/uk', 'https://www.drugs.com/uk/hapoctasin-35-microgram-h-transdermal-patches-leaflet.html', 'mirror of MAH leaflet; facts only', 'seen 2026-11-25'),
    'medscape-bup34': ('Medscape UK: buprenorphine transdermal patch 3 and 4 day release (drugs list)', 'https://www.medscape.co.uk/drug/buprenorphine-transdermal-patch-3-and-4-day-release-71061-71061', 'Medscape UK; facts only', 'updated 2023-02-02; seen 2026-11-25'),
    'nice-es19-buvidal': ('NICE ES19 buprenorphine prolonged-release injection (Buvidal)', 'https://www.nice.org.uk/advice/es19/chapter/key-messages', 'NICE; facts only', 'content Feb 2019; seen 2026-11-25'),
    'emc-buvidal-smpc': ('Buvidal 64 mg prolonged-release solution for injection SmPC (Camurus), emc', 'https://www.medicines.org.uk/emc/product/9706/smpc/print', 'emc; MAH text; facts only', 'seen 2026-12-03'),
    'clincalc-fent': ('ClinCalc Pro UK monograph: fentanyl transdermal patch (brand names Durogesic DTrans, Matrifen, Fencino, Mezolar)', 'https://clincalcpro.com/drugs/general-medicine/fentanyl_patch_gm/', 'third-party monograph; facts only', 'seen 2026-11-25'),
    'smc-durogesic': ('SMC 189/05 transdermal fentanyl (Durogesic D Trans)', 'https://scottishmedicines.org.uk/medicines-advice/transdermal-fentanyl-durogesic-d-trans-patches-fullsubmission-18905', 'SMC; facts only', 'published 2005-08-07; seen 2026-11-25'),
    'medscape-fentTD': ('Medscape UK: fentanyl transdermal (drugs list)', 'https://www.medscape.co.uk/drug/fentanyl-transdermal-68921-68921', 'Medscape UK; facts only', 'updated 2023-02-02; seen 2026-11-25'),
    'bnf-scan-fent': ('BNF print page (fentanyl patches: Opiodur, Osmanil, Victanyl, Yemex), unofficial transcription', 'https://mawadealmaousoaa.blogspot.com/2023/02/opiodur-rx-farma-fentanyl-12-microgram.html', 'BNF content on an unofficial host; facts only; weak', 'seen 2026-11-25'),
    # --- Australia and New Zealand ----------------------------------------------------------
    'nzherald-sr-morphine': ('NZ Herald comment (P Moodie, Pharmac): long-acting morphine brands approved in NZ: MST, m-Eslon, Kapanol, LA-Morph', 'https://nzherald.co.nz/nz/ipeter-moodiei-pharmac-drug-decisions-based-on-price-and-quality/JCIVBMWJ7PLOGEO5INYZRACRQY', 'news article; facts only', 'seen 2026-11-25'),
    'nzmj-meslon': ('NZMJ letter Vol 133 No 1511: Pharmaceutical opioid changes (m-Eslon capsules sole funded SR morphine; Arrow Morphine LA delisted)', 'https://nzmj.org.nz/journal/vol-133-no-1511/pharmaceutical-opioid-changes-risk-overdose-increase-in-new-zealand', 'journal content; facts only', '2020'),
    'nps-ms-contin': ('MS Contin modified release tablets CMI, NPS MedicineWise', 'https://www.nps.org.au/medicine-finder/ms-contin-modified-release-tablets', 'sponsor CMI via NPS; facts only', 'seen 2026-11-25'),
    'nps-ms-mono': ('MS Mono modified release capsules CMI, NPS MedicineWise', 'https://www.nps.org.au/medical-info/medicine-finder/ms-mono-modified-release-capsules', 'sponsor CMI via NPS; facts only', 'seen 2026-11-25'),
    'gazette-targin-nz': ('NZ Gazette 2009-go5443: Consent to distribute Targin (oxycodone HCl / naloxone HCl modified release tablets), Mundipharma NZ', 'https://gazette.govt.nz/notice/id/2009-go5443', 'Crown copyright; facts only', '2009'),
    'pharmac-oxycodone-notice': ('Pharmac medicine notice: Oxycodone hydrochloride controlled-release tablets supply issue (Oxycodone Sandoz CR 5/10/20 mg; OxyContin S29)', 'https://pharmac.govt.nz/medicine-funding-and-supply/medicine-notices/oxycodone/', 'Crown copyright (Pharmac); facts only', '2023-11-22'),
    'nps-radar-jurnista': ('NPS RADAR: Hydromorphone prolonged-release tablets (Jurnista), PBS 1 May 2009', 'https://www.nps.org.au/radar/articles/hydromorphone-prolonged-release-tablets-jurnista-for-chronic-severe-disabling-pain', 'NPS MedicineWise content; facts only', 'seen 2026-11-25'),
    'nps-radar-denpax': ('NPS RADAR: Generic brand of fentanyl patches (Denpax) PBS listed 1 Aug 2011; existing brand Durogesic', 'https://www.nps.org.au/radar/articles/generic-brand-of-fentanyl-patches-denpax-pbs-listed', 'NPS MedicineWise content; facts only', 'seen 2026-11-25'),
    'pharmac-su-2011-01': ('Pharmac Schedule Update effective 1 January 2011 (Fentanyl (Mylan Fentanyl Patch) transdermal), vdocuments copy', 'https://vdocuments.site/effective-1-january-2011-home-pharmac-effective-1-january-2011-section-h-cumulative.html', 'Crown copyright (Pharmac) via third-party mirror; facts only', '2011-01-01'),
    'nps-norspan': ('Norspan Transdermal Drug Delivery System CMI, NPS MedicineWise', 'https://www.nps.org.au/medicine-finder/norspan-40-transdermal-patch', 'sponsor CMI via NPS; facts only', 'seen 2026-11-25'),
    'doczz-tramal-nz': ('DATA SHEET Tramal capsules, solution for injection, Tramal SR tablets, Tramal oral drops (tramadol HCl), doczz copy (NZ data-sheet format)', 'https://deploy.doczz.net/doc/6471286/data-sheet-tramal-capsules-solution-for-injection', 'data sheet via third-party mirror; NZ origin inferred from format; facts only', 'seen 2026-11-25'),
    'nps-zydol-sr': ('Zydol SR twice daily sustained release tablets CMI, NPS MedicineWise', 'https://www.nps.org.au/medical-info/medicine-finder/zydol-sr-twice-daily-sustained-release-tablets', 'sponsor CMI via NPS; facts only', 'seen 2026-11-25'),
    'nps-durotram': ('Durotram XR once daily sustained release tablets CMI, NPS MedicineWise', 'https://www.nps.org.au/medical-info/medicine-finder/durotram-xr-once-daily-sustained-release-tablets', 'sponsor CMI via NPS; facts only', 'seen 2026-11-25'),
    'nps-tramedo-sr': ('Tramedo SR twice daily sustained release tablets CMI, NPS MedicineWise (older site path)', 'http://www.nps.org.au/medicines/pain-relief/opioid-pain-relievers/tramadol-hydrochloride/tramedo-sr-twice-daily-sustained-release-tablets', 'sponsor CMI via NPS; facts only', 'seen 2026-11-25'),
    'nsw-depot-bup': ('NSW Health: Depot buprenorphine (Buvidal and Sublocade, PBS s100)', 'http://www.health.nsw.gov.au/aod/Pages/depot-buprenorphine.aspx', 'NSW Government content; facts only', '2023-10-17'),
}

SUBSTANCES: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    ('methadone', 'long', ('dailymed-vivitrol',)),
    ('buprenorphine', 'long', ('dailymed-vivitrol',)),
)

PRODUCTS: Final[tuple[tuple[str, str, str], ...]] = (
    # --- United States ----------------------------------------------------------------------
    ('OxyContin', 'long', 'dailymed-oxycontin'),
    ('Xtampza ER', 'long', 'dailymed-xtampza'),
    ('Xtampza', 'long', 'cdc-vs-er-2022'),
    ('Xartemis', 'long', 'cdc-vs-analgesics-2022'),
    ('Targiniq', 'long', 'cdc-vs-naloxone-2022'),
    ('Troxyca', 'long', 'cdc-vs-er-2022'),
    ('Hysingla ER', 'long', 'cdc-vs-er-2022'),
    ('Hysingla', 'long', 'cdc-vs-er-2022'),
    ('Zohydro ER', 'long', 'dailymed-zohydro'),
    ('Zohydro', 'long', 'cdc-vs-er-2022'),
    ('Exalgo', 'long', 'cdc-vs-er-2022'),
    ('Opana ER', 'long', 'fda-rems-history'),
    ('MS Contin', 'long', 'cdc-vs-er-2022'),
    ('Kadian', 'long', 'cdc-vs-er-2022'),
    ('Avinza', 'long', 'cdc-vs-analgesics-2022'),
    ('Morphabond', 'long', 'cdc-vs-er-2022'),
    ('Arymo ER', 'long', 'cdc-vs-er-2022'),
    ('Arymo', 'long', 'cdc-vs-er-2022'),
    ('Embeda', 'long', 'cdc-vs-er-2022'),
    ('Nucynta ER', 'long', 'cdc-vs-er-2022'),
    ('ConZip', 'long', 'cdc-vs-er-2022'),
    ('Ryzolt', 'long', 'cdc-vs-analgesics-2022'),
    ('Tuxarin', 'long', 'cdc-vs-nonsynthetic'),
    ('Tuzistra', 'long', 'cdc-vs-nonsynthetic'),
    ('Duragesic', 'long', 'cdc-vs-er-2022'),
    ('Ionsys', 'long', 'cdc-vs-er-2022'),
    ('Butrans', 'long', 'cdc-vs-er-2022'),
    ('Sublocade', 'depot', 'dailymed-sublocade'),
    ('Brixadi', 'depot', 'spinejoint-laib'),
    ('Probuphine', 'depot', 'cdc-vs-bup'),
    # --- United Kingdom ---------------------------------------------------------------------
    ('Zomorph', 'long', 'medscape-morphine-mr12'),
    ('MST Continus', 'long', 'emc-mst-pil'),
    ('MST', 'long', 'surrey-pad-morphine'),
    ('MXL', 'long', 'surrey-pad-morphine'),
    ('Morphgesic SR', 'long', 'medscape-morphine-mr12'),
    ('Longtec', 'long', 'dcuk-longtec'),
    ('Oxypro', 'long', 'ggc-oxypro'),
    ('Targinact', 'long', 'emc-targinact-pil'),
    ('DHC Continus', 'long', 'emc-dhc-pil'),
    ('Zydol SR', 'long', 'emc-zydolsr'),
    ('Zydol XL', 'long', 'dcuk-zydolxl'),
    ('Palexia SR', 'long', 'pinfo-palexiasr'),
    ('BuTrans', 'long', 'emc-butrans-pil'),
    ('Butec', 'long', 'rxr-butec'),
    ('Sevodyne', 'long', 'ggc-sevodyne'),
    ('Reletrans', 'long', 'medscape-bup7d'),
    ('Bunov', 'long', 'medscape-bup7d'),
    ('Bupramyl', 'long', 'medscape-bup7d'),
    ('Panitaz', 'long', 'medscape-bup7d'),
    ('Rebrikel', 'long', 'medscape-bup7d'),
    ('Transtec', 'long', 'emc-transtec-smpc'),
    ('Hapoctasin', 'long', 'dcuk-hapoctasin'),
    ('Bupeaze', 'long', 'medscape-bup34'),
    ('Carlosafine', 'long', 'medscape-bup34'),
    ('Relevtec', 'long', 'medscape-bup34'),
    ('Buvidal', 'depot', 'nice-es19-buvidal'),
    ('Durogesic DTrans', 'long', 'clincalc-fent'),
    ('Durogesic', 'long', 'smc-durogesic'),
    ('Matrifen', 'long', 'clincalc-fent'),
    ('Fencino', 'long', 'clincalc-fent'),
    ('Mezolar Matrix', 'long', 'clincalc-fent'),
    ('Opiodur', 'long', 'medscape-fentTD'),
    ('Victanyl', 'long', 'medscape-fentTD'),
    ('Yemex', 'long', 'medscape-fentTD'),
    ('Osmanil', 'long', 'bnf-scan-fent'),
    # every BNF presentation of these brands is modified release or transdermal
    ('Abtard', 'long', 'nhsbsa-bnf-2020'),
    ('Aceon', 'long', 'nhsbsa-bnf-2020'),
    ('Brimisol PR', 'long', 'nhsbsa-bnf-2020'),
    ('Buplast', 'long', 'nhsbsa-bnf-2020'),
    ('Busiete', 'long', 'nhsbsa-bnf-2020'),
    ('Candox', 'long', 'nhsbsa-bnf-2020'),
    ('Carexil', 'long', 'nhsbsa-bnf-2020'),
    ('Dolocodon PR', 'long', 'nhsbsa-bnf-2020'),
    ('Dromadol SR', 'long', 'nhsbsa-bnf-2020'),
    ('Dromadol XL', 'long', 'nhsbsa-bnf-2020'),
    ('Fentalis Reservoir', 'long', 'nhsbsa-bnf-2020'),
    ('Ixyldone', 'long', 'nhsbsa-bnf-2020'),
    ('Leveraxo', 'long', 'nhsbsa-bnf-2020'),
    ('Morcap SR', 'long', 'nhsbsa-bnf-2020'),
    ('Mylafent', 'long', 'nhsbsa-bnf-2020'),
    ('Onexila XL', 'long', 'nhsbsa-bnf-2020'),
    ('Osmach', 'long', 'nhsbsa-bnf-2020'),
    ('Oxeltra', 'long', 'nhsbsa-bnf-2020'),
    ('Oxylan', 'long', 'nhsbsa-bnf-2020'),
    ('Prenotrix', 'long', 'nhsbsa-bnf-2020'),
    ('Renocontin', 'long', 'nhsbsa-bnf-2020'),
    ('Rhotard', 'long', 'nhsbsa-bnf-2020'),
    ('Tilofyl', 'long', 'nhsbsa-bnf-2020'),
    ('Turgeon', 'long', 'nhsbsa-bnf-2020'),
    # --- Australia and New Zealand ----------------------------------------------------------
    ('Kapanol', 'long', 'nzherald-sr-morphine'),
    ('LA-Morph', 'long', 'nzherald-sr-morphine'),
    ('m-Eslon', 'long', 'nzmj-meslon'),
    ('Arrow-Morphine LA', 'long', 'nzmj-meslon'),
    ('MS Mono', 'long', 'nps-ms-mono'),
    ('Targin', 'long', 'gazette-targin-nz'),
    ('Jurnista', 'long', 'nps-radar-jurnista'),
    ('Denpax', 'long', 'nps-radar-denpax'),
    ('Mylan Fentanyl Patch', 'long', 'pharmac-su-2011-01'),
    ('Norspan', 'long', 'nps-norspan'),
    ('Tramal SR', 'long', 'doczz-tramal-nz'),
    ('Durotram XR', 'long', 'nps-durotram'),
    ('Tramedo SR', 'long', 'nps-tramedo-sr'),
    ('Buvidal Weekly', 'depot', 'nsw-depot-bup'),
    ('Buvidal Monthly', 'depot', 'nsw-depot-bup'),
)

WORDS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    # RxNorm dose forms and release durations (display names)
    ('extended release', 'long', ('cdc-vs-er-2022',)),
    ('extended release oral tablet', 'long', ('cdc-vs-er-2022',)),
    ('extended release oral capsule', 'long', ('cdc-vs-er-2022',)),
    ('extended release suspension', 'long', ('cdc-vs-nonsynthetic',)),
    ('transdermal system', 'long', ('cdc-vs-er-2022',)),
    ('transdermal', 'long', ('cdc-vs-er-2022', 'emc-butrans-pil')),
    ('12 hr', 'long', ('cdc-vs-er-2022',)),
    ('24 hr', 'long', ('cdc-vs-er-2022',)),
    ('72 hr', 'long', ('cdc-vs-er-2022',)),
    ('168 hr', 'long', ('cdc-vs-er-2022',)),
    # EU/UK product names and dose-form terms (SmPC and leaflet titles)
    ('prolonged release', 'long', ('emc-mst-pil', 'dcuk-longtec')),
    ('prolonged release tablets', 'long', ('emc-mst-pil', 'emc-targinact-pil')),
    ('modified release', 'long', ('medscape-morphine-mr12', 'nps-ms-contin')),
    ('modified release tablets', 'long', ('nps-ms-contin', 'gazette-targin-nz')),
    ('modified release capsules', 'long', ('medscape-morphine-mr12', 'nps-ms-mono')),
    ('12 hour modified release', 'long', ('medscape-morphine-mr12',)),
    ('12 hour', 'long', ('medscape-morphine-mr12',)),
    ('24 hour', 'long', ('surrey-pad-morphine',)),
    ('slow release', 'long', ('nhs-oxycodone', 'surrey-pad-morphine')),
    ('sustained release', 'long', ('nps-zydol-sr', 'nps-durotram')),
    ('sustained release tablets', 'long', ('nps-zydol-sr', 'nps-tramedo-sr')),
    ('controlled release', 'long', ('pharmac-oxycodone-notice',)),
    ('long acting', 'long', ('nzherald-sr-morphine', 'fda-rems-history')),
    ('transdermal patch', 'long', ('emc-butrans-pil', 'emc-transtec-smpc')),
    ('transdermal patches', 'long', ('dcuk-hapoctasin', 'ggc-sevodyne')),
    ('transdermal drug delivery system', 'long', ('nps-norspan',)),
    ('patch', 'long', ('pharmac-su-2011-01', 'medscape-bup7d')),
    ('patches', 'long', ('nps-radar-denpax',)),
    # abbreviations in product names
    ('er', 'long', ('dailymed-xtampza', 'dailymed-zohydro')),
    ('xr', 'long', ('nps-durotram',)),
    ('sr', 'long', ('emc-zydolsr', 'nps-tramedo-sr')),
    ('cr', 'long', ('pharmac-oxycodone-notice',)),
    ('mr', 'long', ('ggc-oxypro',)),
    ('xl', 'long', ('dcuk-zydolxl',)),
    ('la', 'long', ('nzmj-meslon',)),
    ('contin', 'long', ('cdc-vs-er-2022', 'nps-ms-contin')),
    ('continus', 'long', ('emc-mst-pil', 'emc-dhc-pil')),
)

DEPOT_WORDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ('depot', ('nsw-depot-bup',)),
    ('implant', ('cdc-vs-bup',)),
    ('drug implant', ('cdc-vs-bup',)),
    ('extended release injection', ('dailymed-sublocade', 'spinejoint-laib')),
    ('prolonged release injection', ('nice-es19-buvidal',)),
    ('prolonged release solution for injection', ('emc-buvidal-smpc',)),
    ('subcutaneous', ('dailymed-sublocade',)),
    ('prefilled syringe', ('cdc-vs-bup',)),
)

DEPOT_DAYS_SOURCE: Final[tuple[str, str]] = (
    'dailymed-sublocade',
    'After a subcutaneous Sublocade injection the apparent terminal plasma half-life of '
    'buprenorphine is 43 to 60 days, because the depot releases it slowly, so levels '
    'decline over months after the last injection.',
)
# fmt: on
