"""The monograph's sources and rules as rows of data: no logic here. Private.

:data:`~ldn.REFERENCES` and :data:`~ldn.RULES` are built from these rows in
``_rules.py``, which checks each row as it builds it (a rule cites only known
sources and names only known policy figures). Rule ids and reference kinds are
given as their text.
"""

from __future__ import annotations

from typing import Final, Required, TypedDict

__all__ = ["REFERENCE_ROWS", "RULE_ROWS", "ReferenceRow", "RuleRow"]


class ReferenceRow(TypedDict, total=False):
    """The fields of one :class:`~ldn.Reference`."""

    id: Required[str]
    title: Required[str]
    kind: Required[str]
    citation: str
    url: str
    doi: str
    pmid: str


class RuleRow(TypedDict, total=False):
    """The fields of one :class:`~ldn.Rule`."""

    id: Required[str]
    title: Required[str]
    section: Required[str]
    statement: Required[str]
    figures: tuple[str, ...]
    informational: bool
    references: tuple[str, ...]


#: The sources the monograph names: itself, its two external links and its two references.
#: Which rule cites which source (``references`` of a rule) is the library's choice: the
#: monograph lists its sources at the end, not per section.
REFERENCE_ROWS: Final[tuple[ReferenceRow, ...]] = (
    ReferenceRow(
        id="monograph",
        title="Low dose naltrexone (the monograph this library encodes)",
        kind="monograph",
    ),
    ReferenceRow(
        id="racgp-2023",
        title="Low-dose naltrexone in the treatment of fibromyalgia: a systematic review and "
        "narrative synthesis",
        kind="review",
        # Citation as listed in nzdoctor.co.nz/node/29498, reference 2.
        citation="Aitcheson N, Lin Z, Tynan K. Aust J Gen Pract 2023;52(4):189-95",
        url="https://www1.racgp.org.au/ajgp/2023/april/low-dose-naltrexone-in-the-treatment-of-fibromyalg",
    ),
    ReferenceRow(
        id="nz-medinfo-liquid-2023",
        title="Naltrexone oral liquid formula",
        kind="medicines information",
        citation="medicinesinformation.co.nz, 5 July 2023",
        url="https://www.medicinesinformation.co.nz/2023/07/05/naltrexone-oral-liquid-formula/?pos=naltrexone",
    ),
    ReferenceRow(
        id="patten-2018",
        title="The Safety and Efficacy of Low-Dose Naltrexone in the Management of Chronic Pain and "
        "Inflammation in Multiple Sclerosis, Fibromyalgia, Crohn's Disease, and Other Chronic "
        "Pain Disorders",
        kind="review",
        citation="Patten et al. Pharmacotherapy 2018;38:382-389",
        pmid="29377216",
    ),
    ReferenceRow(
        id="bruun-2024",
        title="Naltrexone 6 mg once daily versus placebo in women with fibromyalgia: a randomised, "
        "double-blind, placebo-controlled trial",
        kind="trial",
        citation="Due Bruun K et al. The Lancet Rheumatology 2024;6(1):e31-e39",
        doi="10.1016/S2665-9913(23)00278-3",
    ),
    # The sources below are not the monograph's: they back the rules the library adds
    # from clinical-notes.md (LDN-OPIOID-FREE). Each was read at the address given.
    ReferenceRow(
        id="revia-label",
        title="REVIA (naltrexone hydrochloride tablets USP) 50 mg: prescribing information",
        kind="product label",
        citation="Duramed Pharmaceuticals; DailyMed archive 48058, issued February 2009",
        url="https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=48058",
    ),
    ReferenceRow(
        id="vivitrol-label",
        title="VIVITROL (naltrexone for extended-release injectable suspension): prescribing "
        "information, 5.3 Precipitation of Opioid Withdrawal",
        kind="product label",
        citation="Alkermes; DailyMed set id cd11c435-b0f0-4bb9-ae78-60f101f3703f",
        url="https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=cd11c435-b0f0-4bb9-ae78-60f101f3703f",
    ),
    ReferenceRow(
        id="sublocade-label",
        title="SUBLOCADE (buprenorphine extended-release) injection: prescribing information, "
        "12.3 Pharmacokinetics",
        kind="product label",
        citation="Indivior; DailyMed set id 6189fb21-9432-45f8-8481-0bfaf3ccde95",
        url="https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=6189fb21-9432-45f8-8481-0bfaf3ccde95",
    ),
    ReferenceRow(
        id="usp-795-summary",
        title="Establishing BUDs, non-sterile compounding <795> (a summary of USP general "
        "chapter <795>, Pharmaceutical Compounding: Nonsterile Preparations)",
        kind="compounding standard",
        citation="University of Illinois College of Veterinary Medicine Teaching Hospital, "
        "knowledge base document 130886; seen 2026-12-03",
        url="https://answers.uillinois.edu/illinois.vetmedvth/page.php?id=130886",
    ),
)

#: Every rule of the monograph, in the order of the design contract.
RULE_ROWS: Final[tuple[RuleRow, ...]] = (
    RuleRow(
        id="LDN-DOSE-MAX",
        title="Maximum daily dose",
        section="Dosing",
        statement="Titration goes no higher than 4.5 mg a day; a larger daily dose is refused.",
        figures=("max_daily_dose",),
        references=("monograph", "racgp-2023", "bruun-2024"),
    ),
    RuleRow(
        id="LDN-DOSE-TYPICAL",
        title="Typical maintenance dose",
        section="Introduction",
        statement="Maintenance doses usually lie between 1 and 5 mg a day, 4.5 mg being the most "
        "common. This describes practice; where it exceeds the maximum, the maximum wins.",
        figures=("typical_low", "typical_high", "typical_common"),
        informational=True,
        references=("monograph", "racgp-2023"),
    ),
    RuleRow(
        id="LDN-START",
        title="Starting dose",
        section="Dosing",
        statement="The first nightly dose lies between 0.5 mg and 1.5 mg, both included.",
        figures=("start_min", "start_max"),
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-STEP-INTERVAL",
        title="Titration interval",
        section="Dosing",
        statement="Each increase follows the previous one after one to two weeks: no sooner than "
        "7 days and no later than 14 days.",
        figures=("min_interval_days", "max_interval_days"),
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-TIMING",
        title="Time of dosing",
        section="Dosing",
        statement="One dose a day, taken at night, at bedtime.",
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-REVIEW",
        title="Efficacy review",
        section="Dosing",
        statement="Whether it helps is judged 4 to 6 weeks (days 28 to 42) after the maintenance dose begins.",
        figures=("review_from_day", "review_to_day"),
        informational=True,
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-OPIOID",
        title="Concurrent opioids",
        section="Dosing; Adverse Effects",
        statement="As an opioid antagonist, naltrexone can bring on acute withdrawal in a patient "
        "taking opioids. Starting requires confirmation that the patient takes none; "
        "an unknown status is not taken as a no. Screening is closed-world: a medication "
        "entry it does not recognise is named for the prescriber to check, never passed. "
        "Opioids that act on the gut at ordinary doses (loperamide, eluxadoline, "
        "trimebutine) are a caution unless a policy makes them block.",
        figures=("loperamide_blocks", "unrecognised_blocks"),
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-FILLER",
        title="Capsule filler",
        section="Dosing",
        statement="A patient who reacts to the usual cellulose filler of compounded capsules can "
        "have sucrose or ginger filler instead.",
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-LIQUID",
        title="Oral liquid from tablets",
        section="Dosing",
        statement="One 50 mg tablet dissolved in 100 mL of water gives 0.5 mg per mL. Keep it in the "
        "refrigerator wrapped in aluminium foil, measure each dose with an oral syringe, "
        "and tell the patient the taste is very unpleasant.",
        figures=("liquid_tablet", "liquid_water"),
        # Not the NZ medicines-information formula: that is a preserved 1 mg/mL liquid.
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-HEPATIC",
        title="Liver safety",
        section="Adverse Effects",
        statement="Liver toxicity, a concern at the higher doses used for addiction, is not "
        "regarded as significant at low dose. This informs; it never blocks.",
        informational=True,
        references=("monograph", "patten-2018"),
    ),
    RuleRow(
        id="LDN-ADVERSE",
        title="Common adverse effects",
        section="Adverse Effects",
        statement="Vivid dreams, headache, nausea and insomnia are the effects most often "
        "reported; they are usually short-lived.",
        informational=True,
        references=("monograph", "patten-2018", "racgp-2023"),
    ),
    RuleRow(
        id="LDN-FORMULATION",
        title="Choice of formulation",
        section="Dosing",
        statement="A patient who can manage it may take the oral liquid made from tablets: it costs "
        "less and its dose is easy to adjust, which helps while the dose is being found. "
        "Otherwise compounded capsules are used.",
        informational=True,
        references=("monograph", "nz-medinfo-liquid-2023"),
    ),
    RuleRow(
        id="LDN-SUPPLY",
        title="Sources and cost",
        section="Dosing",
        statement="The monograph reports two Auckland compounders and a cost of about $90 for a "
        "three-month supply. These are dated reports, never a current price.",
        informational=True,
    ),
    RuleRow(
        id="LDN-ANTAGONIST",
        title="Opioid antagonist already taken",
        section="Clinical notes (not in the monograph)",
        statement="A patient who already takes an opioid antagonist by mouth or injection (naltrexone in "
        "any product, nalmefene, samidorphan) is flagged for review: the new prescription "
        "would duplicate or conflict with it. Naloxone alone and the antagonists that act "
        "only on the gut are neither this nor opioid use.",
        references=(),  # not from the monograph: clinical-notes.md and the product labels
    ),
    RuleRow(
        id="LDN-OPIOID-FREE",
        title="Opioid-free interval before the first dose",
        section="Clinical notes (not in the monograph)",
        statement="A patient who took an opioid recently waits out an interval free of opioids "
        "before the first dose: 10 days after a short-acting opioid; 14 days after methadone, "
        "buprenorphine, or a modified-release, extended-release or transdermal product; 300 "
        "days after depot buprenorphine. Naltrexone labels ask for at least 7 to 10 days, and "
        "warn that withdrawal may be precipitated for up to two weeks after methadone or "
        "buprenorphine. The 14 days for modified-release and transdermal products, and the 300 "
        "days after a depot (five of the longest terminal half-lives its label gives, 60 days), "
        "are the library's cautious readings. A stopped opioid whose last day is not known is "
        "a caution: confirm the interval has passed.",
        figures=(
            "opioid_free_days",
            "opioid_free_days_long",
            "opioid_free_days_depot",
            "dispense_days_default",
        ),
        references=("revia-label", "vivitrol-label", "sublocade-label"),
    ),
    RuleRow(
        id="LDN-CONFIRM",
        title="Confirmed absence of opioid use",
        section="Dosing; Adverse Effects",
        statement="That the patient took no opioid within the opioid-free interval is confirmed, "
        "never assumed: by the prescriber, or by a recorded observation of opioid use that is "
        "final or amended and dated at most 7 days before the first dose (the library's window). A no, absent or "
        "negative value confirms; a yes, present or positive value is opioid use, and opioid "
        "use wins over any confirmation. A record that says nothing confirms nothing.",
        figures=("confirmation_days",),
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-CONTINUE",
        title="Continuing, restarting or starting low dose naltrexone",
        section="Clinical notes (not in the monograph)",
        statement="An order for a patient who took low dose naltrexone within the last 7 days "
        "continues it: the start range does not apply, a rise is measured from the last known "
        "dose, and the patient's own low dose naltrexone is no duplicate antagonist; two LDN "
        "orders running at once are a warning. After a longer gap the order is a new start, "
        "titrated again from the start range. The 7 days follow the shortest interval between "
        "dose changes; no published source gives a figure. Naltrexone counts as low dose at a "
        "daily dose within the maximum, or when named low dose, LDN or compounded.",
        figures=("continuation_days",),
        references=(),  # the library's own rule, anchored to LDN-STEP-INTERVAL
    ),
    RuleRow(
        id="LDN-STEP-SIZE",
        title="Largest rise in one step",
        section="Dosing",
        statement="Each rise of the daily dose is at most 1.5 mg, the top of the start range; "
        "a larger rise is refused. Practice sources rise by 0.5 mg or 1.5 mg at a time; the "
        "bound is the library's reading, said so.",
        figures=("max_rise",),
        references=("monograph",),
    ),
    RuleRow(
        id="LDN-LIQUID-BUD",
        title="Beyond-use date of the oral liquid",
        section="Clinical notes (not in the monograph)",
        statement="The tablet dissolved in water has no preservative and no published stability "
        "data: a bottle is kept in the refrigerator and thrown away 14 days after it is made, "
        "the default for such a water-containing oral preparation. A bottle lasts the shorter "
        "of the nights its tablet covers and those 14 days; supply counts bottles so, and the "
        "patient is told when to make a fresh one. Half a scored tablet in half the water gives "
        "the same strength where a whole tablet would be thrown away unused. A preserved "
        "1 mg/mL formula with a longer life is a different preparation.",
        figures=("liquid_bud_days",),
        references=("usp-795-summary",),
    ),
    RuleRow(
        id="LDN-SWITCH",
        title="When the liquid gives way to capsules",
        section="Dosing",
        statement="A patient who titrated on the liquid keeps taking the maintenance dose as the "
        "liquid for at least 14 nights before capsules replace it, and the switch never falls "
        "on a night the dose changes, so that a reaction to the capsules is not mistaken for a "
        "reaction to a new dose. The 14 nights are the library's reading of the monograph's "
        "capsules once the dose is stable.",
        figures=("switch_nights",),
        references=("monograph",),
    ),
)
