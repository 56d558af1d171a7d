"""Hypothesis strategies for ldn's values, to property-test code that uses ldn.

Needs ``hypothesis`` (``pip install "ldn-dosing[strategies]"``); ``import ldn`` never
imports this module, and importing it without hypothesis raises
:class:`~ldn.errors.MissingExtraError` (an :class:`ImportError` and an
:class:`~ldn.errors.LdnError`) naming the extra. Every strategy builds values that
satisfy their bounds by construction (``st.builds`` would ignore them).

Importing this module registers a strategy for each public value type with
:func:`hypothesis.strategies.register_type_strategy`, so ``st.from_type(ldn.Dose)``
(and :class:`~ldn.Volume`, :class:`~ldn.Policy`, :class:`~ldn.TitrationPlan`,
:class:`~ldn.Step`, :class:`~ldn.OralLiquid`, :class:`~ldn.Capsule`,
:class:`~ldn.Regimen`, :class:`~ldn.Patient`, :class:`~ldn.ScreeningReport`,
:class:`~ldn.Finding`) draws valid values, and ``@given(plan=...)`` with type hints
works through :func:`hypothesis.strategies.builds` and ``st.from_type``.

>>> from hypothesis import given
>>> @given(plans())
... def test_never_above_the_maximum(plan):
...     assert all(step.dose <= plan.policy.max_daily_dose for step in plan.steps)
>>> test_never_above_the_maximum()
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal
from typing import Any, Final

from ldn.errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError:
    raise MissingExtraError.of("hypothesis", "strategies", "ldn.strategies") from None

from ldn._checks import describe
from ldn._exact import exact
from ldn.contraindication import Finding, Patient, ScreeningReport, screen
from ldn.dose import Dose, Volume, as_dose
from ldn.errors import InvalidDoseError, LdnTypeError
from ldn.formulation import Capsule, Filler, OralLiquid
from ldn.monograph import MONOGRAPH, Policy
from ldn.regimen import Regimen, advise_formulation
from ldn.schedule import Step, TitrationPlan, titrate

__all__ = [
    "MEDICATIONS_WITHOUT_OPIOIDS",
    "MEDICATIONS_WITH_OPIOIDS",
    "doses",
    "half_mg_doses",
    "patients",
    "plans",
    "policies",
    "titrate_kwargs",
    "volumes",
]

_SMALLEST: Final = Dose("0.001")
_LARGEST: Final = Dose(1000)
_THOUSANDTH: Final = Decimal("0.001")

#: Medication strings screening must flag as opioids.
MEDICATIONS_WITH_OPIOIDS: Final = (
    "Codeine phosphate 30 mg",
    "paracetamol/codeine",
    "co-codamol 30/500",
    "tramadol 50 mg",
    "N02AX02",
    "oxycodone/naloxone 10/5 mg",
    "morphine sulfate 10 mg MR",
    "buprenorphine 5 mcg/h patch",
    "fentanyl 25 mcg/h patch",
    "methadone 10 mg/mL",
    "tapentadol 50 mg",
    "pholcodine linctus",
)
#: Medication strings screening must not flag, look-alikes and antagonists included.
MEDICATIONS_WITHOUT_OPIOIDS: Final = (
    "naltrexone 50 mg",
    "naloxone 400 mcg",
    "naloxegol 25 mg",
    "lofexidine",
    "dextromethorphan 15 mg",
    "noscapine",
    "apomorphine 2 mg",
    "paracetamol 1 g",
    "amitriptyline 10 mg",
    "pregabalin 75 mg",
    "N07BB04",
    "R05DA09",
)


@exact
def _mg(thousandths: int) -> Dose:
    return Dose(Decimal(thousandths).scaleb(-3))


@exact
def doses(low: Dose = _SMALLEST, high: Dose = _LARGEST) -> st.SearchStrategy[Dose]:
    """Any dose from ``low`` to ``high`` inclusive, at the 0.001 mg resolution."""
    low, high = as_dose(low, "low"), as_dose(high, "high")
    if high < low:
        raise InvalidDoseError("high", str(high), f"at least low ({low})")
    return st.integers(int(low.mg * 1000), int(high.mg * 1000)).map(_mg)


@exact
def half_mg_doses(high: Dose = MONOGRAPH.max_daily_dose) -> st.SearchStrategy[Dose]:
    """Multiples of 0.5 mg from 0.5 mg up to ``high`` (at least 0.5 mg)."""
    high = as_dose(high, "high")
    if high < Dose("0.5"):
        raise InvalidDoseError("high", str(high), "at least 0.5 mg")
    return st.integers(1, int(high.mg * 2)).map(_half_mg)


@exact
def _half_mg(halves: int) -> Dose:
    return Dose(Decimal(halves) / 2)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """A valid policy derived from :data:`~ldn.MONOGRAPH`, every rule figure redrawn."""
    start_min = draw(doses(Dose("0.1"), Dose(5)))
    start_max = draw(doses(start_min, Dose(6)))
    maximum = draw(doses(start_max, Dose(12)))
    low_interval = draw(st.integers(1, 21))
    high_interval = draw(st.integers(low_interval, 28))
    review_from = draw(st.integers(0, 60))
    review_to = draw(st.integers(review_from, 90))
    return MONOGRAPH.derive(
        name="drawn",
        reason="drawn by ldn.strategies.policies()",
        max_daily_dose=maximum,
        start_min=start_min,
        start_max=start_max,
        min_interval_days=low_interval,
        max_interval_days=high_interval,
        review_from_day=review_from,
        review_to_day=review_to,
        loperamide_blocks=draw(st.booleans()),
        unrecognised_blocks=draw(st.booleans()),
        continuation_days=draw(st.integers(0, 28)),
        max_rise=draw(doses(Dose("0.1"), maximum)),
        liquid_tablet=Dose(51),  # always one change, so derive() never sees a no-op
        liquid_bud_days=draw(st.integers(1, 30)),
        switch_nights=draw(st.integers(1, 28)),
    )


def titrate_kwargs(policy: Policy = MONOGRAPH) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments :func:`ldn.titrate` accepts under ``policy``.

    The step is at most the policy's ``max_rise`` (LDN-STEP-SIZE); the plan has at
    most 41 steps unless that bound needs more.
    """
    _checked_policy(policy)
    return _titrate_kwargs(policy)


@st.composite
def _titrate_kwargs(draw: st.DrawFn, policy: Policy) -> dict[str, Any]:
    start = draw(doses(policy.start_min, policy.start_max))
    target = draw(doses(start, policy.max_daily_dose))
    largest_step = policy.max_rise  # LDN-STEP-SIZE
    smallest_step = min(Dose(_smallest_step(start, target)), largest_step)
    step = draw(doses(smallest_step, largest_step))
    interval = draw(st.integers(policy.min_interval_days, policy.max_interval_days))
    return {"start": start, "step": step, "interval_days": interval, "target": target}


@exact
def _smallest_step(start: Dose, target: Dose) -> Decimal:
    """The smallest step that reaches ``target`` from ``start`` in at most 40 rises."""
    return max(_THOUSANDTH, ((target.mg - start.mg) / 40).quantize(_THOUSANDTH, ROUND_CEILING))


def plans(policy: Policy | None = None) -> st.SearchStrategy[TitrationPlan]:
    """A titration plan under ``policy``, or under the monograph or a drawn policy."""
    if policy is not None:
        _checked_policy(policy)
    return _plans(policy)


@st.composite
def _plans(draw: st.DrawFn, policy: Policy | None) -> TitrationPlan:
    if policy is None:
        policy = draw(st.sampled_from([MONOGRAPH]) | policies())
    start_date = draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))
    return titrate(**draw(titrate_kwargs(policy)), start_date=start_date, policy=policy)


def _checked_policy(value: object) -> None:
    if not isinstance(value, Policy):
        raise LdnTypeError("policy", describe(value), "a Policy")


def patients(opioids: bool | None = None) -> st.SearchStrategy[Patient]:
    """A patient; ``opioids=False`` gives one who may start, ``True`` one who must not."""
    if opioids is not None and not isinstance(opioids, bool):
        raise LdnTypeError("opioids", describe(opioids), "True, False or None")
    return _patients(opioids)


@st.composite
def _patients(draw: st.DrawFn, opioids: bool | None) -> Patient:
    safe = st.lists(st.sampled_from(MEDICATIONS_WITHOUT_OPIOIDS), max_size=6)
    medications = draw(safe)
    status: bool | None = False
    if opioids is None:
        status = draw(st.sampled_from([True, False, None]))
        medications += draw(st.lists(st.sampled_from(MEDICATIONS_WITH_OPIOIDS), max_size=2))
    elif opioids:
        medications.insert(
            draw(st.integers(0, len(medications))), draw(st.sampled_from(MEDICATIONS_WITH_OPIOIDS))
        )
    fillers = draw(st.sets(st.sampled_from(sorted(Filler)), max_size=3))
    return Patient(medications=medications, opioid_use=status, filler_sensitivities=fillers)


@exact
def _ml(thousandths: int) -> Volume:
    return Volume(Decimal(thousandths).scaleb(-3))


def volumes() -> st.SearchStrategy[Volume]:
    """Any volume from 0.001 mL to 1000 mL, at the 0.001 mL resolution."""
    return st.integers(1, 1_000_000).map(_ml)


def _regimen(plan: TitrationPlan, liquid: bool, fillers: frozenset[Filler]) -> Regimen:
    """The regimen :func:`ldn.advise_formulation` gives for the plan (capsules if it must)."""
    advice = advise_formulation(manages_liquid=liquid, filler_sensitivities=fillers, plan=plan)
    return advice.regimen()


_fillers = st.frozensets(st.sampled_from(sorted(Filler)), max_size=2)
_reports = patients().map(screen)

st.register_type_strategy(Dose, doses())
st.register_type_strategy(Volume, volumes())
st.register_type_strategy(Policy, st.just(MONOGRAPH) | policies())
st.register_type_strategy(TitrationPlan, plans())
st.register_type_strategy(Step, plans().flatmap(lambda plan: st.sampled_from(plan.steps)))
st.register_type_strategy(
    OralLiquid, st.builds(OralLiquid, st.sampled_from(["50", "25"]), st.integers(10, 500))
)
st.register_type_strategy(Capsule, st.builds(Capsule, half_mg_doses(), st.sampled_from(Filler)))
st.register_type_strategy(Regimen, st.builds(_regimen, plans(MONOGRAPH), st.booleans(), _fillers))
st.register_type_strategy(Patient, patients())
st.register_type_strategy(ScreeningReport, _reports)
st.register_type_strategy(Finding, _reports.flatmap(lambda r: st.sampled_from(r.findings)))
