"""The code systems and displays ``ldn`` reads and writes in FHIR and CDS Hooks: one table.

Every system URL, every fixed display of a code ``ldn`` defines, and the SNOMED CT
concepts of the exports live here; the reader, the writer and the CDS services
take them from this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "ATC_SYSTEM",
    "CAPSULE_FORM",
    "FINDING_DISPLAY",
    "FINDING_SYSTEM",
    "MEDICATION_SYSTEMS",
    "NALTREXONE_ATC",
    "NZMT_SYSTEM",
    "ORAL_ROUTE",
    "ORAL_SOLUTION_FORM",
    "ORDER_CHECK_DISPLAY",
    "ORDER_CHECK_SYSTEM",
    "OVERRIDE_SYSTEM",
    "REQUEST_INTENT",
    "REQUEST_STATUS",
    "RXNORM_SYSTEM",
    "SNOMED_SYSTEM",
    "UCUM",
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
FINDING_SYSTEM: Final = "https://ldn-dosing.readthedocs.io/fhir/CodeSystem/finding"
#: One fixed display per finding code (``code.text`` carries the finding's own summary).
FINDING_DISPLAY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "opioid-use": "Opioid use: do not start low dose naltrexone",
        "opioid-use-unconfirmed": "Opioid use not confirmed",
        "opioid-recent": "Opioid taken within the opioid-free interval",
        "opioid-stopped-undated": "Stopped opioid without a date",
        "record-unreadable": "Part of the record could not be read",
        "peripheral-opioid": "Peripheral opioid in the medication list",
        "opioid-antagonist": "Already taking an opioid antagonist",
        "medication-unrecognised": "Medication entry not recognised",
        "filler-sensitivity": "Capsule filler sensitivity",
        "allergy-unrecognised": "Allergy that may be to an excipient not recognised",
        "hepatic-information": "Liver toxicity not a significant concern at low dose",
        "adverse-effects": "Common adverse effects, usually transient",
    }
)
#: The code system of the order checks (``source.topic`` of their cards).
ORDER_CHECK_SYSTEM: Final = "https://ldn-dosing.readthedocs.io/cds/CodeSystem/order-check"
#: One fixed display per order-check code.
ORDER_CHECK_DISPLAY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "order-dose-above-maximum": "Daily dose above the policy maximum",
        "order-start-dose": "Starting dose outside the policy range",
        "order-rise-too-soon": "Dose rises before the minimum interval",
        "order-timing": "Not once daily at bedtime",
        "order-filler": "Capsule filler the patient is sensitive to",
        "order-liquid-unmeasurable": "Liquid dose the oral syringes cannot measure",
        "order-unreadable": "Order could not be checked",
        "order-step-too-large": "Dose rises by more than the largest step",
        "order-restart": "Restart after a gap: titrate again",
        "order-duplicate-ldn": "Another low dose naltrexone order runs at the same time",
        "order-last-dose-unknown": "Continuation whose last dose is not recorded",
    }
)
#: The code system of the override reasons offered on blocking cards.
OVERRIDE_SYSTEM: Final = "https://ldn-dosing.readthedocs.io/cds/CodeSystem/override-reason"

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
