"""Property tests of the largest rise in one step (LDN-STEP-SIZE), wherever a dose is
made, and of the capsule fillers (LDN-FILLER).

The classes of these rules, their docstrings the rules as ldn.RULES states them, are
``TestLdnStepSize`` in test_continuation_rules.py and ``TestLdnFiller`` in
test_screening_rules.py; class names are unique across tests/property, so the
properties added here are functions, each marked with its rule and stating it.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldn import (
    MONOGRAPH,
    Dose,
    Filler,
    Patient,
    Policy,
    PolicyViolationError,
    ScheduleError,
    TitrationPlan,
    screen,
    titrate,
)
from ldn.fhir import patient_from_fhir
from ldn.formulation import Capsule, suitable_filler
from ldn.schedule import Step
from ldn.strategies import doses, plans, policies


def _rises(plan: TitrationPlan) -> list[Decimal]:
    return [b.dose.mg - a.dose.mg for a, b in itertools.pairwise(plan.steps) if b.dose > a.dose]


@st.composite
def _changed(draw: st.DrawFn, plan: TitrationPlan) -> TitrationPlan:
    """The plan after up to four drawn step backs, holds and resumes (those that apply)."""
    for _ in range(draw(st.integers(0, 4))):
        day = draw(st.integers(0, plan.maintenance_from + 3 * plan.interval_days))
        operation = draw(st.sampled_from(["step_back", "hold", "resume"]))
        try:
            plan = getattr(plan, operation)(day)
        except ScheduleError:
            continue  # nothing to step back to, already held, or not held long enough
    return plan


@pytest.mark.rule("LDN-STEP-SIZE")
@given(st.data())
def test_no_monograph_plan_rises_by_more_than_1_5_mg(data: st.DataObject) -> None:
    """LDN-STEP-SIZE: under MONOGRAPH no plan, stepped back, held or resumed, rises over 1.5 mg."""
    plan = data.draw(_changed(data.draw(plans(MONOGRAPH))))
    assert all(rise <= Decimal("1.5") for rise in _rises(plan))
    assert plan.step <= Dose("1.5")


@pytest.mark.rule("LDN-STEP-SIZE")
@given(st.data())
def test_every_policy_plan_keeps_its_own_largest_rise(data: st.DataObject) -> None:
    """LDN-STEP-SIZE: a plan under any policy rises by at most that policy's max_rise."""
    policy = data.draw(policies())
    plan = data.draw(_changed(data.draw(plans(policy))))
    assert all(rise <= policy.max_rise.mg for rise in _rises(plan))
    assert all(policy.allows_rise(a.dose, b.dose) for a, b in itertools.pairwise(plan.steps))


@pytest.mark.rule("LDN-STEP-SIZE")
@given(st.data())
def test_a_larger_step_is_refused(data: st.DataObject) -> None:
    """LDN-STEP-SIZE: ``titrate`` refuses a step above max_rise, naming it and the bound."""
    policy: Policy = data.draw(st.just(MONOGRAPH) | policies())
    step = data.draw(doses(policy.max_rise + Dose("0.001"), policy.max_rise + Dose(10)))
    with pytest.raises(PolicyViolationError) as raised:
        titrate(
            start=policy.start_min,
            step=step,
            interval_days=policy.min_interval_days,
            target=policy.max_daily_dose,
            policy=policy,
        )
    assert raised.value.rule_id == "LDN-STEP-SIZE"
    assert raised.value.given == str(step)
    assert f"at most {policy.max_rise}" in raised.value.allowed


@pytest.mark.rule("LDN-STEP-SIZE")
@given(doses(Dose("0.5"), Dose("1.5")), doses(Dose("0.001"), Dose(3)))
def test_a_plan_with_a_larger_rise_cannot_be_built(first: Dose, rise: Dose) -> None:
    """LDN-STEP-SIZE: the plan constructor asks the policy's own predicate."""
    after = first + rise
    steps = (Step(first, 0, 6), Step(after, 7, None))
    if MONOGRAPH.allows_rise(first, after) and MONOGRAPH.allows_daily(after):
        assert TitrationPlan(steps, Dose("1.5"), 7, after).maintenance_dose == after
    elif MONOGRAPH.allows_daily(after):
        with pytest.raises(PolicyViolationError) as raised:
            TitrationPlan(steps, Dose("1.5"), 7, after)
        assert raised.value.rule_id == "LDN-STEP-SIZE"


def _any_case(draw: st.DrawFn, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if flip else c.lower() for c, flip in zip(word, flips, strict=True))


@st.composite
def _named(draw: st.DrawFn) -> tuple[str, frozenset[Filler]]:
    """A synonym of a filler in any case, with words around it that name no filler."""
    filler = draw(st.sampled_from(list(Filler)))
    word = _any_case(draw, draw(st.sampled_from(filler.synonyms)))
    before = draw(st.sampled_from(["", "Allergy to ", "intolerant of ", "rash after "]))
    after = draw(st.sampled_from(["", " (rash)", " intolerance", ".", "; severe"]))
    return before + word + after, Filler.named_in(word)


def _allergy_with(text: str, where: str) -> dict[str, object]:
    if where == "text":
        return {"resourceType": "AllergyIntolerance", "code": {"text": text}}
    if where == "display":
        coding = {"system": "http://snomed.info/sct", "code": "1", "display": text}
        return {"resourceType": "AllergyIntolerance", "code": {"coding": [coding]}}
    return {"resourceType": "AllergyIntolerance", "reaction": [{"substance": {"text": text}}]}


@pytest.mark.rule("LDN-FILLER")
@given(_named(), st.sampled_from(["text", "display", "reaction"]))
def test_any_synonym_in_any_case_reads_alike_in_patient_and_fhir(
    named: tuple[str, frozenset[Filler]], where: str
) -> None:
    """LDN-FILLER: every synonym, in any case, is its filler in Patient and in FHIR alike."""
    text, fillers = named
    assert fillers  # every synonym names at least its own filler
    from_fhir = patient_from_fhir([_allergy_with(text, where)])
    assert from_fhir.filler_sensitivities == fillers
    assert Patient(filler_sensitivities=[text]).filler_sensitivities == fillers
    assert from_fhir.unrecognised_allergies == ()


@pytest.mark.rule("LDN-FILLER")
@given(st.lists(_named(), min_size=1, max_size=4))
def test_many_allergies_give_the_same_sensitivities(
    many: list[tuple[str, frozenset[Filler]]],
) -> None:
    """LDN-FILLER: a record of several allergies gives the fillers a Patient of their words has."""
    texts = [text for text, _ in many]
    from_fhir = patient_from_fhir([_allergy_with(text, "text") for text in texts])
    assert (
        from_fhir.filler_sensitivities == Patient(filler_sensitivities=texts).filler_sensitivities
    )
    chosen = suitable_filler(from_fhir.filler_sensitivities)
    assert chosen is None or chosen not in from_fhir.filler_sensitivities


@pytest.mark.rule("LDN-FILLER")
@given(
    st.sampled_from(["http://snomed.info/sct", "http://fdasis.nlm.nih.gov", "urn:oid:1.2"]),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=10),
)
def test_an_allergy_coded_without_words_is_never_dropped(system: str, code: str) -> None:
    """LDN-FILLER: a coded allergy with no words is a filler by its code or a caution."""
    resource = {
        "resourceType": "AllergyIntolerance",
        "code": {"coding": [{"system": system, "code": code}]},
    }
    patient = patient_from_fhir([resource])
    known = Filler.coded(system, code)
    if known is not None:
        assert patient.filler_sensitivities == {known}
        assert patient.unrecognised_allergies == ()
    else:
        assert patient.filler_sensitivities == set()
        report = screen(patient)
        found = [f for f in report.findings if f.code == "allergy-unrecognised"]
        assert [(f.severity, f.rule_id) for f in found] == [("caution", "LDN-FILLER")]
        assert found[0].trigger == f"AllergyIntolerance[0] (coded {system}|{code} without words)"


@pytest.mark.rule("LDN-FILLER")
@given(st.sets(st.sampled_from(list(Filler))))
def test_the_tablet_liquid_is_flagged_for_cellulose_and_lactose(sensitivities: set[Filler]) -> None:
    """LDN-FILLER: the finding says the tablet liquid holds cellulose and lactose when it matters."""
    report = screen(Patient(opioid_use=False, filler_sensitivities=sensitivities))
    found = [f for f in report.findings if f.code == "filler-sensitivity"]
    if not sensitivities:
        assert found == []
        return
    (finding,) = found
    warned = "oral liquid made from naltrexone 50 mg tablets" in finding.message
    assert warned is bool(sensitivities & {Filler.CELLULOSE, Filler.LACTOSE})


@pytest.mark.rule("LDN-DOSE-MAX")
@pytest.mark.rule("LDN-STEP-SIZE")
@given(st.data())
def test_no_capsule_above_the_policy_maximum(data: st.DataObject) -> None:
    """LDN-DOSE-MAX: a capsule is made up to the policy maximum, never above it."""
    policy: Policy = data.draw(st.just(MONOGRAPH) | policies())
    strength = data.draw(doses(Dose("0.001"), policy.max_daily_dose + Dose(5)))
    if strength <= policy.max_daily_dose:
        assert Capsule(strength, policy=policy).strength == strength
    else:
        with pytest.raises(PolicyViolationError) as raised:
            Capsule(strength, policy=policy)
        assert raised.value.rule_id == "LDN-DOSE-MAX"
