"""FHIR: a plan as a ``MedicationRequest``, findings as ``DetectedIssue`` resources, and a
``Patient`` to screen from a patient's FHIR record, medication history included
(:func:`patient_from_fhir`).

Behind this module: one reader (:class:`Resources` and :class:`Reader`: references,
concepts and the medications they name), the medication history and the recorded
confirmation read on top of it, :func:`read_draft_order` (a draft order's product
and dosages, for :mod:`ldn.cds`), one writer, one table of code systems and
displays, and one exact JSON encoder.

Output is plain ``dict`` data (no dependency), in FHIR R4/R4B or R5 shape, built
afresh on every call (editing one export never changes another):

* One ``dosageInstruction`` per plan step, ordered by ``sequence``; each once a
  day at bedtime (``timing.repeat.when = ["HS"]``, the FHIR code for LDN-TIMING),
  by mouth (``route``: SNOMED CT 26643006), bounded by ``boundsPeriod`` (dates) or
  ``boundsDuration`` (days) on every step but the open-ended last; on a dated plan
  the last step has ``boundsPeriod.start`` alone. The dose is a UCUM quantity: mg
  for capsules, mL for the oral liquid.
* ``maxDosePerPeriod`` carries the policy maximum per day (LDN-DOSE-MAX): one
  Ratio in R4/R4B, a list of Ratios in R5. A liquid plan states it in mL as well:
  a second Ratio in R5, ``maxDosePerAdministration`` in R4/R4B (one dose a day).
* R5 adds ``renderedDosageInstruction`` (the whole plan as text) and, for a dated
  plan, ``effectiveDosePeriod``.
* The medication is a contained ``Medication`` (naltrexone, ATC N07BB04, plus any
  RxNorm, SNOMED CT or NZMT coding the caller gives) with a coded dose form
  (SNOMED CT), the liquid's strength (LDN-LIQUID) or the capsule filler (LDN-FILLER).

Every code ``ldn`` defines is written under a canonical URL (:class:`Canonical`,
by default :data:`DEFAULT_CANONICAL`, the project's documentation site), where
:func:`code_systems` gives the ``CodeSystem`` resources the docs site publishes.
A deployer that publishes them under its own host passes ``canonical=`` to every
writer. A ``DetectedIssue`` carries its HL7 v3 ActCode category
(:data:`FINDING_CATEGORY`) and the URL of its rule.

Numbers are :class:`~decimal.Decimal` values, exact; :func:`to_json` writes them as
JSON numbers, digit for digit.

>>> from ldn import titrate, OralLiquid
>>> plan = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
>>> request = medication_request(plan, subject="Patient/example", formulation=OralLiquid.from_tablet())
>>> [d["doseAndRate"][0]["doseQuantity"]["value"] for d in request["dosageInstruction"]]
[Decimal('3'), Decimal('6'), Decimal('9')]
>>> to_json(request["dosageInstruction"][0]["doseAndRate"])
'[{"doseQuantity":{"value":3,"unit":"mL","system":"http://unitsofmeasure.org","code":"mL"}}]'
"""

from __future__ import annotations

from ldn.fhir._canonical import DEFAULT_CANONICAL, Canonical
from ldn.fhir._codes import (
    ACT_CODE_SYSTEM,
    ATC_SYSTEM,
    DEFAULT_OVERRIDE_REASONS,
    FINDING_CATEGORY,
    FINDING_DISPLAY,
    FINDING_SYSTEM,
    MEDICATION_SYSTEMS,
    NALTREXONE_ATC,
    NZMT_SYSTEM,
    ORDER_CHECK_DISPLAY,
    ORDER_CHECK_SYSTEM,
    OVERRIDE_DISPLAY,
    OVERRIDE_REASONS,
    OVERRIDE_SYSTEM,
    REQUEST_STATUS,
    RXNORM_SYSTEM,
    SNOMED_SYSTEM,
    UCUM,
)
from ldn.fhir._confirmation import (
    ABSENT_VALUES,
    CONFIRMATION_CODES,
    CONFIRMATION_SYSTEM,
    LOINC_SYSTEM,
    PRESENT_VALUES,
    confirmation_codes_of,
    confirmation_observation,
)
from ldn.fhir._identity import code_systems
from ldn.fhir._json import to_json
from ldn.fhir._ldn import LOW_DOSE_WORDS
from ldn.fhir._orders import DosageStep, DraftOrder, OrderedProduct, read_draft_order
from ldn.fhir._patient import ldn_course, patient_and_course, patient_from_fhir
from ldn.fhir._reader import FILLER_WORDS, Reader, Resources
from ldn.fhir._writer import (
    CodingLike,
    FhirVersion,
    detected_issue,
    detected_issues,
    medication_request,
    regimen_requests,
)

__all__ = [
    "ABSENT_VALUES",
    "ACT_CODE_SYSTEM",
    "ATC_SYSTEM",
    "CONFIRMATION_CODES",
    "CONFIRMATION_SYSTEM",
    "DEFAULT_CANONICAL",
    "DEFAULT_OVERRIDE_REASONS",
    "FILLER_WORDS",
    "FINDING_CATEGORY",
    "FINDING_DISPLAY",
    "FINDING_SYSTEM",
    "LOINC_SYSTEM",
    "LOW_DOSE_WORDS",
    "MEDICATION_SYSTEMS",
    "NALTREXONE_ATC",
    "NZMT_SYSTEM",
    "ORDER_CHECK_DISPLAY",
    "ORDER_CHECK_SYSTEM",
    "OVERRIDE_DISPLAY",
    "OVERRIDE_REASONS",
    "OVERRIDE_SYSTEM",
    "PRESENT_VALUES",
    "REQUEST_STATUS",
    "RXNORM_SYSTEM",
    "SNOMED_SYSTEM",
    "UCUM",
    "Canonical",
    "CodingLike",
    "DosageStep",
    "DraftOrder",
    "FhirVersion",
    "OrderedProduct",
    "Reader",
    "Resources",
    "code_systems",
    "confirmation_codes_of",
    "confirmation_observation",
    "detected_issue",
    "detected_issues",
    "ldn_course",
    "medication_request",
    "patient_and_course",
    "patient_from_fhir",
    "read_draft_order",
    "regimen_requests",
    "to_json",
]
