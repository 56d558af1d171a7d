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

import datetime as dt

from ldn._checks import choice, describe, plain_date
from ldn.contraindication._course import Course, LdnCourse, LdnUse, course_of
from ldn.contraindication._findings import (
    COUNSELLING,
    filler_findings,
    opioid_findings,
    unreadable_findings,
)
from ldn.contraindication._many import RECORD_COLUMNS, screen_many
from ldn.contraindication._values import (
    SUMMARY_LIMIT,
    Finding,
    Patient,
    ScreeningReport,
    Severity,
    Unreadable,
)
from ldn.errors import LdnTypeError, ScreeningError
from ldn.monograph import MONOGRAPH, Policy
from ldn.opioids import Vocabulary, vocabulary_or_default

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


def screen(
    patient: Patient,
    policy: Policy = MONOGRAPH,
    *,
    vocabulary: Vocabulary | None = None,
    as_of: dt.date | None = None,
    course: Course | str = Course.NEW_START,
) -> ScreeningReport:
    """Screen a patient before starting; the report says whether starting may go ahead.

    ``vocabulary`` is the shipped one (:func:`~ldn.opioids.default_vocabulary`)
    unless a clinic passes its own extension of it (:meth:`~ldn.opioids.Vocabulary.extend`).
    ``as_of`` is the date of the first dose: a stopped opioid taken within the
    opioid-free interval before it blocks (``opioid-recent``, LDN-OPIOID-FREE); a
    stopped opioid whose last day is unknown, or any stopped opioid when ``as_of``
    is None, is a caution (``opioid-stopped-undated``). ``course`` is what the
    order is to the patient (:func:`course_of`, LDN-CONTINUE): on a continuation
    an unconfirmed opioid status is a caution, not a contraindication.

    >>> import datetime as dt
    >>> from ldn.medication import Medication
    >>> methadone = Medication("methadone 40 mg", status="stopped", last_taken=dt.date(2026, 12, 1))
    >>> report = screen(Patient([methadone], opioid_use=False), as_of=dt.date(2026, 12, 3))
    >>> report.may_start, report.blocking[0].summary
    (False, 'Opioid (methadone) taken recently: first dose not before 2026-12-15')
    >>> screen(Patient([methadone], opioid_use=False), as_of=dt.date(2026, 12, 15)).may_start
    True
    """
    if not isinstance(patient, Patient):
        raise LdnTypeError("patient", describe(patient), "a Patient")
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    if as_of is not None:
        plain_date(as_of, "as_of", "a datetime.date or None")
    continuation = choice(course, Course, "course", ScreeningError) is Course.CONTINUATION
    vocabulary = vocabulary_or_default(vocabulary)
    findings = [
        *opioid_findings(patient, policy, vocabulary, as_of, continuation),
        *unreadable_findings(patient),
        *filler_findings(patient),
        *COUNSELLING,
    ]
    findings.sort(key=lambda f: (f.severity.rank, f.code, f.trigger or ""))
    return ScreeningReport(tuple(findings), policy.name)
