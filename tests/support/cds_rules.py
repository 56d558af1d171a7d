"""The CDS Hooks 2.0 rules for responses and discovery documents, as a test helper.

Written from the HL7 CDS Hooks specification 2.0.1 (https://cds-hooks.hl7.org/2.0/),
sections "Discovery", "CDS Service Response", "Card Attributes", "Source",
"Suggestion", "Action", "Link" and "Override Reasons". ``problems`` returns every
rule a document breaks (an empty list when it keeps them all), so a test can show
what broke, and negative controls can show that each rule is checked.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

INDICATORS = {"info", "warning", "critical"}
SELECTION = {"at-most-one", "any"}
ACTION_TYPES = {"create", "update", "delete"}
LINK_TYPES = {"absolute", "smart"}


def _empty(value: Any, where: str, out: list[str]) -> None:
    """No JSON member may be null or empty (an empty string, list or object)."""
    if value is None or value == "" or value == [] or value == {}:
        out.append(f"{where} is null or empty")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _empty(item, f"{where}.{key}", out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _empty(item, f"{where}[{index}]", out)


def _coding(value: Any, where: str, out: list[str], display: bool = False) -> None:
    if not isinstance(value, Mapping) or not isinstance(value.get("code"), str):
        out.append(f"{where} is not a Coding with a code")
    elif display and not isinstance(value.get("display"), str):
        out.append(f"{where} has no display")


def _uuid(value: Any, where: str, out: list[str]) -> None:
    try:
        uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        out.append(f"{where} is not a UUID")


def card_problems(card: Any, where: str = "card") -> list[str]:
    out: list[str] = []
    if not isinstance(card, Mapping):
        return [f"{where} is not an object"]
    _empty(card, where, out)
    _uuid(card.get("uuid"), f"{where}.uuid", out)
    summary = card.get("summary")
    if not isinstance(summary, str) or len(summary) >= 140:
        out.append(f"{where}.summary must be a string under 140 characters")
    if card.get("indicator") not in INDICATORS:
        out.append(f"{where}.indicator must be info, warning or critical")
    if "detail" in card and not isinstance(card["detail"], str):
        out.append(f"{where}.detail must be a string")
    source = card.get("source")
    if not isinstance(source, Mapping) or not isinstance(source.get("label"), str):
        out.append(f"{where}.source.label is required")
    elif "topic" in source:
        _coding(source["topic"], f"{where}.source.topic", out)
    suggestions = card.get("suggestions")
    if suggestions is not None:
        if card.get("selectionBehavior") not in SELECTION:
            out.append(f"{where}.selectionBehavior is required with suggestions")
        for index, suggestion in enumerate(suggestions):
            at = f"{where}.suggestions[{index}]"
            if not isinstance(suggestion.get("label"), str):
                out.append(f"{at}.label is required")
            if "uuid" in suggestion:
                _uuid(suggestion["uuid"], f"{at}.uuid", out)
            for number, action in enumerate(suggestion.get("actions", [])):
                act = f"{at}.actions[{number}]"
                kind = action.get("type")
                if kind not in ACTION_TYPES or not isinstance(action.get("description"), str):
                    out.append(f"{act} needs a type (create, update, delete) and a description")
                elif kind == "delete" and not isinstance(action.get("resourceId"), str):
                    out.append(f"{act} deletes without a resourceId")
                elif kind != "delete" and not isinstance(action.get("resource"), Mapping):
                    out.append(f"{act} {kind}s without a resource")
    elif "selectionBehavior" in card:
        out.append(f"{where}.selectionBehavior without suggestions")
    for index, reason in enumerate(card.get("overrideReasons", [])):
        _coding(reason, f"{where}.overrideReasons[{index}]", out, display=True)
    for index, link in enumerate(card.get("links", [])):
        at = f"{where}.links[{index}]"
        if not all(isinstance(link.get(k), str) for k in ("label", "url")):
            out.append(f"{at} needs a label and a url")
        if link.get("type") not in LINK_TYPES:
            out.append(f"{at}.type must be absolute or smart")
    return out


def response_problems(response: Any) -> list[str]:
    """Every rule a CDS service response breaks."""
    if not isinstance(response, Mapping) or not isinstance(response.get("cards"), list):
        return ["a response is an object with a cards list"]
    out: list[str] = []
    for index, card in enumerate(response["cards"]):
        out += card_problems(card, f"cards[{index}]")
    uuids = [c.get("uuid") for c in response["cards"] if isinstance(c, Mapping)]
    if len(set(uuids)) != len(uuids):
        out.append("two cards share a uuid")
    return out


def discovery_problems(document: Any) -> list[str]:
    """Every rule a discovery document breaks."""
    if not isinstance(document, Mapping) or not isinstance(document.get("services"), list):
        return ["a discovery document is an object with a services list"]
    out: list[str] = []
    _empty(document, "discovery", out)
    ids = []
    for index, service in enumerate(document["services"]):
        at = f"services[{index}]"
        for key in ("hook", "id", "description"):
            if not isinstance(service.get(key), str):
                out.append(f"{at}.{key} is required")
        ids.append(service.get("id"))
        prefetch = service.get("prefetch", {})
        if not all(isinstance(v, str) and "{{context.patientId}}" in v for v in prefetch.values()):
            out.append(f"{at}.prefetch templates must be strings naming the patient")
    if len(set(ids)) != len(ids):
        out.append("two services share an id")
    return out
