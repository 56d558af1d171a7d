"""The values of screening: patients, findings, reports, and what a record could not give. Private.

Import these from :mod:`ldn.contraindication` (or :mod:`ldn`).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from attrs import field, frozen

from ldn._card import render_card
from ldn._checks import Choices, choice, describe, nonempty, tuple_of
from ldn._html import html_table
from ldn._validators import instance_of, optional, text
from ldn.errors import LdnTypeError, ScreeningError
from ldn.formulation import Filler
from ldn.medication import Coding, Medication, MedicationInput
from ldn.monograph import RuleId

__all__ = [
    "SUMMARY_LIMIT",
    "Finding",
    "Patient",
    "ScreeningReport",
    "Severity",
    "Unreadable",
    "record_of",
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
    """Fillers and texts, each text read by :meth:`~ldn.formulation.Filler.named_in` (LDN-FILLER)."""
    return Filler.set_of(value, name="filler_sensitivities")  # type: ignore[arg-type]


def _allergies(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise LdnTypeError(
            "unrecognised_allergies", describe(value), "a collection of str, not one"
        )
    items = tuple(value)
    for item in items:
        nonempty(item, "unrecognised allergy", ScreeningError)
    return items


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
_flag = instance_of(bool, "True or False")


@frozen
class Unreadable:
    """A part of a patient's record that could not be read, named so a person reads it.

    ``resource`` names it (``"MedicationStatement[Bundle.entry[3]]"``), ``reason``
    says what was wrong, and ``medication`` is True when it is, or may be, a
    medication: it then counts as an unrecognised medication (LDN-OPIOID).
    """

    resource: str = field(validator=_text)
    reason: str = field(validator=_text)
    medication: bool = field(default=True, validator=_flag)


def _unreadable(value: object) -> tuple[Unreadable, ...]:
    return tuple_of(value, Unreadable, "unreadable")


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
    ``filler_sensitivities`` are :class:`~ldn.formulation.Filler` values or texts
    that name them, read by :meth:`Filler.named_in <ldn.formulation.Filler.named_in>`
    as :func:`ldn.fhir.patient_from_fhir` reads allergy records (``"MCC"``,
    ``"Avicel"``, ``"milk sugar"``, ``"lactose"``: any of
    :attr:`Filler.synonyms <ldn.formulation.Filler.synonyms>`, any case); a text
    naming no filler is refused. ``unrecognised_allergies`` names allergies that may
    be to an excipient but name no known filler (coded without words, or naming
    another excipient): each becomes an ``allergy-unrecognised`` caution (LDN-FILLER).

    A medication entry that is a :class:`~ldn.medication.Medication` may say it was
    stopped, and when (``status``, ``last_taken``): screening then applies the
    opioid-free interval (LDN-OPIOID-FREE). ``unreadable`` names the parts of a
    record that could not be read (:class:`Unreadable`; each becomes a finding),
    and ``opioid_use_evidence`` says where ``opioid_use`` comes from when a record
    gave it (an Observation coded with :data:`ldn.fhir.CONFIRMATION_CODES`,
    LDN-CONFIRM): findings about opioid use name it.
    """

    medications: tuple[MedicationInput, ...] = field(default=(), converter=_medications)
    opioid_use: bool | None = field(default=None, validator=_opioid_status)
    filler_sensitivities: frozenset[Filler] = field(default=frozenset(), converter=_sensitivities)
    unreadable: tuple[Unreadable, ...] = field(default=(), converter=_unreadable)
    opioid_use_evidence: str | None = field(default=None, validator=_optional_text)
    unrecognised_allergies: tuple[str, ...] = field(default=(), converter=_allergies)


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

        >>> from ldn import screen
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

    def __str__(self) -> str:
        """One line for a clinician: severity, code, rule id, summary and trigger.

        >>> from ldn import screen
        >>> print(screen(Patient(["tramadol 50 mg"], opioid_use=False)).findings[0])
        contraindication opioid-use [LDN-OPIOID]: Opioid (tramadol) in the medication list: do not start (tramadol 50 mg)
        """
        trigger = "" if self.trigger is None else f" ({self.trigger})"
        return f"{self.severity} {self.code} [{self.rule_id}]: {self.summary}{trigger}"

    def _repr_html_(self) -> str:
        caption = f"Finding {self.code} [{self.rule_id}]"
        rows: list[list[object]] = [
            ["severity", self.severity],
            ["summary", self.summary],
            ["message", self.message],
            ["trigger", self.trigger],
        ]
        return html_table(caption, ["field", "value"], rows)


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

    def to_records(self) -> list[dict[str, str | None]]:
        """One dict per finding, ready for ``pandas.DataFrame`` or ``polars.DataFrame``.

        Keys, each a str: ``code``, ``severity``, ``rule_id``, ``summary``,
        ``message``, and ``trigger`` (None when no entry triggered the finding).
        ``pandas.DataFrame(records)`` gives text columns (``object`` under pandas 2,
        ``str`` under pandas 3; ``.convert_dtypes()`` gives ``string``), ``trigger``
        holding None or NaN for the missing ones; ``polars.DataFrame(records)``
        gives ``String`` columns with nulls. Records are plain data: to write JSON,
        ``json.dumps(report.to_records())`` works as is.
        """
        return [record_of(f) for f in self.findings]

    def __str__(self) -> str:
        """The verdict, then one line per finding, for a clinician (rule ids included).

        >>> from ldn import screen
        >>> print(screen(Patient(opioid_use=False)))
        Screening under policy 'monograph': may start (2 findings)
          info adverse-effects [LDN-ADVERSE]: Counsel: vivid dreams, headache, nausea, insomnia; usually transient
          info hepatic-information [LDN-HEPATIC]: Liver toxicity is not a significant concern at low dose
        """
        verdict = "may start" if self.may_start else "must not start"
        count = "1 finding" if len(self.findings) == 1 else f"{len(self.findings)} findings"
        lines = [f"Screening under policy {self.policy_name!r}: {verdict} ({count})"]
        return "\n".join(lines + [f"  {each}" for each in self.findings])

    def _repr_html_(self) -> str:
        verdict = "may start" if self.may_start else "must not start"
        caption = f"Screening under policy {self.policy_name!r}: {verdict}"
        headers = ["severity", "code", "rule", "summary", "trigger"]
        keys = ["severity", "code", "rule_id", "summary", "trigger"]
        return html_table(caption, headers, [[r[k] for k in keys] for r in self.to_records()])


def record_of(finding: Finding) -> dict[str, str | None]:
    """One finding as a plain record (:meth:`ScreeningReport.to_records`)."""
    return {
        "code": finding.code,
        "severity": str(finding.severity),
        "rule_id": str(finding.rule_id),
        "summary": finding.summary,
        "message": finding.message,
        "trigger": finding.trigger,
    }
