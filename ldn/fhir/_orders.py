"""Draft orders as FHIR: a ``MedicationRequest``'s dosage instructions and its product.

The CDS services check draft naltrexone orders (:mod:`ldn.cds`); this module reads
them, on top of the one FHIR reader (:mod:`ldn.fhir._reader`): each dosage
instruction as a :class:`DosageStep` (mg a dose, doses a day, days it lasts, ``when``
codes), and the ordered ``Medication`` as an :class:`OrderedProduct` (mg per mL of a liquid,
the filler each inactive ingredient names).

A member of the wrong JSON type raises :class:`~ldn.errors.HookRequestError` naming
where it is; an order that is well formed but cannot be counted (no dose quantity,
a unit other than mg or mL, a timing or duration ``ldn`` does not read) raises
:class:`_Unreadable`, which the services turn into an ``order-unreadable`` card.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, cast

from attrs import field, frozen

from ldn._checks import describe, tuple_of
from ldn._validators import instance_of, optional, sized_number, text
from ldn.errors import HookRequestError, LdnError, LdnTypeError
from ldn.fhir._reader import FILLER_WORDS, Reader, json_object, read_concept
from ldn.formulation import Filler

__all__ = ["DosageStep", "DraftOrder", "OrderedProduct", "read_draft_order", "record_steps"]

_PER_DAY: Final = MappingProxyType({"h": Fraction(24), "d": Fraction(1), "wk": Fraction(1, 7)})
_DURATION_DAYS: Final = MappingProxyType({"d": 1, "wk": 7})
#: Doses a day of each timing abbreviation (``Timing.code``; FHIR value set
#: TimingAbbreviation, codes of HL7 v3 GTSAbbreviation: http://hl7.org/fhir/R4/valueset-timing-abbreviation.html).
_GTS_PER_DAY: Final = MappingProxyType(
    {
        "BID": Fraction(2),
        "TID": Fraction(3),
        "QID": Fraction(4),
        "AM": Fraction(1),
        "PM": Fraction(1),
        "QD": Fraction(1),
        "QOD": Fraction(1, 2),
        "Q1H": Fraction(24),
        "Q2H": Fraction(12),
        "Q3H": Fraction(8),
        "Q4H": Fraction(6),
        "Q6H": Fraction(4),
        "Q8H": Fraction(3),
        "BED": Fraction(1),
        "WK": Fraction(1, 7),
        "MO": Fraction(1, 30),
    }
)
#: The largest magnitude a JSON number may have, as an int (compared with an int, no
#: decimal context is used) and as the Decimal of the same value.
_MAX_INT: Final = 10**9
_MAX_NUMBER: Final = Decimal(_MAX_INT)
_MAX_DIGITS: Final = 20
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class _Unreadable(Exception):  # noqa: N818  (caught in this module, never raised to a caller)
    """A well-formed order whose dosing ``ldn`` cannot count; becomes ``DraftOrder.unreadable``."""


def _json_number(value: object, where: str) -> Fraction:
    """A JSON number by its shortest decimal form (a float's repr), exactly.

    >>> _json_number(0.1, "x"), _json_number(Decimal("4.5"), "x"), _json_number(3, "x")
    (Fraction(1, 10), Fraction(9, 2), Fraction(3, 1))
    """
    if type(value) is int and -_MAX_INT < value < _MAX_INT:
        return Fraction(value)  # the common case (frequency, period): no Decimal
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise HookRequestError(where, describe(value), "a JSON number")
    # A float's repr holds the shortest digits that read back as the same float ("nan"
    # and "inf" included); Decimal of a str or an int is exact and uses no context. A
    # huge int is refused without converting it (a million digits take seconds).
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int) and abs(value) >= _MAX_NUMBER:
        number = Decimal("Infinity")
    else:
        number = Decimal(value)
    if (
        not number.is_finite()
        or number.copy_abs() >= _MAX_NUMBER  # copy_abs: no context, nothing rounds
        or len(number.as_tuple().digits) > _MAX_DIGITS
    ):
        raise HookRequestError(
            where,
            describe(value),
            f"a finite number below 1000000000, of at most {_MAX_DIGITS} digits",
        )
    return Fraction(number)


def _when(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "when")


@frozen
class DosageStep:
    """One dosage instruction as read: mg a dose, doses a day, days it lasts (None: open).

    ``number`` is the step's place in the order (from 1); ``when`` its FHIR
    ``timing.repeat.when`` codes.
    """

    number: int = field(validator=sized_number(int, "an int", HookRequestError))
    dose: Fraction = field(validator=sized_number(Fraction, "a Fraction", HookRequestError))
    per_day: Fraction = field(validator=sized_number(Fraction, "a Fraction", HookRequestError))
    days: int | None = field(
        validator=optional(sized_number(int, "an int or None", HookRequestError))
    )
    when: tuple[str, ...] = field(converter=_when)
    #: The first day of the step, when its ``boundsPeriod`` gives a full start date.
    start: dt.date | None = field(
        default=None, validator=optional(instance_of(dt.date, "a datetime.date or None"))
    )

    @property
    def daily(self) -> Fraction:
        """The mg a day: the dose times the doses a day."""
        return self.dose * self.per_day


def _fillers(value: object) -> tuple[tuple[int, tuple[Filler, ...]], ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or not all(
        isinstance(pair, tuple)
        and len(pair) == 2
        and isinstance(pair[0], int)
        and isinstance(pair[1], tuple)
        and all(isinstance(each, Filler) for each in pair[1])
        for pair in items
    ):
        raise LdnTypeError(
            "fillers", describe(value), "a tuple of (ingredient index, tuple of Filler)"
        )
    return items


@frozen
class OrderedProduct:
    """The order's Medication resource as read: liquid strength, fillers, where it lives.

    ``resource`` is the Medication found (None: the order names none it can find),
    ``contained`` whether it is contained in the order, ``per_ml`` the mg per mL of
    a liquid, ``fillers`` the fillers each inactive ingredient names, by its index.
    """

    resource: Mapping[str, Any] | None = field(
        default=None, validator=optional(instance_of(Mapping, "a JSON object or None"))
    )
    contained: bool = field(default=False, validator=instance_of(bool, "a bool"))
    per_ml: Fraction | None = field(
        default=None,
        validator=optional(sized_number(Fraction, "a Fraction or None", HookRequestError)),
    )
    fillers: tuple[tuple[int, tuple[Filler, ...]], ...] = field(default=(), converter=_fillers)


def _steps(value: object) -> tuple[DosageStep, ...]:
    return tuple_of(value, DosageStep, "steps")


@frozen
class DraftOrder:
    """A draft ``MedicationRequest`` as read: its product and dosage steps.

    ``unreadable`` says why its dosing cannot be counted (no dose quantity, a unit
    other than mg or mL, a timing or duration ``ldn`` does not read, an open step
    before a rise); its steps are then not to be checked. None when it was read whole.
    """

    product: OrderedProduct = field(validator=instance_of(OrderedProduct, "an OrderedProduct"))
    steps: tuple[DosageStep, ...] = field(default=(), converter=_steps)
    unreadable: str | None = field(default=None, validator=optional(text(HookRequestError)))


def read_draft_order(reader: Reader, resource: Mapping[str, Any], label: str) -> DraftOrder:
    """A draft ``MedicationRequest`` (named ``label`` in messages) read through ``reader``.

    A member of the wrong JSON type raises :class:`~ldn.errors.HookRequestError`
    naming the order and the member; dosing that is well formed but cannot be
    counted is said in the :class:`DraftOrder`'s ``unreadable``.

    >>> from ldn import titrate
    >>> from ldn.fhir import Reader, Resources, medication_request
    >>> order = medication_request(titrate(start="1.5", step="1.5", interval_days=14, target="4.5"),
    ...                            subject="Patient/1")
    >>> read = read_draft_order(Reader(Resources([order])), order, "MedicationRequest[0]")
    >>> [(str(step.daily), step.days) for step in read.steps], read.unreadable
    ([('3/2', 14), ('3', 14), ('9/2', None)], None)
    """
    if not isinstance(reader, Reader):
        raise LdnTypeError("reader", describe(reader), "a Reader")
    if not isinstance(resource, Mapping):
        raise LdnTypeError("resource", describe(resource), "a FHIR resource dict")
    if not isinstance(label, str):
        raise LdnTypeError("label", describe(label), "a str")
    try:
        product = _read_product(reader, resource, label)
    except _Unreadable as why:
        return DraftOrder(OrderedProduct(), (), str(why))
    try:
        steps = _dosage_steps(resource, product.per_ml)
    except HookRequestError as error:  # name the order in the message
        raise HookRequestError(f"{label}.{error.subject}", error.given, error.allowed) from None
    except _Unreadable as why:
        return DraftOrder(product, (), str(why))
    for step, following in itertools.pairwise(steps):
        if following.daily > step.daily and step.days is None:
            return DraftOrder(
                product,
                steps,
                f"step {step.number} has no end date or duration, yet a higher dose follows it",
            )
    return DraftOrder(product, steps)


def _read_product(reader: Reader, resource: Mapping[str, Any], label: str) -> OrderedProduct:
    """The order's Medication: mg per mL of a liquid, and the filler each inactive ingredient names.

    ``label`` names the order in messages. An order that names no Medication it can
    find (a concept, or a reference that resolves to nothing) gives an empty Product.
    """
    r5 = resource.get("medication")
    reference = (
        r5.get("reference") if isinstance(r5, Mapping) else resource.get("medicationReference")
    )
    target = reference.get("reference") if isinstance(reference, Mapping) else None
    if not isinstance(target, str):
        return OrderedProduct()
    found = reader.resolve(resource, target, label)
    if found is None or found.get("resourceType") != "Medication":
        return OrderedProduct()
    per_ml: Fraction | None = None
    fillers: list[tuple[int, tuple[Filler, ...]]] = []
    for index, ingredient in enumerate(_objects(found, "ingredient", f"{label}.medication")):
        where = f"{label}.medication.ingredient[{index}]"
        if ingredient.get("isActive") is False:
            texts = _concept_texts(ingredient, where)
            named = tuple(f for f, word in FILLER_WORDS.items() if any(map(word.search, texts)))
            fillers.append((index, named))
            continue
        strength = _object(ingredient, "strengthRatio", where) or _object(
            ingredient, "strength", where
        )
        if strength is not None:
            numerator = _quantity(_object(strength, "numerator", where), f"{where}.numerator")
            denominator = _quantity(_object(strength, "denominator", where), f"{where}.denominator")
            if numerator[1] == "mg" and denominator[1] == "mL" and denominator[0] > 0:
                per_ml = numerator[0] / denominator[0]
    return OrderedProduct(found, target.startswith("#"), per_ml, tuple(fillers))


def _concept_texts(ingredient: Mapping[str, Any], where: str) -> tuple[str, ...]:
    """The words of an ingredient's concept: its text and its codings' displays."""
    concept = ingredient.get("itemCodeableConcept")
    item = ingredient.get("item")
    if isinstance(item, Mapping):
        concept = item.get("concept")
    if not isinstance(concept, Mapping):
        return ()
    return read_concept(concept, where).texts  # the reader has checked it already


def _object(owner: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any] | None:
    """A member that is absent or a JSON object (else a HookRequestError)."""
    return json_object(owner, name, where, HookRequestError)


def _objects(owner: Mapping[str, Any], name: str, where: str) -> list[Mapping[str, Any]]:
    """A member that is absent (no items) or a JSON array of objects."""
    at = f"{where}.{name}" if where else name
    value = owner.get(name, [])
    if not isinstance(value, list):
        raise HookRequestError(at, describe(value), "a JSON array")
    for index, each in enumerate(value):
        if not isinstance(each, Mapping):
            raise HookRequestError(f"{at}[{index}]", describe(each), "a JSON object")
    return value


def _unit(quantity: Mapping[str, Any]) -> str | None:
    """A quantity's UCUM code (else its unit); "ml" is read as "mL"."""
    code = quantity.get("code", quantity.get("unit"))
    if not isinstance(code, str):
        return None
    return "mL" if code == "ml" else code


def _quantity(value: Mapping[str, Any] | None, where: str) -> tuple[Fraction, str | None]:
    if value is None or "value" not in value:
        raise _Unreadable(f"{where} has no value")
    return _json_number(value["value"], f"{where}.value"), _unit(value)


def _dosage_steps(
    resource: Mapping[str, Any], per_ml: Fraction | None, member: str = "dosageInstruction"
) -> list[DosageStep]:
    """A request's dosage instructions as steps, in ``sequence`` order (else in list order).

    ``per_ml`` is the product's strength, for doses given in mL; ``member`` the
    list of Dosage (a statement's is ``dosage``).
    """
    dosages = _objects(resource, member, "")
    if not dosages:
        raise _Unreadable("the order has no dosage instruction")
    steps = [
        _read_dosage(dosage, f"{member}[{index}]", index + 1, per_ml)
        for index, dosage in enumerate(dosages)
    ]
    sequences = [dosage.get("sequence") for dosage in dosages]
    if all(sequence is None for sequence in sequences):
        return steps
    for index, sequence in enumerate(sequences):
        if isinstance(sequence, bool) or not isinstance(sequence, int):
            raise HookRequestError(
                f"{member}[{index}].sequence",
                describe(sequence),
                "an integer on every dosage instruction, or on none",
            )
    if len(set(sequences)) != len(sequences):
        raise _Unreadable(
            "two dosage instructions share a sequence number (concurrent ones are not read)"
        )
    positions = sorted(range(len(steps)), key=cast(list[int], sequences).__getitem__)
    return [steps[index] for index in positions]


def _read_dosage(
    dosage: Mapping[str, Any], where: str, number: int, per_ml: Fraction | None
) -> DosageStep:
    """One dosage instruction (at ``where``, step ``number``) as a :class:`DosageStep`.

    Absent timing members take FHIR's meaning: once (``frequency`` 1) a day
    (``period`` 1, ``periodUnit`` d), open-ended.
    """
    rates = _objects(dosage, "doseAndRate", where)
    quantities = [_object(rate, "doseQuantity", f"{where}.doseAndRate") for rate in rates]
    if not any(quantities):
        raise _Unreadable(f"{where} has no dose quantity")
    amount, unit = _quantity(next(q for q in quantities if q), f"{where}.doseQuantity")
    if unit == "mL":
        if per_ml is None:
            raise _Unreadable(f"{where} gives mL, and the medication states no mg per mL")
        amount *= per_ml
    elif unit != "mg":
        raise _Unreadable(f"{where} gives its dose in {unit!r}, not mg or mL")
    timing = _object(dosage, "timing", where) or {}
    repeat = _object(timing, "repeat", f"{where}.timing") or {}
    frequency = _json_number(
        repeat.get("frequencyMax", repeat.get("frequency", 1)), f"{where}.timing.frequency"
    )
    period = _json_number(repeat.get("period", 1), f"{where}.timing.period")
    period_unit = repeat.get("periodUnit", "d")
    if (
        period <= 0
        or frequency <= 0
        or not isinstance(period_unit, str)
        or period_unit not in _PER_DAY
    ):
        raise _Unreadable(f"{where} has a timing ldn cannot read")
    when = _codes_list(repeat, "when", f"{where}.timing.repeat")
    times = _codes_list(repeat, "timeOfDay", f"{where}.timing.repeat")
    # Each time of day and each distinct ``when`` event is one dose in the period.
    events = max(frequency, Fraction(max(len(set(times)), len(set(when)))))
    per_day = max(events / period * _PER_DAY[period_unit], _coded_per_day(timing, where))
    return DosageStep(
        number, amount, per_day, _days(repeat, f"{where}.timing.repeat"), when, _start(repeat)
    )


def _start(repeat: Mapping[str, Any]) -> dt.date | None:
    """The full start date of a step's ``boundsPeriod``, else None (never an error)."""
    period = repeat.get("boundsPeriod")
    start = period.get("start") if isinstance(period, Mapping) else None
    try:
        return _date(start, "start")
    except _Unreadable:
        return None


def _codes_list(owner: Mapping[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = owner.get(name, [])
    if not isinstance(value, list) or not all(isinstance(each, str) for each in value):
        raise HookRequestError(f"{where}.{name}", describe(value), "a list of codes")
    return tuple(value)


def _coded_per_day(timing: Mapping[str, Any], where: str) -> Fraction:
    """The doses a day a ``Timing.code`` abbreviation (BID, TID, ...) gives; 0 when none."""
    code = _object(timing, "code", f"{where}.timing")
    if code is None:
        return Fraction(0)  # below any per_day a repeat gives
    codings = _objects(code, "coding", f"{where}.timing.code")
    texts = [c.get("code") for c in codings] + [code.get("text")]
    found = [
        _GTS_PER_DAY[t.upper()] for t in texts if isinstance(t, str) and t.upper() in _GTS_PER_DAY
    ]
    return max(found, default=Fraction(0))


def _days(repeat: Mapping[str, Any], where: str) -> int | None:
    """The days a step lasts, both ends counted; None for an open-ended step."""
    duration = _object(repeat, "boundsDuration", where)
    if duration is not None:
        value, unit = _quantity(duration, f"{where}.boundsDuration")
        days = _DURATION_DAYS.get(unit or "")
        if days is None or value.denominator != 1:
            raise _Unreadable(f"{where}.boundsDuration is not whole days or weeks")
        return int(value) * days
    period = _object(repeat, "boundsPeriod", where)
    if period is None or "end" not in period:
        return None
    start, end = (
        _date(period.get(side), f"{where}.boundsPeriod.{side}") for side in ("start", "end")
    )
    return (end - start).days + 1


def _date(value: object, where: str) -> dt.date:
    """A full FHIR date (a dateTime's date part); anything else cannot be counted."""
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is not None:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass  # 2026-02-30
    raise _Unreadable(f"{where} is not a full date")


def record_steps(
    reader: Reader, resource: Mapping[str, Any], label: str, member: str
) -> tuple[DosageStep, ...]:
    """The dosage steps of a record's resource (``member``: its Dosage list), in order.

    Empty when the dosing cannot be read: the record is read for what it says,
    never refused.
    """
    try:
        product = _read_product(reader, resource, label)
        return tuple(_dosage_steps(resource, product.per_ml, member))
    except (LdnError, _Unreadable):
        return ()
