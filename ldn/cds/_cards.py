"""The cards of the CDS services: Markdown detail, source and topic, links, override reasons.

Rendered by the one card renderer of ``ldn`` (:func:`ldn._card.render_card`).
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Final

from attrs import field, frozen

from ldn._card import render_card
from ldn._checks import describe, quoted
from ldn.contraindication import Finding, Severity
from ldn.errors import LdnTypeError
from ldn.fhir import (
    DEFAULT_CANONICAL,
    DEFAULT_OVERRIDE_REASONS,
    FINDING_DISPLAY,
    ORDER_CHECK_DISPLAY,
    OVERRIDE_DISPLAY,
    OVERRIDE_REASONS,
    Canonical,
)
from ldn.monograph import Policy, RuleId

__all__ = [
    "DEFAULT_SOURCE",
    "DOCS_URL",
    "NAMED_LIMIT",
    "SOURCE_LABEL",
    "CardSource",
    "escape_markdown",
    "service_card",
]

#: The card source's label and the documentation every card links to.
SOURCE_LABEL: Final = "ldn: low dose naltrexone dosing rules"
DOCS_URL: Final = f"{DEFAULT_CANONICAL.docs}/"
_URL: Final = re.compile(r"https?://[^\s/?#]+[^\s]*\Z", re.ASCII | re.IGNORECASE)
#: The longest label (the card source label is shown beside every card).
_LABEL_LIMIT: Final = 80


def _label(instance: object, attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > _LABEL_LIMIT:
        raise LdnTypeError(
            "label", describe(value), f"a non-blank str of at most {_LABEL_LIMIT} characters"
        )
    if value != " ".join(value.split()):
        raise LdnTypeError(
            "label", describe(value), "one line, single spaces, no space at either end"
        )


def _absolute(name: str, value: object) -> None:
    if not isinstance(value, str) or _URL.match(value) is None or len(value) > 2000:
        raise LdnTypeError(name, describe(value), "an absolute http or https URL (no spaces)")


def _url(instance: object, attribute: object, value: Any) -> None:
    _absolute("url", value)


def _icon(instance: object, attribute: object, value: Any) -> None:
    if value is not None:
        _absolute("icon", value)


@frozen
class CardSource:
    """Who the cards say they come from: ``source.label``, ``source.url`` and ``source.icon``.

    A deployer names its own service (CDS Hooks 2.0, "Source"): the label shown
    beside each card, the page it links to, and the absolute URL of an icon (a
    100x100 PNG, by the specification). The topic of each card stays the finding.

    >>> CardSource("Clinic LDN checks", "https://cds.example.org/ldn")
    CardSource(label='Clinic LDN checks', url='https://cds.example.org/ldn', icon=None)
    >>> CardSource("", "https://cds.example.org")
    Traceback (most recent call last):
    ...
    ldn.errors.LdnTypeError: label must be a non-blank str of at most 80 characters, got str ''
    """

    label: str = field(validator=_label)
    url: str = field(validator=_url)
    icon: str | None = field(default=None, validator=_icon)

    def to_json(self) -> dict[str, str]:
        """The card's ``source`` members (without its topic)."""
        source = {"label": self.label, "url": self.url}
        if self.icon is not None:
            source["icon"] = self.icon
        return source


#: The card source unless the deployer names another.
DEFAULT_SOURCE: Final = CardSource(SOURCE_LABEL, DOCS_URL)
#: Namespace of the card uuids (uuid5 of the hook instance, service, position and finding).
_UUID_NAMESPACE: Final = uuid.UUID("5a0c4c51-7f56-4d5e-9a8c-2b1c7d4f0e21")
#: Characters with a meaning inside a Markdown line (CommonMark), and the markers that
#: open a block at its start; a backslash makes each literal.
_MARKDOWN_INLINE: Final = re.compile(r"([\\`*_{}\[\]<>|~&:@])")
#: A dot between a word and a letter ("www.x", "x.example"): linkify renderers read a
#: domain name as a link, so that dot is escaped too (a decimal point is not).
_DOMAIN_DOT: Final = re.compile(r"(?<=\w)\.(?=[^\W\d_])")
_MARKDOWN_BLOCK: Final = re.compile(r"^([#+=>-]|[0-9]+[.)])")


def escape_markdown(text: str) -> str:
    r"""Plain text for a Markdown field: one line, no character read as Markdown or a link.

    Besides the characters with a Markdown meaning, the colon, the at sign and a
    dot between a word and a letter are escaped, and an invisible word joiner
    (U+2060) follows each at sign, so that no URL, e-mail address or domain name in
    free text is auto-linked (GitHub Flavored Markdown autolinks, which cmark-gfm
    finds after escapes are read, and linkify renderers). A decimal point is not
    escaped.

    >>> print(escape_markdown("*Oxy* [x](y) <b>\n# 2. a_b"))
    \*Oxy\* \[x\](y) \<b\> # 2. a\_b
    >>> print(escape_markdown("1. tramadol"))
    1\. tramadol
    >>> print(escape_markdown("Take 0.5 mg; see https://x.example or www.x.example"))
    Take 0.5 mg; see https\://x\.example or www\.x\.example
    >>> escape_markdown("a@x.example") == "a\\@\u2060x\\.example"
    True
    """
    line = _DOMAIN_DOT.sub(r"\\.", _MARKDOWN_INLINE.sub(r"\\\1", " ".join(text.split())))
    # cmark-gfm finds e-mail addresses after escapes are read: a word joiner (U+2060,
    # invisible) after the at sign leaves the address no domain to link.
    line = line.replace("\\@", "\\@\u2060")
    return _MARKDOWN_BLOCK.sub(lambda m: f"{m.group(1)[:-1]}\\{m.group(1)[-1]}", line)


def _topic(code: str, canonical: Canonical) -> dict[str, str]:
    if code in FINDING_DISPLAY:
        return {"system": canonical.finding, "code": code, "display": FINDING_DISPLAY[code]}
    return {"system": canonical.order_check, "code": code, "display": ORDER_CHECK_DISPLAY[code]}


def _links(rule_id: RuleId, policy: Policy, canonical: Canonical) -> list[dict[str, str]]:
    rule = policy.rule(rule_id)
    links = [
        {
            "label": f"{rule.id}: {rule.title}",
            "url": canonical.rule_url(rule.id),
            "type": "absolute",
        }
    ]
    for source in rule.sources:
        if source.link is not None:
            links.append({"label": source.title, "url": source.link, "type": "absolute"})
    return links


#: The most entries one card's detail names one by one (the rest are counted).
NAMED_LIMIT: Final = 10


def _summary(findings: list[Finding]) -> str:
    """One finding's own summary; for several, the code's display and how many."""
    if len(findings) == 1:
        return findings[0].summary
    display = FINDING_DISPLAY.get(findings[0].code) or ORDER_CHECK_DISPLAY[findings[0].code]
    return f"{display} ({len(findings)} found)"


def _detail(findings: list[Finding]) -> str:
    shown = [escape_markdown(finding.message) for finding in findings[:NAMED_LIMIT]]
    rest = len(findings) - len(shown)
    if rest:
        shown.append(f"And {rest} more of the same kind.")
    return "\n\n".join(shown)


def _name(key: str) -> str:
    """A uuid5 name that encodes as UTF-8 (a lone surrogate from JSON written escaped)."""
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


def service_card(
    findings: list[Finding],
    suggestions: list[dict[str, Any]],
    key: str,
    policy: Policy,
    source: CardSource = DEFAULT_SOURCE,
    canonical: Canonical = DEFAULT_CANONICAL,
) -> dict[str, Any]:
    """The one card of the findings of one code (the entries that gave them, distinct).

    ``key`` (hook instance, service, code) seeds its uuid. The first finding's rule
    and severity stand for all (a code has one of each). Its topic and override
    reasons are coded under ``canonical``, its rule link is ``canonical.rule_url``.
    """
    first = findings[0]
    rule = policy.rule(first.rule_id)
    name = escape_markdown(quoted(policy.name, 60))
    return render_card(
        uuid=str(uuid.uuid5(_UUID_NAMESPACE, _name(key))),
        summary=_summary(findings),
        severity=first.severity,
        detail=(
            f"{_detail(findings)}\n\n"
            f"Rule **{rule.id}**: {escape_markdown(rule.title)} (policy {name})."
        ),
        source=source.to_json() | {"topic": _topic(first.code, canonical)},
        links=_links(first.rule_id, policy, canonical),
        override_reasons=[
            {"system": canonical.override_reason, "code": code, "display": OVERRIDE_DISPLAY[code]}
            for code in OVERRIDE_REASONS.get(first.code, DEFAULT_OVERRIDE_REASONS)
        ]
        if first.severity is Severity.CONTRAINDICATION
        else (),
        suggestions=[
            {
                "uuid": str(uuid.uuid5(_UUID_NAMESPACE, _name(f"{key}|suggestion|{number}"))),
                **suggestion,
            }
            for number, suggestion in enumerate(suggestions)
        ],
    )
