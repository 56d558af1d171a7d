"""ldn: the dosing logic of low dose naltrexone as exact, immutable, traceable values.

>>> import ldn
>>> plan = ldn.titrate(start="1.5", step="1.5", interval_days=14, target="4.5")
>>> plan.maintenance_dose
Dose('4.5')
>>> ldn.OralLiquid.from_tablet().volume_ml(plan.maintenance_dose)
Volume('9')
>>> ldn.screen(ldn.Patient(medications=("tramadol 50 mg",), opioid_use=False)).may_start
False
"""

from ldn.contraindication import Finding, Patient, ScreeningReport, Severity, screen
from ldn.dose import Dose, Volume
from ldn.errors import (
    ExportError,
    FormulationError,
    InvalidDoseError,
    InvalidPolicyError,
    LdnError,
    LdnTypeError,
    PolicyViolationError,
    ScheduleError,
    ScreeningError,
)
from ldn.formulation import (
    ORAL_SYRINGES,
    Capsule,
    Concentration,
    Filler,
    LiquidDose,
    OralLiquid,
    Syringe,
    capsule_counts,
    capsules_for,
    choose_filler,
    water_volumes_for,
)
from ldn.monograph import (
    MONOGRAPH,
    REFERENCES,
    RULES,
    Policy,
    PolicyChange,
    Reference,
    Rule,
    RuleId,
)
from ldn.regimen import Dispense, FormulationAdvice, Recommendation, Regimen, advise_formulation
from ldn.schedule import InstructionLine, ReviewWindow, Step, TitrationPlan, titrate

__version__ = "0.1.0"

__all__ = [
    "MONOGRAPH",
    "ORAL_SYRINGES",
    "REFERENCES",
    "RULES",
    "Capsule",
    "Concentration",
    "Dispense",
    "Dose",
    "ExportError",
    "Filler",
    "Finding",
    "FormulationAdvice",
    "FormulationError",
    "InstructionLine",
    "InvalidDoseError",
    "InvalidPolicyError",
    "LdnError",
    "LdnTypeError",
    "LiquidDose",
    "OralLiquid",
    "Patient",
    "Policy",
    "PolicyChange",
    "PolicyViolationError",
    "Recommendation",
    "Reference",
    "Regimen",
    "ReviewWindow",
    "Rule",
    "RuleId",
    "ScheduleError",
    "ScreeningError",
    "ScreeningReport",
    "Severity",
    "Step",
    "Syringe",
    "TitrationPlan",
    "Volume",
    "__version__",
    "advise_formulation",
    "capsule_counts",
    "capsules_for",
    "choose_filler",
    "screen",
    "titrate",
    "water_volumes_for",
]
