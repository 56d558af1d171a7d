"""``ldn.fhir.read_draft_order`` and its values: a draft order's product and dosage steps."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from ldn import Filler, LdnTypeError, OralLiquid, titrate
from ldn.errors import HookRequestError
from ldn.fhir import (
    DosageStep,
    DraftOrder,
    OrderedProduct,
    Reader,
    Resources,
    medication_request,
    read_draft_order,
)

PLAN = titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
CAPSULES = medication_request(PLAN, subject="Patient/1", formulation=Filler.SUCROSE)
LIQUID = medication_request(PLAN, subject="Patient/1", formulation=OralLiquid.from_tablet())


def read(order: dict[str, Any]) -> DraftOrder:
    return read_draft_order(Reader(Resources([order])), order, "MedicationRequest[0]")


def dosage(mg: int, **repeat: Any) -> dict[str, Any]:
    return {
        "doseAndRate": [{"doseQuantity": {"value": mg, "code": "mg"}}],
        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", **repeat}},
    }


class TestReading:
    def test_capsules_and_liquid_are_read_whole(self) -> None:
        capsules, liquid = read(CAPSULES), read(LIQUID)
        assert [(s.number, s.daily, s.days, s.when) for s in capsules.steps] == [
            (1, Fraction(3, 2), 14, ("HS",)),
            (2, Fraction(3), 14, ("HS",)),
            (3, Fraction(9, 2), None, ("HS",)),
        ]
        assert capsules.unreadable is None
        assert liquid.unreadable is None
        assert capsules.product.per_ml is None
        assert capsules.product.contained
        assert capsules.product.fillers == ((1, (Filler.SUCROSE,)),)
        assert liquid.product.per_ml == Fraction(1, 2)
        assert [s.daily for s in liquid.steps] == [s.daily for s in capsules.steps]

    def test_an_open_step_before_a_rise_is_unreadable(self) -> None:
        order = {"resourceType": "MedicationRequest", "dosageInstruction": [dosage(1), dosage(2)]}
        read_order = read(order)
        assert read_order.unreadable == (
            "step 1 has no end date or duration, yet a higher dose follows it"
        )
        assert len(read_order.steps) == 2

    def test_an_open_step_before_the_same_or_a_lower_dose_is_read(self) -> None:
        for second in (1, 0):
            order = {
                "resourceType": "MedicationRequest",
                "dosageInstruction": [dosage(1), dosage(second)],
            }
            assert read(order).unreadable is None

    def test_dosing_that_cannot_be_counted_is_said_not_raised(self) -> None:
        order = {"resourceType": "MedicationRequest", "dosageInstruction": []}
        assert read(order) == DraftOrder(
            OrderedProduct(), (), "the order has no dosage instruction"
        )

    def test_a_malformed_member_names_the_order(self) -> None:
        order = {
            "resourceType": "MedicationRequest",
            "dosageInstruction": [dosage(1) | {"timing": []}],
        }
        with pytest.raises(HookRequestError) as raised:
            read(order)
        assert str(raised.value) == (
            "MedicationRequest[0].dosageInstruction[0].timing must be a JSON object, got list []"
        )

    def test_a_malformed_contained_resource_names_the_order(self) -> None:
        order = dict(CAPSULES, contained=[3])
        with pytest.raises(Exception, match=r"^MedicationRequest\[0\]\.contained\[0\] must be"):
            read(order)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (("r", CAPSULES, "x"), "reader must be a Reader, got str 'r'"),
            ((None, CAPSULES, "x"), "reader must be a Reader, got NoneType None"),
            (("READER", [], "x"), "resource must be a FHIR resource dict, got list []"),
            (("READER", CAPSULES, 1), "label must be a str, got int 1"),
        ],
    )
    def test_arguments_are_checked(self, arguments: tuple[Any, ...], message: str) -> None:
        reader = Reader(Resources([CAPSULES]))
        given = tuple(reader if each == "READER" else each for each in arguments)
        with pytest.raises(LdnTypeError) as raised:
            read_draft_order(*given)
        assert str(raised.value) == message

    def test_a_reader_needs_resources(self) -> None:
        with pytest.raises(LdnTypeError) as raised:
            Reader([CAPSULES])  # type: ignore[arg-type]
        assert str(raised.value).startswith("resources must be a Resources, got list [")


class TestValues:
    STEP = DosageStep(1, Fraction(1), Fraction(1), 7, ("HS",))

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"number": "1"}, "number must be an int, got str '1'"),
            ({"number": True}, "number must be an int, got bool True"),
            ({"dose": 1}, "dose must be a Fraction, got int 1"),
            ({"per_day": 1.0}, "per_day must be a Fraction, got float 1.0"),
            ({"days": "7"}, "days must be an int or None, got str '7'"),
            ({"when": "HS"}, "when must be a tuple or list of str, got str 'HS'"),
            ({"when": (1,)}, "when must be a tuple or list of str, got tuple (1,)"),
        ],
    )
    def test_a_step_checks_its_fields(self, fields: dict[str, Any], message: str) -> None:
        values = {"number": 1, "dose": Fraction(1), "per_day": Fraction(1), "days": 7}
        values |= {"when": ("HS",)} | fields
        with pytest.raises(LdnTypeError) as raised:
            DosageStep(**values)
        assert str(raised.value) == message

    def test_a_step_may_be_open_and_its_days_any_count(self) -> None:
        assert DosageStep(1, Fraction(1), Fraction(1), None, []).when == ()
        assert DosageStep(2, Fraction(1), Fraction(1, 7), -3, ["HS"]).daily == Fraction(1, 7)

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"resource": []}, "resource must be a JSON object or None, got list []"),
            ({"contained": 1}, "contained must be a bool, got int 1"),
            ({"per_ml": Fraction(1, 2) * 1.0}, "per_ml must be a Fraction or None, got float 0.5"),
            (
                {"fillers": "sucrose"},
                "fillers must be a tuple of (ingredient index, tuple of Filler), got str 'sucrose'",
            ),
            (
                {"fillers": 5},
                "fillers must be a tuple of (ingredient index, tuple of Filler), got int 5",
            ),
            (
                {"fillers": [(1,)]},
                "fillers must be a tuple of (ingredient index, tuple of Filler), got list [(1,)]",
            ),
            (
                {"fillers": [("1", ())]},
                "fillers must be a tuple of (ingredient index, tuple of Filler), got list [('1', ())]",
            ),
            (
                {"fillers": [(1, [])]},
                "fillers must be a tuple of (ingredient index, tuple of Filler), got list [(1, [])]",
            ),
            (
                {"fillers": [(1, ("sucrose",))]},
                "fillers must be a tuple of (ingredient index, tuple of Filler), got list [(1, ('sucrose',))]",
            ),
            (
                {"fillers": [[1, ()]]},
                "fillers must be a tuple of (ingredient index, tuple of Filler), got list [[1, ()]]",
            ),
        ],
    )
    def test_a_product_checks_its_fields(self, fields: dict[str, Any], message: str) -> None:
        with pytest.raises(LdnTypeError) as raised:
            OrderedProduct(**fields)
        assert str(raised.value) == message

    def test_a_product_takes_a_list_of_fillers(self) -> None:
        product = OrderedProduct(None, False, None, [(1, (Filler.GINGER,)), (2, ())])
        assert product.fillers == ((1, (Filler.GINGER,)), (2, ()))

    @pytest.mark.parametrize(
        ("fields", "kind", "message"),
        [
            (
                {"product": None},
                LdnTypeError,
                "product must be an OrderedProduct, got NoneType None",
            ),
            (
                {"steps": [1]},
                LdnTypeError,
                "steps must be a tuple or list of DosageStep, got list [1]",
            ),
            ({"unreadable": 3}, LdnTypeError, "unreadable must be a non-empty str, got int 3"),
            ({"unreadable": " "}, HookRequestError, "unreadable must be a non-empty str, got ' '"),
        ],
    )
    def test_an_order_checks_its_fields(
        self, fields: dict[str, Any], kind: type[Exception], message: str
    ) -> None:
        values: dict[str, Any] = {"product": OrderedProduct(), "steps": [self.STEP]} | fields
        with pytest.raises(kind) as raised:
            DraftOrder(**values)
        assert str(raised.value) == message
        assert type(raised.value) is kind
