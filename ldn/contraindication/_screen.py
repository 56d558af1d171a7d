"""Screening one patient: the findings of every rule, most severe first.

Private: :func:`~ldn.contraindication.screen` is re-exported by
:mod:`ldn.contraindication` and :mod:`ldn`.
"""

from __future__ import annotations

import datetime as dt

from ldn._checks import choice, describe, plain_date
from ldn.contraindication._course import Course
from ldn.contraindication._findings import (
    COUNSELLING,
    filler_findings,
    opioid_findings,
    unreadable_findings,
)
from ldn.contraindication._values import Patient, ScreeningReport
from ldn.errors import LdnTypeError, ScreeningError
from ldn.monograph import MONOGRAPH, Policy
from ldn.opioids import Vocabulary, vocabulary_or_default

__all__ = ["screen"]


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
