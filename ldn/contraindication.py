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
``peripheral-opioid``       caution          LDN-OPIOID
``medication-unrecognised`` caution          LDN-OPIOID
``opioid-antagonist``       caution          LDN-ANTAGONIST
``filler-sensitivity``      caution          LDN-FILLER
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

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from attrs import field, frozen

from ldn._card import render_card
from ldn._checks import Choices, choice, describe, quoted, tuple_of
from ldn._html import html_table
from ldn._validators import instance_of, optional, text
from ldn.errors import LdnTypeError, ScreeningError
from ldn.formulation import Filler, suitable_filler, to_filler
from ldn.medication import Coding, Medication, MedicationInput
from ldn.monograph import MONOGRAPH, Policy, RuleId
from ldn.opioids import OpioidMatch, Vocabulary, vocabulary_or_default

__all__ = [
    "SUMMARY_LIMIT",
    "Finding",
    "Patient",
    "ScreeningReport",
    "Severity",
    "screen",
]

#: CDS Hooks asks for a card summary under 140 characters.
SUMMARY_LIMIT: Final = 140


class Severity(StrEnum, metaclass=Choices, error=ScreeningError):
    """How much a finding weighs: only a contraindication blocks starting."""

    CONTRAINDICATION = "contraindication"
    CAUTION = "caution"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for a contraindication, 1 for a caution, 2 for information: most severe first.

        >>> sorted(["info", "contraindication"], key=lambda s: Severity(s).rank)
        ['contraindication', 'info']
        """
        return _RANK[self.value]


_RANK: Final = {"contraindication": 0, "caution": 1, "info": 2}


def _medications(value: object) -> tuple[MedicationInput, ...]:
    if isinstance(value, str | bytes | Coding | Medication) or not isinstance(value, Iterable):
        raise LdnTypeError(
            "medications", describe(value), "a collection of str, Coding or Medication, not one"
        )
    items = tuple(value)
    for item in items:
        if not isinstance(item, str | Coding | Medication):
            raise LdnTypeError("medication", describe(item), "a str, Coding or Medication")
    return items


def _sensitivities(value: object) -> frozenset[Filler]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise LdnTypeError(
            "filler_sensitivities",
            describe(value),
            "a collection of fillers, not a str",
        )
    return frozenset(to_filler(item) for item in value)


def _severity(value: Severity | str) -> Severity:
    """A Severity from itself or its value; a plain "contraindication" string still blocks."""
    return choice(value, Severity, "severity", ScreeningError)


def _rule_id(value: RuleId | str) -> RuleId:
    return choice(value, RuleId, "rule_id", ScreeningError)


def _findings(value: object) -> tuple[Finding, ...]:
    return tuple_of(value, Finding, "findings")


_text = text(ScreeningError)
_optional_text = optional(_text)
_opioid_status = optional(instance_of(bool, "True, False or None (not confirmed)"))


def _source_label(value: object) -> None:
    if not isinstance(value, str):
        raise LdnTypeError("source_label", describe(value), "a str")


@frozen
class Patient:
    """What screening needs to know about a patient.

    ``medications`` are entries of the medication list: free text (any brand, salt,
    strength or combination, or a WHO ATC code), :class:`~ldn.medication.Coding`
    or :class:`~ldn.medication.Medication` values. ``opioid_use`` is True, False, or None when nobody has
    confirmed it: None blocks starting until it is confirmed (LDN-OPIOID).
    ``filler_sensitivities`` are :class:`~ldn.formulation.Filler` values or names.
    """

    medications: tuple[MedicationInput, ...] = field(default=(), converter=_medications)
    opioid_use: bool | None = field(default=None, validator=_opioid_status)
    filler_sensitivities: frozenset[Filler] = field(default=frozenset(), converter=_sensitivities)


@frozen
class Finding:
    """One screening result: a stable ``code``, its weight, words, rule and trigger."""

    code: str = field(validator=_text)
    severity: Severity = field(converter=_severity)
    summary: str = field(validator=_text)
    message: str = field(validator=_text)
    rule_id: RuleId = field(converter=_rule_id)
    trigger: str | None = field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if len(self.summary) >= SUMMARY_LIMIT:
            raise ScreeningError(
                "finding summary",
                f"{len(self.summary)} characters",
                f"under {SUMMARY_LIMIT} characters",
            )

    def to_cds_card(self, source_label: str = "ldn") -> dict[str, object]:
        """The finding as a CDS Hooks card (plain dict; no dependency).

        >>> card = screen(Patient(opioid_use=None)).blocking[0].to_cds_card()
        >>> card["indicator"], card["source"]
        ('critical', {'label': 'ldn'})
        """
        _source_label(source_label)
        return render_card(
            summary=self.summary,
            severity=self.severity,
            detail=f"{self.message}\n\nRule: {self.rule_id}",
            source={"label": source_label},
        )


@frozen
class ScreeningReport:
    """The findings of one screening, most severe first, and whether starting may go ahead."""

    findings: tuple[Finding, ...] = field(converter=_findings)
    policy_name: str = field(validator=_text)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The contraindications: while any stands, :attr:`may_start` is False."""
        return tuple(f for f in self.findings if f.severity == Severity.CONTRAINDICATION)

    @property
    def may_start(self) -> bool:
        """True only when no contraindication stands."""
        return not self.blocking

    def codes(self) -> tuple[str, ...]:
        """The code of every finding, in report order."""
        return tuple(f.code for f in self.findings)

    def to_cds_cards(self, source_label: str = "ldn") -> list[dict[str, object]]:
        """Every finding as a CDS Hooks card."""
        _source_label(source_label)
        return [f.to_cds_card(source_label) for f in self.findings]

    def to_records(self) -> list[dict[str, object]]:
        """One dict per finding, ready for ``pandas.DataFrame(report.to_records())``."""
        return [
            {
                "code": f.code,
                "severity": str(f.severity),
                "rule_id": str(f.rule_id),
                "summary": f.summary,
                "message": f.message,
                "trigger": f.trigger,
            }
            for f in self.findings
        ]

    def _repr_html_(self) -> str:
        verdict = "may start" if self.may_start else "must not start"
        caption = f"Screening under policy {self.policy_name!r}: {verdict}"
        headers = ["severity", "code", "rule", "summary", "trigger"]
        keys = ["severity", "code", "rule_id", "summary", "trigger"]
        return html_table(caption, headers, [[r[k] for k in keys] for r in self.to_records()])


def _opioid_findings(patient: Patient, policy: Policy, vocabulary: Vocabulary) -> list[Finding]:
    findings: list[Finding] = []
    if patient.opioid_use is True:
        findings.append(
            Finding(
                "opioid-use",
                Severity.CONTRAINDICATION,
                "Takes opioids: do not start low dose naltrexone",
                "The patient is recorded as taking opioids. Naltrexone can precipitate "
                "acute opioid withdrawal; do not start while opioids are taken.",
                RuleId.OPIOID,
                "opioid_use=True",
            )
        )
    elif patient.opioid_use is None:
        findings.append(
            Finding(
                "opioid-use-unconfirmed",
                Severity.CONTRAINDICATION,
                "Opioid use not confirmed: confirm before starting",
                "Nobody has confirmed that the patient takes no opioids. Starting waits "
                "until that is confirmed; an unknown status is not taken as a no.",
                RuleId.OPIOID,
                "opioid_use=None",
            )
        )
    conflict = (
        " This contradicts the record that the patient takes no opioids; resolve it."
        if patient.opioid_use is False
        else ""
    )
    for entry in patient.medications:
        opioids, antagonists, unread = vocabulary.scan(entry)
        findings += [_opioid_finding(match, policy, conflict) for match in opioids]
        findings += [_antagonist_finding(match) for match in antagonists]
        if unread:
            findings += _unrecognised_findings(Medication.of(entry), unread)
    return findings


def _label(text: str) -> str:
    """A medication text for a finding's words: quoted, cut to 60 characters."""
    return quoted(text, 60)


def _how(match: OpioidMatch) -> str:
    through = f"product {match.product}, " if match.product else ""
    return (
        f"{_label(match.via)} contains {match.substance.name} ({through}matched {match.matched!r})"
    )


def _opioid_finding(match: OpioidMatch, policy: Policy, conflict: str) -> Finding:
    name = match.substance.name
    if match.substance.peripheral and not policy.loperamide_blocks:
        return Finding(
            "peripheral-opioid",
            Severity.CAUTION,
            f"Peripheral opioid ({name}) in the medication list",
            f"{_how(match)}: an opioid acting mainly on the gut. "
            f"Policy {policy.name!r} does not block on it; review.",
            RuleId.OPIOID,
            match.via,
        )
    return Finding(
        "opioid-use",
        Severity.CONTRAINDICATION,
        f"Opioid ({name[:60]}) in the medication list: do not start",
        f"{_how(match)}. Naltrexone can precipitate acute opioid withdrawal.{conflict}",
        RuleId.OPIOID,
        match.via,
    )


def _antagonist_finding(match: OpioidMatch) -> Finding:
    return Finding(
        "opioid-antagonist",
        Severity.CAUTION,
        f"Already takes an opioid antagonist ({match.substance.name}): review",
        f"{_how(match)}, an opioid antagonist. Low dose naltrexone would duplicate or "
        "conflict with it; review before prescribing.",
        RuleId.ANTAGONIST,
        match.via,
    )


def _unrecognised_findings(entry: Medication, unread: tuple[str, ...]) -> list[Finding]:
    return [
        Finding(
            "medication-unrecognised",
            Severity.CAUTION,
            "Medication entry not recognised: check it for opioids",
            f"Screening could not tell whether {_label(str(entry))} contains an "
            f"opioid: {why}. Check the entry by hand; it was not taken as opioid-free.",
            RuleId.OPIOID,
            _trigger(entry),
        )
        for why in unread
    ]


def _trigger(entry: Medication) -> str:
    """The entry as it was given: its text, else its codes; a blank text shown quoted."""
    if entry.text is not None and entry.text.strip():
        return entry.text
    if entry.codings:
        return "; ".join(c.token for c in entry.codings)
    return repr(entry.text) if entry.text is not None else str(entry)


def _filler_findings(patient: Patient) -> list[Finding]:
    if not patient.filler_sensitivities:
        return []
    avoid = ", ".join(sorted(patient.filler_sensitivities))
    other = suitable_filler(patient.filler_sensitivities)
    advice = (
        "No listed filler suits; agree another filler with the compounder."
        if other is None
        else f"Compound capsules with {other} filler."
    )
    return [
        Finding(
            "filler-sensitivity",
            Severity.CAUTION,
            f"Filler sensitivity ({avoid}): choose another capsule filler",
            f"The patient reacts to {avoid} filler. {advice}",
            RuleId.FILLER,
            avoid,
        )
    ]


_COUNSELLING: Final = (
    Finding(
        "hepatic-information",
        Severity.INFO,
        "Liver toxicity is not a significant concern at low dose",
        "Unlike the higher doses used for addiction, low dose naltrexone is not regarded "
        "as a significant liver risk. This is information, not a block.",
        RuleId.HEPATIC,
    ),
    Finding(
        "adverse-effects",
        Severity.INFO,
        "Counsel: vivid dreams, headache, nausea, insomnia; usually transient",
        "Tell the patient the common effects are vivid dreams, headache, nausea and "
        "insomnia, and that they usually settle. If they persist, step back to the "
        "last tolerated dose.",
        RuleId.ADVERSE,
    ),
)


def screen(
    patient: Patient, policy: Policy = MONOGRAPH, *, vocabulary: Vocabulary | None = None
) -> ScreeningReport:
    """Screen a patient before starting; the report says whether starting may go ahead.

    ``vocabulary`` is the shipped one (:func:`~ldn.opioids.default_vocabulary`)
    unless a clinic passes its own extension of it (:meth:`~ldn.opioids.Vocabulary.extend`).
    """
    if not isinstance(patient, Patient):
        raise LdnTypeError("patient", describe(patient), "a Patient")
    if not isinstance(policy, Policy):
        raise LdnTypeError("policy", describe(policy), "a Policy")
    vocabulary = vocabulary_or_default(vocabulary)
    findings = [
        *_opioid_findings(patient, policy, vocabulary),
        *_filler_findings(patient),
        *_COUNSELLING,
    ]
    findings.sort(key=lambda f: (f.severity.rank, f.code, f.trigger or ""))
    return ScreeningReport(tuple(findings), policy.name)
