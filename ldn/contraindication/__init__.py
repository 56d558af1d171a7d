"""Screening a patient before the first dose: opioids, filler sensitivity and counselling.

:func:`screen` returns a :class:`ScreeningReport` of :class:`Finding` values. A
finding of severity ``contraindication`` blocks starting; ``caution`` and
``info`` findings inform the prescriber and the patient.

Finding codes:

=========================== ================ ==============
code                        severity         rule
=========================== ================ ==============
``opioid-use``              contraindication LDN-OPIOID
``opioid-use-unconfirmed``  contraindication LDN-OPIOID
``opioid-recent``           contraindication LDN-OPIOID-FREE
``opioid-stopped-undated``  caution          LDN-OPIOID-FREE
``record-unreadable``       caution          LDN-OPIOID
``peripheral-opioid``       caution          LDN-OPIOID
``medication-unrecognised`` caution          LDN-OPIOID
``opioid-antagonist``       caution          LDN-ANTAGONIST
``filler-sensitivity``      caution          LDN-FILLER
``allergy-unrecognised``    caution          LDN-FILLER
``hepatic-information``     info             LDN-HEPATIC
``adverse-effects``         info             LDN-ADVERSE
=========================== ================ ==============

>>> report = screen(Patient(medications=("paracetamol 1 g", "Codeine phosphate 30 mg"), opioid_use=False))
>>> report.may_start
False
>>> [(f.code, f.trigger) for f in report.blocking]
[('opioid-use', 'Codeine phosphate 30 mg')]
>>> screen(Patient(medications=("amitriptyline 10 mg",), opioid_use=False)).may_start
True

Medication lists may hold brand names, codes and coded entries (see
:mod:`ldn.medication` and :mod:`ldn.opioids`):

>>> from ldn.medication import Coding, Medication, RXNORM
>>> report = screen(Patient(medications=["OxyContin 10 mg", Coding(RXNORM, "0000")], opioid_use=False))
>>> [(f.code, f.trigger) for f in report.findings if f.severity != "info"]
[('opioid-use', 'OxyContin 10 mg'), ('medication-unrecognised', 'http://www.nlm.nih.gov/research/umls/rxnorm|0000')]
"""

from __future__ import annotations

from ldn.contraindication._course import Course, LdnCourse, LdnUse, course_of
from ldn.contraindication._many import RECORD_COLUMNS, screen_many
from ldn.contraindication._screen import screen
from ldn.contraindication._values import (
    SUMMARY_LIMIT,
    Finding,
    Patient,
    ScreeningReport,
    Severity,
    Unreadable,
)

__all__ = [
    "RECORD_COLUMNS",
    "SUMMARY_LIMIT",
    "Course",
    "Finding",
    "LdnCourse",
    "LdnUse",
    "Patient",
    "ScreeningReport",
    "Severity",
    "Unreadable",
    "course_of",
    "screen",
    "screen_many",
]
