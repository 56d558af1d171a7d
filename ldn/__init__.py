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

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ldn._version import __version__ as __version__

#: Every public name of the package, with the submodule that defines it. Submodules
#: load on first access to one of their names (``ldn.titrate``, ``from ldn import
#: Dose``), so ``import ldn`` itself stays cheap. ``__all__`` and ``dir(ldn)`` come
#: from this table: to export a name, add it here and to the ``TYPE_CHECKING`` block.
_EXPORTS: dict[str, str] = {
    "Dose": "ldn.dose",
    "Volume": "ldn.dose",
    "ExportError": "ldn.errors",
    "FormulationError": "ldn.errors",
    "HookRequestError": "ldn.errors",
    "InvalidDoseError": "ldn.errors",
    "InvalidPolicyError": "ldn.errors",
    "LdnError": "ldn.errors",
    "LdnTypeError": "ldn.errors",
    "MissingExtraError": "ldn.errors",
    "PolicyViolationError": "ldn.errors",
    "PrefetchMissingError": "ldn.errors",
    "ScheduleError": "ldn.errors",
    "ScreeningError": "ldn.errors",
    "MONOGRAPH": "ldn.monograph",
    "Policy": "ldn.monograph",
    "PolicyChange": "ldn.monograph",
    "RULES": "ldn.monograph",
    "Rule": "ldn.monograph",
    "RuleId": "ldn.monograph",
    "Washout": "ldn.monograph",
    "InstructionLine": "ldn.schedule",
    "ReviewWindow": "ldn.schedule",
    "Step": "ldn.schedule",
    "TitrationPlan": "ldn.schedule",
    "titrate": "ldn.schedule",
    "Course": "ldn.contraindication",
    "Finding": "ldn.contraindication",
    "LdnCourse": "ldn.contraindication",
    "LdnUse": "ldn.contraindication",
    "course_of": "ldn.contraindication",
    "Patient": "ldn.contraindication",
    "ScreeningReport": "ldn.contraindication",
    "Severity": "ldn.contraindication",
    "Unreadable": "ldn.contraindication",
    "screen": "ldn.contraindication",
    "screen_many": "ldn.contraindication",
    "Capsule": "ldn.formulation",
    "Concentration": "ldn.formulation",
    "Filler": "ldn.formulation",
    "LiquidDose": "ldn.formulation",
    "ORAL_SYRINGES": "ldn.formulation",
    "OralLiquid": "ldn.formulation",
    "Syringe": "ldn.formulation",
    "capsule_counts": "ldn.formulation",
    "capsules_for": "ldn.formulation",
    "choose_filler": "ldn.formulation",
    "water_volumes_for": "ldn.formulation",
    "REFERENCES": "ldn.monograph",
    "Reference": "ldn.monograph",
    "Dispense": "ldn.regimen",
    "FormulationAdvice": "ldn.regimen",
    "Recommendation": "ldn.regimen",
    "Regimen": "ldn.regimen",
    "advise_formulation": "ldn.regimen",
    "Coding": "ldn.medication",
    "Medication": "ldn.medication",
    "MedicationStatus": "ldn.medication",
}
#: Submodules reachable as attributes (``ldn.schedule``) without an import of their own.
_SUBMODULES = frozenset(
    {
        "cds",
        "contraindication",
        "dose",
        "errors",
        "fhir",
        "formulation",
        "medication",
        "monograph",
        "opioids",
        "regimen",
        "chart",
        "schedule",
    }
)

__all__ = sorted([*_EXPORTS, "__version__"])

# The real imports, for type checkers and IDEs; `X as X` marks each as re-exported.
# isort: off
if TYPE_CHECKING:
    from ldn.contraindication import (
        Course as Course,
        Finding as Finding,
        LdnCourse as LdnCourse,
        LdnUse as LdnUse,
        course_of as course_of,
        Patient as Patient,
        ScreeningReport as ScreeningReport,
        Severity as Severity,
        Unreadable as Unreadable,
        screen as screen,
        screen_many as screen_many,
    )
    from ldn.dose import Dose as Dose, Volume as Volume
    from ldn.errors import (
        ExportError as ExportError,
        FormulationError as FormulationError,
        HookRequestError as HookRequestError,
        InvalidDoseError as InvalidDoseError,
        InvalidPolicyError as InvalidPolicyError,
        LdnError as LdnError,
        LdnTypeError as LdnTypeError,
        MissingExtraError as MissingExtraError,
        PolicyViolationError as PolicyViolationError,
        PrefetchMissingError as PrefetchMissingError,
        ScheduleError as ScheduleError,
        ScreeningError as ScreeningError,
    )
    from ldn.medication import Coding as Coding, Medication as Medication
    from ldn.medication import MedicationStatus as MedicationStatus
    from ldn.regimen import (
        Dispense as Dispense,
        FormulationAdvice as FormulationAdvice,
        Recommendation as Recommendation,
        Regimen as Regimen,
        advise_formulation as advise_formulation,
    )
    from ldn.formulation import (
        ORAL_SYRINGES as ORAL_SYRINGES,
        Capsule as Capsule,
        Concentration as Concentration,
        Filler as Filler,
        LiquidDose as LiquidDose,
        OralLiquid as OralLiquid,
        Syringe as Syringe,
        capsule_counts as capsule_counts,
        capsules_for as capsules_for,
        choose_filler as choose_filler,
        water_volumes_for as water_volumes_for,
    )
    from ldn.monograph import (
        MONOGRAPH as MONOGRAPH,
        REFERENCES as REFERENCES,
        RULES as RULES,
        Policy as Policy,
        PolicyChange as PolicyChange,
        Reference as Reference,
        Rule as Rule,
        RuleId as RuleId,
        Washout as Washout,
    )
    from ldn.schedule import (
        InstructionLine as InstructionLine,
        ReviewWindow as ReviewWindow,
        Step as Step,
        TitrationPlan as TitrationPlan,
        titrate as titrate,
    )
# isort: on


def __getattr__(name: str) -> object:
    """Load the submodule that defines ``name`` on first access (PEP 562)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"ldn.{name}")
    else:
        raise AttributeError(f"module 'ldn' has no attribute {name!r}")
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBMODULES})
