"""The code systems ``ldn`` writes, as FHIR ``CodeSystem`` resources to publish. Private.

Public as :func:`ldn.fhir.code_systems`. Each is built from the one table of its
codes in :mod:`ldn.fhir._codes`, so a code the library can write is always a
concept of the CodeSystem its ``system`` names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ldn.fhir._canonical import DEFAULT_CANONICAL, LIBRARY_VERSION, Canonical, canonical_arg
from ldn.fhir._codes import FINDINGS, OBSERVATIONS, ORDER_CHECKS, OVERRIDES, Concept
from ldn.fhir._writer import FhirVersion, fhir_version

__all__ = ["PUBLISHER", "code_systems"]

#: Who publishes the code systems (``CodeSystem.publisher``).
PUBLISHER: Final = "ldn maintainers"
_COPYRIGHT: Final = "The ldn project, under the MIT licence."
_LDN: Final = "low dose naltrexone (LDN)"


def _code_system(
    url: str,
    name: str,
    title: str,
    description: str,
    concepts: Mapping[str, Concept],
) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem",
        "id": url.rpartition("/")[2],
        "url": url,
        "version": LIBRARY_VERSION,
        "name": name,
        "title": title,
        "status": "active",
        "experimental": False,
        "publisher": PUBLISHER,
        "description": description,
        "copyright": _COPYRIGHT,
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": [
            {"code": code, "display": concept.display, "definition": concept.definition}
            for code, concept in concepts.items()
        ],
    }


def code_systems(
    *, canonical: Canonical = DEFAULT_CANONICAL, version: FhirVersion = "R5"
) -> tuple[dict[str, Any], ...]:
    """The four code systems ``ldn`` writes, as FHIR ``CodeSystem`` dicts to publish.

    In order: the screening findings (``canonical.finding``: ``code`` of a
    DetectedIssue, ``source.topic`` of a card), the CDS order checks
    (``canonical.order_check``: ``source.topic``), the override reasons of critical
    cards (``canonical.override_reason``) and what ``ldn`` records in an Observation
    (``canonical.observation``, LDN-CONFIRM). Each is complete (every code the
    library writes under its URL, with display and definition), ``active``, case
    sensitive, and carries the library's version. The shape is the same in R4, R4B
    and R5 (``version`` is checked, as the writers check it).

    >>> finding, order_check, override, observation = code_systems()
    >>> finding["url"], finding["count"]
    ('https://ldn-dosing.readthedocs.io/fhir/CodeSystem/finding', 12)
    >>> [concept["code"] for concept in observation["concept"]]
    ['opioid-use']
    """
    urls = canonical_arg(canonical)
    fhir_version(version)
    return (
        _code_system(
            urls.finding,
            "LdnFinding",
            "LDN screening findings",
            f"The findings of screening a patient before and during {_LDN}: opioids, "
            "antagonists, unread records and entries, capsule filler sensitivities and "
            "counselling. Each finding names the rule that gave it.",
            FINDINGS,
        ),
        _code_system(
            urls.order_check,
            "LdnOrderCheck",
            "LDN order checks",
            f"The checks of a {_LDN} order before it is signed: start dose, daily "
            "maximum, size of and interval before each rise, timing, capsule filler, "
            "measurable liquid doses, and whether the order continues, restarts or "
            "duplicates the patient's LDN.",
            ORDER_CHECKS,
        ),
        _code_system(
            urls.override_reason,
            "LdnOverrideReason",
            "LDN override reasons",
            f"The reasons a prescriber may give for overriding a critical {_LDN} "
            "card (CDS Hooks overrideReasons).",
            OVERRIDES,
        ),
        _code_system(
            urls.observation,
            "LdnObservation",
            "LDN observations",
            "What is recorded as an Observation for low dose naltrexone where no "
            "standard LOINC or SNOMED CT code exists: the confirmation of opioid use "
            "or its absence within the opioid-free interval.",
            OBSERVATIONS,
        ),
    )
