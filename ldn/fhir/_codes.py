"""The code systems and displays ``ldn`` reads and writes in FHIR and CDS Hooks: one table.

Every system URL, every fixed display of a code ``ldn`` defines, and the SNOMED CT
concepts of the exports live here; the reader, the writer and the CDS services
take them from this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

from ldn.fhir._canonical import DEFAULT_CANONICAL

__all__ = [
    "ACT_CODES",
    "ACT_CODE_SYSTEM",
    "ATC_SYSTEM",
    "CAPSULE_FORM",
    "DEFAULT_OVERRIDE_REASONS",
    "FINDINGS",
    "FINDING_CATEGORY",
    "FINDING_DISPLAY",
    "FINDING_SYSTEM",
    "MEDICATION_SYSTEMS",
    "NALTREXONE_ATC",
    "NZMT_SYSTEM",
    "OBSERVATIONS",
    "ORAL_ROUTE",
    "ORAL_SOLUTION_FORM",
    "ORDER_CHECKS",
    "ORDER_CHECK_DISPLAY",
    "ORDER_CHECK_SYSTEM",
    "OVERRIDES",
    "OVERRIDE_DISPLAY",
    "OVERRIDE_REASONS",
    "OVERRIDE_SYSTEM",
    "REQUEST_INTENT",
    "REQUEST_STATUS",
    "RXNORM_SYSTEM",
    "SNOMED_SYSTEM",
    "UCUM",
    "Concept",
]

UCUM: Final = "http://unitsofmeasure.org"
ATC_SYSTEM: Final = "http://www.whocc.no/atc"
SNOMED_SYSTEM: Final = "http://snomed.info/sct"
RXNORM_SYSTEM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
#: New Zealand Medicines Terminology, as the NZ Formulary FHIR guide names it.
NZMT_SYSTEM: Final = "http://nzmt.org.nz"
#: Code systems a caller may add a medication coding from, beside ATC.
MEDICATION_SYSTEMS: Final = frozenset({RXNORM_SYSTEM, SNOMED_SYSTEM, NZMT_SYSTEM})
#: The WHO ATC code of naltrexone.
NALTREXONE_ATC: Final = "N07BB04"

#: The code system of ``ldn``'s finding codes (``opioid-use``, ...).
FINDING_SYSTEM: Final = DEFAULT_CANONICAL.finding


class Concept(NamedTuple):
    """One code ``ldn`` defines: its fixed display and what it means (its definition)."""

    display: str
    definition: str


#: The HL7 v3 ActCode detected-issue categories a finding may carry (code: display), from
#: http://terminology.hl7.org/CodeSystem/v3-ActCode 11.0.0, HL7 Terminology (THO), CC0:
#: input/sourceOfTruth/v3/codeSystems/v3-ActCode.xml of github.com/HL7/UTG at commit
#: a19c263616d7b759fe91ceaa0faf4c5b5a5b614b (2026-08-04). DRG: proposed therapy may interact
#: with an existing or recent drug therapy. DUPTHPY: it appears to duplicate an existing
#: therapy. REACT: it may be inappropriate for the potential of a patient reaction to the
#: proposed product (an allergy or an intolerance alike).
ACT_CODE_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACT_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "DRG": "Drug Interaction Alert",
        "DUPTHPY": "Duplicate Therapy Alert",
        "REACT": "Reaction Alert",
    }
)
#: Every finding code: its display, its definition and its ActCode category (None where
#: no ActCode detected-issue code fits). The one list of finding codes.
_FINDINGS: Final = {
    "opioid-use": (
        "Opioid use: do not start low dose naltrexone",
        "The patient takes an opioid, by the record or by an entry of the medication list. "
        "Naltrexone can precipitate acute opioid withdrawal: low dose naltrexone is not "
        "started (LDN-OPIOID).",
        "DRG",
    ),
    "opioid-use-unconfirmed": (
        "Opioid use not confirmed",
        "Nobody has confirmed that the patient took no opioid within the opioid-free "
        "interval; absence is never assumed. It blocks a new start and is a caution on a "
        "continuation (LDN-OPIOID, LDN-CONFIRM).",
        None,
    ),
    "opioid-recent": (
        "Opioid taken within the opioid-free interval",
        "An opioid was taken within the opioid-free interval before the first dose: "
        "10 days after a short-acting opioid, 14 days after methadone, buprenorphine or a "
        "modified-release or transdermal product, longer after depot buprenorphine "
        "(LDN-OPIOID-FREE).",
        "DRG",
    ),
    "opioid-stopped-undated": (
        "Stopped opioid without a date",
        "An opioid was stopped, but when is not known (or no date of the first dose was "
        "given): confirm that it was stopped at least the opioid-free interval before "
        "(LDN-OPIOID-FREE).",
        "DRG",
    ),
    "record-unreadable": (
        "Part of the record could not be read",
        "A resource of the patient's record could not be read and is named; the rest was "
        "screened, and a medication that could not be read counts as unrecognised "
        "(LDN-OPIOID).",
        None,
    ),
    "peripheral-opioid": (
        "Peripheral opioid in the medication list",
        "An opioid that acts outside the brain at ordinary doses (loperamide, eluxadoline, "
        "trimebutine): a caution under the default policy, which a policy may make block "
        "(LDN-OPIOID).",
        "DRG",
    ),
    "opioid-antagonist": (
        "Already taking an opioid antagonist",
        "The patient already takes an opioid antagonist by mouth or injection (naltrexone "
        "in any product, nalmefene, samidorphan): duplicate or conflicting therapy, to be "
        "reviewed (LDN-ANTAGONIST).",
        "DUPTHPY",
    ),
    "medication-unrecognised": (
        "Medication entry not recognised",
        "A medication entry holds a word or code that is not known; it could be an opioid, "
        "so it is named, never passed in silence (LDN-OPIOID).",
        None,
    ),
    "filler-sensitivity": (
        "Capsule filler sensitivity",
        "The patient is sensitive to a capsule filler: capsules are made with another "
        "filler, such as sucrose or ginger instead of cellulose (LDN-FILLER).",
        "REACT",
    ),
    "allergy-unrecognised": (
        "Allergy that may be to an excipient not recognised",
        "An allergy or intolerance whose substance is not known: it may be to an excipient "
        "of the capsules, such as their filler (LDN-FILLER).",
        "REACT",
    ),
    "hepatic-information": (
        "Liver toxicity not a significant concern at low dose",
        "Information: hepatotoxicity is not a significant concern at low dose; never a "
        "block (LDN-HEPATIC).",
        None,
    ),
    "adverse-effects": (
        "Common adverse effects, usually transient",
        "Information: vivid dreams, headache, nausea and insomnia are common and usually "
        "transient (LDN-ADVERSE).",
        None,
    ),
}
#: Each finding code's display and definition.
FINDINGS: Final[Mapping[str, Concept]] = MappingProxyType(
    {code: Concept(display, definition) for code, (display, definition, _) in _FINDINGS.items()}
)
#: One fixed display per finding code (``code.text`` carries the finding's own summary).
FINDING_DISPLAY: Final[Mapping[str, str]] = MappingProxyType(
    {code: concept.display for code, concept in FINDINGS.items()}
)
#: The ActCode category (code, display) of each finding code that has one (see ACT_CODES).
FINDING_CATEGORY: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {code: (act, ACT_CODES[act]) for code, (_, _, act) in _FINDINGS.items() if act is not None}
)
#: The code system of the order checks (``source.topic`` of their cards).
ORDER_CHECK_SYSTEM: Final = DEFAULT_CANONICAL.order_check
#: Each order-check code's display and definition.
ORDER_CHECKS: Final[Mapping[str, Concept]] = MappingProxyType(
    {
        "order-dose-above-maximum": Concept(
            "Daily dose above the policy maximum",
            "The order gives a daily dose above the policy maximum (LDN-DOSE-MAX).",
        ),
        "order-start-dose": Concept(
            "Starting dose outside the policy range",
            "The first dose of a new start lies outside the policy's start range (LDN-START).",
        ),
        "order-rise-too-soon": Concept(
            "Dose rises before the minimum interval",
            "A dose rises sooner after the last change than the policy's minimum interval "
            "(LDN-STEP-INTERVAL).",
        ),
        "order-timing": Concept(
            "Not once daily at bedtime",
            "A dosage of the order is not once daily at bedtime (LDN-TIMING).",
        ),
        "order-filler": Concept(
            "Capsule filler the patient is sensitive to",
            "The ordered capsules have a filler the patient is sensitive to, or name none "
            "for a sensitive patient (LDN-FILLER).",
        ),
        "order-liquid-unmeasurable": Concept(
            "Liquid dose the oral syringes cannot measure",
            "A dose of the oral liquid is a volume the oral syringes cannot measure (LDN-LIQUID).",
        ),
        "order-unreadable": Concept(
            "Order could not be checked",
            "A draft order, or a part of it, could not be read, so it was not checked.",
        ),
        "order-step-too-large": Concept(
            "Dose rises by more than the largest step",
            "A dose rises by more than the policy's largest step (LDN-STEP-SIZE).",
        ),
        "order-restart": Concept(
            "Restart after a gap: titrate again",
            "The patient last took low dose naltrexone longer ago than the policy's "
            "continuation days (7 under the monograph): the order is a new start, titrated "
            "again from the start range (LDN-CONTINUE).",
        ),
        "order-duplicate-ldn": Concept(
            "Another low dose naltrexone order runs at the same time",
            "Two low dose naltrexone orders overlap in time (LDN-CONTINUE).",
        ),
        "order-last-dose-unknown": Concept(
            "Continuation whose last dose is not recorded",
            "The order continues low dose naltrexone, but the last dose is not recorded, so "
            "a rise cannot be checked against it (LDN-CONTINUE).",
        ),
    }
)
#: One fixed display per order-check code.
ORDER_CHECK_DISPLAY: Final[Mapping[str, str]] = MappingProxyType(
    {code: concept.display for code, concept in ORDER_CHECKS.items()}
)
#: The code system of the override reasons offered on blocking cards.
OVERRIDE_SYSTEM: Final = DEFAULT_CANONICAL.override_reason
#: Each override reason's display and definition.
OVERRIDES: Final[Mapping[str, Concept]] = MappingProxyType(
    {
        "opioid-stopped": Concept(
            "Opioid stopped; the medication list is out of date",
            "The prescriber knows the opioid was stopped; the medication list still shows it.",
        ),
        "entry-misread": Concept(
            "The entry holds no opioid",
            "The prescriber judges that the entry read as an opioid holds none.",
        ),
        "no-opioids-confirmed": Concept(
            "Confirmed with the patient: takes no opioids",
            "The prescriber confirmed with the patient that no opioid was taken.",
        ),
        "last-dose-earlier": Concept(
            "The opioid was last taken earlier than the record says",
            "The prescriber knows the opioid was last taken earlier than the record shows, "
            "at least the opioid-free interval before.",
        ),
        "prescriber-decision": Concept(
            "Prescriber's decision: keep the order as written",
            "The prescriber keeps the order as written, having read the card.",
        ),
    }
)
#: One fixed display per override reason.
OVERRIDE_DISPLAY: Final[Mapping[str, str]] = MappingProxyType(
    {code: concept.display for code, concept in OVERRIDES.items()}
)
#: The override reasons offered on a critical card, by its finding code; any other
#: critical card offers :data:`DEFAULT_OVERRIDE_REASONS`.
OVERRIDE_REASONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "opioid-use": ("opioid-stopped", "entry-misread"),
        "opioid-use-unconfirmed": ("no-opioids-confirmed",),
        "opioid-recent": ("last-dose-earlier", "entry-misread"),
    }
)
#: The override reasons of a critical card whose code :data:`OVERRIDE_REASONS` leaves out.
DEFAULT_OVERRIDE_REASONS: Final = ("prescriber-decision",)
#: What ``ldn`` records in an Observation (no standard code exists; LDN-CONFIRM).
OBSERVATIONS: Final[Mapping[str, Concept]] = MappingProxyType(
    {
        "opioid-use": Concept(
            "Opioid use within the opioid-free interval before low dose naltrexone",
            "Whether the patient took any opioid within the opioid-free interval before "
            "low dose naltrexone, as confirmed with the patient: a value of no confirms "
            "its absence, yes records opioid use (LDN-CONFIRM).",
        ),
    }
)

_R4_STATUS: Final = frozenset(
    {
        "active",
        "on-hold",
        "cancelled",
        "completed",
        "entered-in-error",
        "stopped",
        "draft",
        "unknown",
    }
)
#: MedicationRequest.status codes per version: ``ended`` exists only in R5.
REQUEST_STATUS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {"R4": _R4_STATUS, "R4B": _R4_STATUS, "R5": _R4_STATUS | {"ended"}}
)
#: MedicationRequest.intent codes (the same in R4, R4B and R5).
REQUEST_INTENT: Final = frozenset(
    {
        "proposal",
        "plan",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    }
)
# SNOMED CT: the oral route, and the dose forms (basic dose form concepts), each as
# (code, display, text).
ORAL_ROUTE: Final = ("26643006", "Oral route", "oral")
CAPSULE_FORM: Final = ("385049006", "Capsule", "capsule")
ORAL_SOLUTION_FORM: Final = ("385023001", "Oral solution", "oral solution")
