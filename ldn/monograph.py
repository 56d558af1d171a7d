"""The monograph's rules as data, and the policies built on them.

Each clinical decision of the monograph is a :class:`Rule` with a stable id
(:class:`RuleId`), the monograph section it comes from, a paraphrase, and the
names of the :class:`Policy` figures it fixes. :data:`MONOGRAPH` is the default
policy, holding the monograph's own figures. A clinic that needs other figures
derives a named policy with :meth:`Policy.derive`, which records every change
and the reason for it.

>>> MONOGRAPH.max_daily_dose
Dose('4.5')
>>> MONOGRAPH.figures(RuleId.START)
{'start_min': Dose('0.5'), 'start_max': Dose('1.5')}
>>> trial = MONOGRAPH.derive(
...     name="fibromyalgia-rct-2024",
...     reason="Trial protocol used 6 mg once daily",
...     max_daily_dose="6",
... )
>>> trial.changes
(PolicyChange(figure='max_daily_dose', old=Dose('4.5'), new=Dose('6'), rule_id=<RuleId.DOSE_MAX: 'LDN-DOSE-MAX'>),)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final, NoReturn, TypeAlias

import attrs
from attrs import field, frozen

from ldn._checks import (
    Choices,
    abbreviate,
    choice,
    describe,
    int_arg,
    nonempty,
    quoted,
    shown,
    tuple_of,
)
from ldn.dose import Dose, DoseInput, Volume, as_dose
from ldn.errors import InvalidPolicyError, LdnTypeError, PolicyViolationError

__all__ = [
    "FIGURE_TYPES",
    "MAX_NAME_LENGTH",
    "MONOGRAPH",
    "MONOGRAPH_NAME",
    "REFERENCES",
    "RULES",
    "Figure",
    "Policy",
    "PolicyChange",
    "Reference",
    "ReferenceKind",
    "Rule",
    "RuleId",
]

#: The value of one policy figure.
Figure: TypeAlias = "Dose | Volume | int | bool"


class RuleId(StrEnum, metaclass=Choices, error=InvalidPolicyError):
    """The stable ids of the monograph's clinical decisions."""

    DOSE_MAX = "LDN-DOSE-MAX"
    DOSE_TYPICAL = "LDN-DOSE-TYPICAL"
    START = "LDN-START"
    STEP_INTERVAL = "LDN-STEP-INTERVAL"
    TIMING = "LDN-TIMING"
    REVIEW = "LDN-REVIEW"
    OPIOID = "LDN-OPIOID"
    FILLER = "LDN-FILLER"
    LIQUID = "LDN-LIQUID"
    HEPATIC = "LDN-HEPATIC"
    ADVERSE = "LDN-ADVERSE"
    FORMULATION = "LDN-FORMULATION"
    SUPPLY = "LDN-SUPPLY"
    ANTAGONIST = "LDN-ANTAGONIST"


class ReferenceKind(StrEnum, metaclass=Choices, error=InvalidPolicyError):
    """What sort of source a :class:`Reference` is."""

    MONOGRAPH = "monograph"
    MEDICINES_INFORMATION = "medicines information"
    REVIEW = "review"
    TRIAL = "trial"


def _reference_kind(value: object) -> ReferenceKind:
    return choice(value, ReferenceKind, "kind", InvalidPolicyError)


def _nonempty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    nonempty(value, attribute.name, InvalidPolicyError)


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _nonempty(instance, attribute, value)


@frozen
class Reference:
    """One source behind the rules: the monograph itself, or a link or citation it lists.

    Every reference but the monograph has a locator: a URL, a DOI or a PubMed id.

    >>> REFERENCES[-1].link
    'https://doi.org/10.1016/S2665-9913(23)00278-3'
    """

    id: str = field(validator=_nonempty)
    title: str = field(validator=_nonempty)
    kind: ReferenceKind = field(converter=_reference_kind)
    citation: str | None = field(default=None, validator=_optional_text)
    url: str | None = field(default=None, validator=_optional_text)
    doi: str | None = field(default=None, validator=_optional_text)
    pmid: str | None = field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.kind is not ReferenceKind.MONOGRAPH and self.link is None:
            raise InvalidPolicyError(
                f"locator of reference {quoted(self.id)}", "none", "a url, doi or pmid"
            )
        if self.url is not None and not self.url.startswith("https://"):
            raise InvalidPolicyError(
                f"url of reference {quoted(self.id)}", quoted(self.url), "an https:// URL"
            )

    @property
    def link(self) -> str | None:
        """The best link to the source: its URL, else its DOI, else its PubMed page."""
        if self.url is not None:
            return self.url
        if self.doi is not None:
            return f"https://doi.org/{self.doi}"
        if self.pmid is not None:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return None


#: The sources the monograph names: itself, its two external links and its two references.
#: Which rule cites which source (``Rule.references``) is the library's choice: the monograph
#: lists its sources at the end, not per section.
REFERENCES: Final[tuple[Reference, ...]] = (
    Reference(
        "monograph",
        "Low dose naltrexone (the monograph this library encodes)",
        ReferenceKind.MONOGRAPH,
    ),
    Reference(
        "racgp-2023",
        "Low-dose naltrexone in the treatment of fibromyalgia: a systematic review and "
        "narrative synthesis",
        ReferenceKind.REVIEW,
        # Citation as listed in nzdoctor.co.nz/node/29498, reference 2.
        citation="Aitcheson N, Lin Z, Tynan K. Aust J Gen Pract 2023;52(4):189-95",
        url="https://www1.racgp.org.au/ajgp/2023/april/low-dose-naltrexone-in-the-treatment-of-fibromyalg",
    ),
    Reference(
        "nz-medinfo-liquid-2023",
        "Naltrexone oral liquid formula",
        ReferenceKind.MEDICINES_INFORMATION,
        citation="medicinesinformation.co.nz, 5 July 2023",
        url="https://www.medicinesinformation.co.nz/2023/07/05/naltrexone-oral-liquid-formula/?pos=naltrexone",
    ),
    Reference(
        "patten-2018",
        "The Safety and Efficacy of Low-Dose Naltrexone in the Management of Chronic Pain and "
        "Inflammation in Multiple Sclerosis, Fibromyalgia, Crohn's Disease, and Other Chronic "
        "Pain Disorders",
        ReferenceKind.REVIEW,
        citation="Patten et al. Pharmacotherapy 2018;38:382-389",
        pmid="29377216",
    ),
    Reference(
        "bruun-2024",
        "Naltrexone 6 mg once daily versus placebo in women with fibromyalgia: a randomised, "
        "double-blind, placebo-controlled trial",
        ReferenceKind.TRIAL,
        citation="Due Bruun K et al. The Lancet Rheumatology 2024;6(1):e31-e39",
        doi="10.1016/S2665-9913(23)00278-3",
    ),
)

_REFERENCE_BY_ID: Final = {reference.id: reference for reference in REFERENCES}


def _reference_ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(each, str) for each in value):
        raise LdnTypeError("references", describe(value), "a tuple or list of reference ids")
    unknown = [each for each in value if each not in _REFERENCE_BY_ID]
    if unknown or len(set(value)) != len(value):
        raise InvalidPolicyError(
            "references",
            abbreviate(", ".join(quoted(each, 81) for each in value[:20]), 80),
            f"distinct ids among {', '.join(_REFERENCE_BY_ID)}",
        )
    return tuple(value)


#: The name of the default policy; no other policy may take it (in any case or spacing).
MONOGRAPH_NAME: Final = "monograph"
#: The figures of a policy and their types. Each belongs to exactly one rule.
FIGURE_TYPES: Final[dict[str, type]] = {
    "max_daily_dose": Dose,
    "typical_low": Dose,
    "typical_high": Dose,
    "typical_common": Dose,
    "start_min": Dose,
    "start_max": Dose,
    "min_interval_days": int,
    "max_interval_days": int,
    "review_from_day": int,
    "review_to_day": int,
    "loperamide_blocks": bool,
    "liquid_tablet": Dose,
    "liquid_water": Volume,
}
#: The longest policy name: names appear in every message about the policy.
MAX_NAME_LENGTH: Final = 100


def _rule_id(value: object) -> RuleId:
    """A :class:`RuleId` from itself or its text (``"LDN-START"``)."""
    return choice(value, RuleId, "rule id", InvalidPolicyError)


def _figure_names(value: object) -> tuple[str, ...]:
    names = tuple_of(value, str, "figures")
    unknown = [name for name in names if name not in FIGURE_TYPES]
    if unknown or len(set(names)) != len(names):
        raise InvalidPolicyError(
            "figures", describe(value), "distinct names of policy figures (see FIGURE_TYPES)"
        )
    return names


@frozen
class Rule:
    """One clinical decision: its id, source section, a paraphrase and the figures it fixes.

    ``informational`` rules never refuse anything; they only inform or counsel.
    """

    id: RuleId = field(converter=_rule_id)
    title: str = field(validator=_nonempty)
    section: str = field(validator=_nonempty)
    statement: str = field(validator=_nonempty)
    figures: tuple[str, ...] = field(default=(), converter=_figure_names)
    informational: bool = field(default=False)
    references: tuple[str, ...] = field(default=("monograph",), converter=_reference_ids)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.informational, bool):
            raise LdnTypeError("informational", describe(self.informational), "a bool")

    @property
    def sources(self) -> tuple[Reference, ...]:
        """The :class:`Reference` values behind this rule, the monograph first.

        >>> [r.id for r in MONOGRAPH.rule("LDN-LIQUID").sources]
        ['monograph', 'nz-medinfo-liquid-2023']
        """
        return tuple(_REFERENCE_BY_ID[each] for each in self.references)


#: Every rule of the monograph, in the order of the design contract.
RULES: Final[tuple[Rule, ...]] = (
    Rule(
        RuleId.DOSE_MAX,
        "Maximum daily dose",
        "Dosing",
        "Titration goes no higher than 4.5 mg a day; a larger daily dose is refused.",
        ("max_daily_dose",),
        references=("monograph", "racgp-2023", "bruun-2024"),
    ),
    Rule(
        RuleId.DOSE_TYPICAL,
        "Typical maintenance dose",
        "Introduction",
        "Maintenance doses usually lie between 1 and 5 mg a day, 4.5 mg being the most "
        "common. This describes practice; where it exceeds the maximum, the maximum wins.",
        ("typical_low", "typical_high", "typical_common"),
        informational=True,
        references=("monograph", "racgp-2023"),
    ),
    Rule(
        RuleId.START,
        "Starting dose",
        "Dosing",
        "The first nightly dose lies between 0.5 mg and 1.5 mg, both included.",
        ("start_min", "start_max"),
        references=("monograph",),
    ),
    Rule(
        RuleId.STEP_INTERVAL,
        "Titration interval",
        "Dosing",
        "Each increase follows the previous one after one to two weeks: no sooner than "
        "7 days and no later than 14 days.",
        ("min_interval_days", "max_interval_days"),
        references=("monograph",),
    ),
    Rule(
        RuleId.TIMING,
        "Time of dosing",
        "Dosing",
        "One dose a day, taken at night, at bedtime.",
        references=("monograph",),
    ),
    Rule(
        RuleId.REVIEW,
        "Efficacy review",
        "Dosing",
        "Whether it helps is judged 4 to 6 weeks (days 28 to 42) after the maintenance dose begins.",
        ("review_from_day", "review_to_day"),
        informational=True,
        references=("monograph",),
    ),
    Rule(
        RuleId.OPIOID,
        "Concurrent opioids",
        "Dosing; Adverse Effects",
        "As an opioid antagonist, naltrexone can bring on acute withdrawal in a patient "
        "taking opioids. Starting requires confirmation that the patient takes none; "
        "an unknown status is not taken as a no.",
        ("loperamide_blocks",),
        references=("monograph",),
    ),
    Rule(
        RuleId.FILLER,
        "Capsule filler",
        "Dosing",
        "A patient who reacts to the usual cellulose filler of compounded capsules can "
        "have sucrose or ginger filler instead.",
        references=("monograph",),
    ),
    Rule(
        RuleId.LIQUID,
        "Oral liquid from tablets",
        "Dosing",
        "One 50 mg tablet dissolved in 100 mL of water gives 0.5 mg per mL. Keep it in the "
        "refrigerator wrapped in aluminium foil, measure each dose with an oral syringe, "
        "and tell the patient the taste is very unpleasant.",
        ("liquid_tablet", "liquid_water"),
        references=("monograph", "nz-medinfo-liquid-2023"),
    ),
    Rule(
        RuleId.HEPATIC,
        "Liver safety",
        "Adverse Effects",
        "Liver toxicity, a concern at the higher doses used for addiction, is not "
        "regarded as significant at low dose. This informs; it never blocks.",
        informational=True,
        references=("monograph", "patten-2018"),
    ),
    Rule(
        RuleId.ADVERSE,
        "Common adverse effects",
        "Adverse Effects",
        "Vivid dreams, headache, nausea and insomnia are the effects most often "
        "reported; they are usually short-lived.",
        informational=True,
        references=("monograph", "patten-2018", "racgp-2023"),
    ),
    Rule(
        RuleId.FORMULATION,
        "Choice of formulation",
        "Dosing",
        "A patient who can manage it may take the oral liquid made from tablets: it costs "
        "less and its dose is easy to adjust, which helps while the dose is being found. "
        "Otherwise compounded capsules are used.",
        informational=True,
        references=("monograph", "nz-medinfo-liquid-2023"),
    ),
    Rule(
        RuleId.SUPPLY,
        "Sources and cost",
        "Dosing",
        "The monograph reports two Auckland compounders and a cost of about $90 for a "
        "three-month supply. These are dated reports, never a current price.",
        informational=True,
    ),
    Rule(
        RuleId.ANTAGONIST,
        "Opioid antagonist already taken",
        "Clinical notes (not in the monograph)",
        "A patient who already takes an opioid antagonist by mouth or injection (naltrexone in "
        "any product, nalmefene, samidorphan) is flagged for review: the new prescription "
        "would duplicate or conflict with it. Naloxone alone and the antagonists that act "
        "only on the gut are neither this nor opioid use.",
        references=(),  # not from the monograph: clinical-notes.md and the product labels
    ),
)

_RULE_BY_ID: Final = {rule.id: rule for rule in RULES}
_RULE_OF_FIGURE: Final = {name: rule.id for rule in RULES for name in rule.figures}


def _check_days(attribute: attrs.Attribute[int], value: object, minimum: int) -> None:
    """A whole number of days between ``minimum`` and 366."""
    int_arg(value, attribute.name)
    if not minimum <= value <= 366:  # type: ignore[operator]
        raise InvalidPolicyError(
            attribute.name,
            shown(value),
            f"between {minimum} and 366 days",
            rule_id=_RULE_OF_FIGURE[attribute.name],
        )


def _interval_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    _check_days(attribute, value, 1)


def _review_day(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    _check_days(attribute, value, 0)


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise LdnTypeError(attribute.name, describe(value), "a bool")


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if len(nonempty(value, attribute.name, InvalidPolicyError)) > MAX_NAME_LENGTH:
        raise InvalidPolicyError(
            attribute.name, quoted(value), f"at most {MAX_NAME_LENGTH} characters"
        )


def _optional_name(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        _name(instance, attribute, value)  # type: ignore[arg-type]


def _is_reserved(name: str) -> bool:
    return name.strip().casefold() == MONOGRAPH_NAME


@frozen
class PolicyChange:
    """One figure a derived policy changed, with the rule that figure belongs to.

    ``old`` and ``new`` differ and are of the figure's type; ``rule_id`` is the rule
    the figure belongs to (it may be given as its text).
    """

    figure: str
    old: Figure
    new: Figure
    rule_id: RuleId = field(converter=_rule_id)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.figure, str) or self.figure not in FIGURE_TYPES:
            raise InvalidPolicyError(
                "figure of a policy change",
                describe(self.figure),
                f"one of {', '.join(FIGURE_TYPES)}",
            )
        kind = FIGURE_TYPES[self.figure]
        for which in ("old", "new"):
            value = getattr(self, which)
            if type(value) is not kind:
                raise LdnTypeError(
                    f"{which} value of {self.figure}", describe(value), f"a {kind.__name__}"
                )
        if self.old == self.new:
            raise InvalidPolicyError(
                f"new value of {self.figure}", shown(self.new), f"other than {shown(self.old)}"
            )
        if self.rule_id is not _RULE_OF_FIGURE[self.figure]:
            raise InvalidPolicyError(
                f"rule of figure {self.figure}",
                str(self.rule_id),
                str(_RULE_OF_FIGURE[self.figure]),
            )


def _figure_value(figure: str, value: object) -> Figure:
    """A figure given to :meth:`Policy.derive`, converted to the figure's type (ranges come later)."""
    kind = FIGURE_TYPES[figure]
    if kind is Dose:
        return Dose(value)
    if kind is Volume:
        return Volume(value)
    if kind is int:
        return int_arg(value, figure)
    if not isinstance(value, bool):
        raise LdnTypeError(figure, describe(value), "a bool")
    return value


def _changes(value: object) -> tuple[PolicyChange, ...]:
    return tuple_of(value, PolicyChange, "changes")


def _lineage(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "lineage")


def _lineage_default(policy: Policy) -> tuple[str, ...]:
    return () if policy.derived_from is None else (policy.derived_from,)


@frozen
class Policy:
    """The figures that decide what ``ldn`` accepts, each traceable to a :class:`Rule`.

    Build one with :meth:`derive` from :data:`MONOGRAPH`; the constructor is for
    the monograph itself and for tests.
    """

    name: str = field(validator=_name)
    reason: str = field(validator=_nonempty, repr=False)
    max_daily_dose: Dose = field(converter=Dose)
    typical_low: Dose = field(converter=Dose, repr=False)
    typical_high: Dose = field(converter=Dose, repr=False)
    typical_common: Dose = field(converter=Dose, repr=False)
    start_min: Dose = field(converter=Dose)
    start_max: Dose = field(converter=Dose)
    min_interval_days: int = field(validator=_interval_days)
    max_interval_days: int = field(validator=_interval_days)
    review_from_day: int = field(validator=_review_day, repr=False)
    review_to_day: int = field(validator=_review_day, repr=False)
    loperamide_blocks: bool = field(validator=_flag, repr=False)
    liquid_tablet: Dose = field(converter=Dose, repr=False)
    liquid_water: Volume = field(converter=Volume, repr=False)
    derived_from: str | None = field(default=None, repr=False, validator=_optional_name)
    changes: tuple[PolicyChange, ...] = field(default=(), repr=False, converter=_changes)
    #: The names of the policies this one was derived through, the first first.
    lineage: tuple[str, ...] = field(
        default=attrs.Factory(_lineage_default, takes_self=True),
        repr=False,
        converter=_lineage,
    )

    def __attrs_post_init__(self) -> None:
        self._check_name_and_lineage()
        self._check_changes()
        self._require(self.start_min <= self.start_max, "start_min", "start_max")
        self._require(self.start_max <= self.max_daily_dose, "start_max", "max_daily_dose")
        self._require(self.typical_low <= self.typical_common, "typical_low", "typical_common")
        self._require(self.typical_common <= self.typical_high, "typical_common", "typical_high")
        self._require(
            self.min_interval_days <= self.max_interval_days,
            "min_interval_days",
            "max_interval_days",
        )
        self._require(
            self.review_from_day <= self.review_to_day, "review_from_day", "review_to_day"
        )

    def _check_name_and_lineage(self) -> None:
        if _is_reserved(self.name) and self != _DEFAULT.get(MONOGRAPH_NAME, self):
            raise InvalidPolicyError(
                "name of a policy other than the monograph's",
                quoted(self.name),
                f"a name other than {MONOGRAPH_NAME!r} (derive a named policy from MONOGRAPH)",
            )
        expected_parent = self.lineage[-1] if self.lineage else None
        if self.derived_from != expected_parent:
            raise InvalidPolicyError(
                f"derived_from of policy {self.name!r}",
                quoted(self.derived_from),
                f"the last name of its lineage ({quoted(expected_parent)})",
            )
        names = (*self.lineage, self.name)
        if len({" ".join(n.split()).casefold() for n in names}) != len(names):
            raise InvalidPolicyError(
                f"name of policy {self.name!r}",
                quoted(self.name),
                "a name not already used in its derivation chain "
                f"({abbreviate(' -> '.join(self.lineage), 200)})",
            )
        if (self.derived_from is None) != (not self.changes):
            raise InvalidPolicyError(
                f"changes of policy {self.name!r}",
                f"{len(self.changes)} changes",
                "at least one change on a derived policy and none on any other",
            )

    def _check_changes(self) -> None:
        """The last recorded change of each figure must give the figure its current value."""
        latest = {change.figure: change.new for change in self.changes}
        for figure, value in latest.items():
            if getattr(self, figure) != value:
                raise InvalidPolicyError(
                    f"{figure} of policy {self.name!r}",
                    shown(getattr(self, figure)),
                    f"{shown(value)}, as its last recorded change says",
                )

    def _require(self, holds: bool, lower: str, upper: str) -> None:
        if not holds:
            raise InvalidPolicyError(
                f"{lower} of policy {self.name!r}",
                str(getattr(self, lower)),
                f"at most {upper} ({getattr(self, upper)})",
                rule_id=_RULE_OF_FIGURE[lower],
            )

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules behind this policy's figures (the monograph's, for every policy)."""
        return RULES

    def rule(self, rule_id: RuleId | str) -> Rule:
        """Look up one rule by its id.

        >>> MONOGRAPH.rule("LDN-TIMING").title
        'Time of dosing'
        """
        return _RULE_BY_ID[_rule_id(rule_id)]

    def figures(self, rule_id: RuleId | str) -> dict[str, Figure]:
        """The figures this policy holds for one rule, by name."""
        return {name: getattr(self, name) for name in self.rule(rule_id).figures}

    def derive(self, *, name: str, reason: str, **figures: object) -> Policy:
        """A new policy with other figures, a name of its own and a stated reason.

        Every changed figure is recorded in :attr:`changes` (with this policy's
        changes before it). Unknown figure names, an empty reason, a reused name
        and a derivation that changes nothing are refused.
        """
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidPolicyError(
                "reason for a derived policy", quoted(reason), "a non-empty str"
            )
        if name == self.name:
            raise InvalidPolicyError(
                "name of a derived policy", quoted(name), f"a name other than {self.name!r}"
            )
        unknown = sorted(set(figures) - set(_RULE_OF_FIGURE))
        if unknown:
            raise InvalidPolicyError(
                "figure names",
                abbreviate(", ".join(unknown), 200),
                f"among {', '.join(sorted(_RULE_OF_FIGURE))}",
            )
        replaced: dict[str, Any] = {
            figure: _figure_value(figure, value) for figure, value in figures.items()
        }
        new_changes = tuple(
            PolicyChange(figure, getattr(self, figure), replaced[figure], rule_id)
            for figure, rule_id in _RULE_OF_FIGURE.items()
            if figure in replaced and getattr(self, figure) != replaced[figure]
        )
        if not new_changes:
            raise InvalidPolicyError(
                "figures of a derived policy",
                "none changed",
                f"at least one different from policy {self.name!r}",
            )
        return attrs.evolve(
            self,
            name=name,
            reason=reason,
            derived_from=self.name,
            lineage=(*self.lineage, self.name),
            changes=self.changes + new_changes,
            **replaced,
        )

    def _violation(self, subject: str, given: object, allowed: str, rule: RuleId) -> NoReturn:
        raise PolicyViolationError(
            subject, str(given), f"{allowed} under policy {self.name!r}", rule_id=rule
        )

    def check_daily_dose(self, dose: DoseInput) -> Dose:
        """Return the dose if this policy allows it as a daily dose, else raise (LDN-DOSE-MAX).

        >>> MONOGRAPH.check_daily_dose("4.5")
        Dose('4.5')
        >>> MONOGRAPH.check_daily_dose("6")
        Traceback (most recent call last):
        ...
        ldn.errors.PolicyViolationError: daily dose must be at most 4.5 mg under policy 'monograph', got 6 mg [LDN-DOSE-MAX]
        """
        checked = as_dose(dose)
        if checked > self.max_daily_dose:
            self._violation(
                "daily dose", checked, f"at most {self.max_daily_dose}", RuleId.DOSE_MAX
            )
        return checked

    def check_start_dose(self, dose: DoseInput) -> Dose:
        """Return the dose if this policy allows it as a first dose, else raise (LDN-START)."""
        checked = as_dose(dose)
        if not self.start_min <= checked <= self.start_max:
            self._violation(
                "starting dose",
                checked,
                f"between {self.start_min} and {self.start_max} inclusive",
                RuleId.START,
            )
        return checked

    def check_interval(self, days: int) -> int:
        """Return ``days`` if doses may change that often, else raise (LDN-STEP-INTERVAL)."""
        int_arg(days, "interval in days")
        if not self.min_interval_days <= days <= self.max_interval_days:
            self._violation(
                "interval between dose changes",
                f"{shown(days)} days",
                f"between {self.min_interval_days} and {self.max_interval_days} days",
                RuleId.STEP_INTERVAL,
            )
        return days

    def is_typical(self, dose: DoseInput) -> bool:
        """Whether a maintenance dose lies in the typical range (LDN-DOSE-TYPICAL; information only).

        >>> MONOGRAPH.is_typical("4.5"), MONOGRAPH.is_typical("0.5")
        (True, False)
        """
        return self.typical_low <= as_dose(dose) <= self.typical_high


#: The default policy once built: the only policy that may bear its name.
_DEFAULT: dict[str, Policy] = {}

#: The default policy: the monograph's own figures.
MONOGRAPH: Final = Policy(
    name=MONOGRAPH_NAME,
    reason="The figures of the low dose naltrexone monograph, unchanged.",
    max_daily_dose="4.5",
    typical_low="1",
    typical_high="5",
    typical_common="4.5",
    start_min="0.5",
    start_max="1.5",
    min_interval_days=7,
    max_interval_days=14,
    review_from_day=28,
    review_to_day=42,
    loperamide_blocks=True,
    liquid_tablet="50",
    liquid_water="100",
)
_DEFAULT[MONOGRAPH_NAME] = MONOGRAPH
