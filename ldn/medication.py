"""Medication-list entries as prescribing systems hold them: free text, codes, or both.

A :class:`Coding` is one code from one code system (WHO ATC, RxNorm, SNOMED CT,
...), with the display text the sending system gave it. A :class:`Medication` is one
entry of a medication list: an optional free text and any number of codings, as in
a FHIR ``CodeableConcept``. :class:`~ldn.contraindication.Patient` takes plain
strings, codings and medications alike; screening reads every text, every display
and every code it knows (see :mod:`ldn.opioids`).

>>> entry = Medication("OxyContin 10 mg", (Coding(RXNORM, "1049621"),))
>>> entry.texts
('OxyContin 10 mg',)
>>> str(Coding(ATC, " n02aa05 ", "oxycodone"))
'http://www.whocc.no/atc|N02AA05 (oxycodone)'
>>> Medication.of("tramadol 50 mg")
Medication(text='tramadol 50 mg', codings=())

An entry of the medication history says whether it is still taken: ``status`` is
``"current"`` (the default) or ``"stopped"``, and ``last_taken`` is the last day
it was taken, when known (see LDN-OPIOID-FREE in :func:`ldn.screen`):

>>> import datetime as dt
>>> Medication("methadone 40 mg", status="stopped", last_taken=dt.date(2026, 12, 1))
Medication(text='methadone 40 mg', codings=(), status='stopped', last_taken=datetime.date(2026, 12, 1))
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Final, TypeAlias

import attrs
from attrs import field, frozen

from ldn._checks import Choices, choice, describe, tuple_of
from ldn._validators import calendar_date, optional
from ldn.errors import LdnTypeError, ScreeningError

__all__ = [
    "ATC",
    "RXNORM",
    "SNOMED_CT",
    "Coding",
    "Medication",
    "MedicationInput",
    "MedicationStatus",
    "canonical_system",
]

#: The WHO ATC code system, as FHIR names it.
ATC: Final = "http://www.whocc.no/atc"
#: RxNorm (US National Library of Medicine), as FHIR names it.
RXNORM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
#: SNOMED CT, with its national extensions (UK dm+d, AU AMT), as FHIR names it.
SNOMED_CT: Final = "http://snomed.info/sct"

#: Other spellings of the same code systems seen in real data: HL7 OIDs
#: (https://terminology.hl7.org/CodeSystem-v3-ietf3066.html lists the OID
#: registry; ATC 2.16.840.1.113883.6.73, RxNorm 2.16.840.1.113883.6.88, SNOMED CT
#: 2.16.840.1.113883.6.96) and https variants.
_SYSTEM_ALIASES: Final = {
    "urn:oid:2.16.840.1.113883.6.73": ATC,
    "urn:oid:2.16.840.1.113883.6.88": RXNORM,
    "urn:oid:2.16.840.1.113883.6.96": SNOMED_CT,
    "atc": ATC,
    "rxnorm": RXNORM,
    "snomed": SNOMED_CT,
    "snomedct": SNOMED_CT,
    "snomed ct": SNOMED_CT,
}
#: The longest text, code or system an entry may carry; longer input is refused.
MAX_TEXT: Final = 10_000


def canonical_system(system: str) -> str:
    """The FHIR URI of a code system from any of its usual spellings; unknown systems as given.

    Case, surrounding space, a trailing slash and ``https`` are ignored, and HL7
    OIDs are read, so ``"HTTPS://snomed.info/sct/"`` and
    ``"urn:oid:2.16.840.1.113883.6.96"`` both name SNOMED CT.

    >>> canonical_system("https://snomed.info/sct/"), canonical_system("urn:oid:2.16.840.1.113883.6.88")
    ('http://snomed.info/sct', 'http://www.nlm.nih.gov/research/umls/rxnorm')
    """
    if not isinstance(system, str):
        raise LdnTypeError("system", describe(system), "a str")
    key = system.strip().lower().rstrip("/")
    if key.startswith("https://"):
        key = "http://" + key.removeprefix("https://")
    for known in (ATC, RXNORM, SNOMED_CT):
        if key == known:
            return known
    return _SYSTEM_ALIASES.get(key, system.strip())


def _required_text(what: str, value: object) -> str:
    if not isinstance(value, str):
        raise LdnTypeError(what, describe(value), "a str")
    if len(value) > MAX_TEXT:
        raise ScreeningError(what, describe(value), f"at most {MAX_TEXT} characters")
    return value


def _optional_text(what: str, value: object) -> str | None:
    return None if value is None else _required_text(what, value)


def _system(value: object) -> str:
    text = _required_text("coding system", value)
    if not text.strip():
        raise ScreeningError("coding system", repr(text), "a non-empty code system URI")
    return canonical_system(text)


def _code(value: object) -> str:
    code = _required_text("code", value).strip()
    if not code:
        raise ScreeningError("code", repr(value), "a non-empty code")
    return code


def _display(value: object) -> str | None:
    return _optional_text("coding display", value)


def _free_text(value: object) -> str | None:
    return _optional_text("medication text", value)


@frozen
class Coding:
    """One code from one code system, with its display text if the sender gave one.

    ``system`` is stored in its canonical FHIR form (:func:`canonical_system`);
    ``code`` without surrounding space, and ATC codes in capitals.
    """

    system: str = field(converter=_system)
    code: str = field(converter=_code)
    display: str | None = field(default=None, converter=_display)

    def __attrs_post_init__(self) -> None:
        if self.system == ATC:
            object.__setattr__(self, "code", self.code.upper())

    @property
    def token(self) -> str:
        """``system|code``, the FHIR search-token form used in finding triggers."""
        return f"{self.system}|{self.code}"

    def __str__(self) -> str:
        return self.token if self.display is None else f"{self.token} ({self.display})"


def _codings(value: object) -> tuple[Coding, ...]:
    return tuple_of(value, Coding, "codings")


class MedicationStatus(StrEnum, metaclass=Choices, error=ScreeningError):
    """Whether a medication-list entry is still taken."""

    CURRENT = "current"
    STOPPED = "stopped"


def _status(value: object) -> MedicationStatus:
    return choice(value, MedicationStatus, "medication status", ScreeningError)


_last_taken = optional(calendar_date())


@frozen(repr=False)
class Medication:
    """One medication-list entry: free text, codings, or both (a FHIR ``CodeableConcept``).

    ``status`` says whether it is still taken (:class:`MedicationStatus`, or its
    text); a stopped entry's ``last_taken`` is the last day it was taken, None when
    unknown. On a current entry ``last_taken`` is the last day it is known to cover
    (a dispense's supply) and screening reads it as taken now.
    """

    text: str | None = field(default=None, converter=_free_text)
    codings: tuple[Coding, ...] = field(default=(), converter=_codings)
    status: MedicationStatus = field(default=MedicationStatus.CURRENT, converter=_status)
    last_taken: dt.date | None = field(default=None, validator=_last_taken)

    def with_history(
        self, status: MedicationStatus | str, last_taken: dt.date | None
    ) -> Medication:
        """This entry with another ``status`` and ``last_taken``, checked as the constructor
        checks them; its text and codings, already checked, are shared, not read again.

        >>> Medication("tramadol").with_history("stopped", dt.date(2026, 12, 1)).status
        <MedicationStatus.STOPPED: 'stopped'>
        """
        new = object.__new__(Medication)
        object.__setattr__(new, "text", self.text)
        object.__setattr__(new, "codings", self.codings)
        object.__setattr__(
            new, "status", status if type(status) is MedicationStatus else _status(status)
        )
        if last_taken is not None:
            _last_taken(new, _LAST_TAKEN_FIELD, last_taken)
        object.__setattr__(new, "last_taken", last_taken)
        return new

    def __repr__(self) -> str:
        """The fields, leaving out a current status and an unknown last day."""
        shown = f"Medication(text={self.text!r}, codings={self.codings!r}"
        if self.status is not MedicationStatus.CURRENT:
            shown += f", status={self.status.value!r}"
        if self.last_taken is not None:
            shown += f", last_taken={self.last_taken!r}"
        return shown + ")"

    @classmethod
    def of(cls, value: MedicationInput) -> Medication:
        """An entry from a str (its text), a :class:`Coding`, or a Medication (itself)."""
        if isinstance(value, Medication):
            return value
        if isinstance(value, Coding):
            return cls(codings=(value,))
        if isinstance(value, str):
            return cls(text=value)
        raise LdnTypeError("medication", describe(value), "a str, Coding or Medication")

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text the entry carries: its own, then each coding's display."""
        own = () if self.text is None else (self.text,)
        return own + tuple(c.display for c in self.codings if c.display is not None)

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        return "; ".join(str(c) for c in self.codings) or "(empty entry)"


#: The ``last_taken`` field, for the check :meth:`Medication.with_history` makes.
_LAST_TAKEN_FIELD: Final = attrs.fields(Medication).last_taken


#: Anything a medication list may hold.
MedicationInput: TypeAlias = "str | Coding | Medication"
