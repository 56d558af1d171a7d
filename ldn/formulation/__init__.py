"""Formulations: compounded capsules, the oral liquid made from tablets, syringes and supply.

Capsules are compounded at one strength per dose, with cellulose filler unless
the patient reacts to it (LDN-FILLER). The oral liquid is one tablet dissolved in
water (LDN-LIQUID): under the monograph, 50 mg in 100 mL, or 0.5 mg per mL, so
every multiple of 0.5 mg is a whole number of mL. It keeps 14 days in the fridge
(LDN-LIQUID-BUD): a bottle lasts the shorter of what its tablet holds and that.

Behind this module, one file per part: the fillers, the capsules, the liquid with
its syringes, its handling, its bottles, the water volumes that suit a plan, and
the reported supply and cost.

>>> liquid = OralLiquid.from_tablet()
>>> str(liquid.concentration), liquid.volume_ml("4.5")
('0.5 mg/mL', Volume('9'))
>>> liquid.label("4.5")
'9 mL (4.5 mg)'
>>> choose_filler({"cellulose"})
<Filler.SUCROSE: 'sucrose'>
"""

from __future__ import annotations

from ldn.formulation._bottles import Bottle
from ldn.formulation._capsules import Capsule, capsule_counts, capsules_for
from ldn.formulation._fillers import (
    FILLER_PREFERENCE,
    Filler,
    choose_filler,
    suitable_filler,
    to_filler,
)
from ldn.formulation._handling import HANDLING, HandlingInstruction, liquid_handling
from ldn.formulation._liquid import (
    ORAL_SYRINGES,
    Concentration,
    LiquidDose,
    OralLiquid,
    Syringe,
    as_syringes,
)
from ldn.formulation._supply import (
    REPORTED_CAPSULE_COST,
    REPORTED_SUPPLY,
    ReportedCost,
    ReportedSupplier,
    SupplyReport,
)
from ldn.formulation._water import MAX_WATER_CANDIDATES, water_volumes_for

__all__ = [
    "FILLER_PREFERENCE",
    "HANDLING",
    "MAX_WATER_CANDIDATES",
    "ORAL_SYRINGES",
    "REPORTED_CAPSULE_COST",
    "REPORTED_SUPPLY",
    "Bottle",
    "Capsule",
    "Concentration",
    "Filler",
    "HandlingInstruction",
    "LiquidDose",
    "OralLiquid",
    "ReportedCost",
    "ReportedSupplier",
    "SupplyReport",
    "Syringe",
    "as_syringes",
    "capsule_counts",
    "capsules_for",
    "choose_filler",
    "liquid_handling",
    "suitable_filler",
    "to_filler",
    "water_volumes_for",
]
