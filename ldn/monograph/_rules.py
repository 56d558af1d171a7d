"""The rules and their sources as values: ids, references, rules. Private.

Import these from :mod:`ldn.monograph`. The rows they are built from are data,
in ``_rows.py``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final

import attrs
from attrs import field, frozen

from ldn._checks import Choices, abbreviate, choice, describe, nonempty, quoted, tuple_of
from ldn.dose import Dose, Volume
from ldn.errors import InvalidPolicyError, LdnTypeError
from ldn.monograph._rows import REFERENCE_ROWS, RULE_ROWS

__all__ = [
    "FIGURE_TYPES",
    "REFERENCES",
    "RULES",
    "Reference",
    "ReferenceKind",
    "Rule",
    "RuleId",
    "Washout",
    "to_rule_id",
    "to_washout",
]


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
    OPIOID_FREE = "LDN-OPIOID-FREE"
    CONFIRM = "LDN-CONFIRM"
    CONTINUE = "LDN-CONTINUE"
    STEP_SIZE = "LDN-STEP-SIZE"
    LIQUID_BUD = "LDN-LIQUID-BUD"
    SWITCH = "LDN-SWITCH"


class ReferenceKind(StrEnum, metaclass=Choices, error=InvalidPolicyError):
    """What sort of source a :class:`Reference` is."""

    MONOGRAPH = "monograph"
    MEDICINES_INFORMATION = "medicines information"
    REVIEW = "review"
    TRIAL = "trial"
    LABEL = "product label"
    STANDARD = "compounding standard"


class Washout(StrEnum, metaclass=Choices, error=InvalidPolicyError):
    """How long an opioid product takes to clear: which opioid-free interval follows it.

    ``SHORT`` for most opioids; ``LONG`` for methadone, buprenorphine and modified-release,
    extended-release or transdermal products; ``DEPOT`` for extended-release injectable
    (depot) buprenorphine (LDN-OPIOID-FREE). Which products are which is data of the
    vocabulary (:mod:`ldn.opioids`); how many days each takes is a policy figure.
    Ordered by length: ``max`` of several gives the longest.

    >>> max(Washout.SHORT, Washout.DEPOT, Washout.LONG, key=lambda w: w.rank)
    <Washout.DEPOT: 'depot'>
    """

    SHORT = "short"
    LONG = "long"
    DEPOT = "depot"

    @property
    def rank(self) -> int:
        """0 for short, 1 for long, 2 for depot: the longest interval ranks highest."""
        return _WASHOUT_RANK[self.value]


_WASHOUT_RANK: Final = {"short": 0, "long": 1, "depot": 2}


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

    >>> REFERENCES[4].link
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
REFERENCES: Final[tuple[Reference, ...]] = tuple(Reference(**row) for row in REFERENCE_ROWS)


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
    "opioid_free_days": int,
    "opioid_free_days_long": int,
    "opioid_free_days_depot": int,
    "unrecognised_blocks": bool,
    "dispense_days_default": int,
    "confirmation_days": int,
    "continuation_days": int,
    "max_rise": Dose,
    "liquid_bud_days": int,
    "switch_nights": int,
}


def to_rule_id(value: object) -> RuleId:
    """A :class:`RuleId` from itself or its text (``"LDN-START"``)."""
    return choice(value, RuleId, "rule id", InvalidPolicyError)


def to_washout(value: object) -> Washout:
    """A :class:`Washout` from itself or its text (``"long"``)."""
    return choice(value, Washout, "washout", InvalidPolicyError)


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

    id: RuleId = field(converter=to_rule_id)
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

        >>> from ldn import MONOGRAPH
        >>> [r.id for r in MONOGRAPH.rule("LDN-DOSE-MAX").sources]
        ['monograph', 'racgp-2023', 'bruun-2024']
        """
        return tuple(_REFERENCE_BY_ID[each] for each in self.references)


#: Every rule of the monograph, in the order of the design contract.
RULES: Final[tuple[Rule, ...]] = tuple(Rule(**row) for row in RULE_ROWS)
