"""Where ``ldn``'s code systems and rules live on the web: :class:`Canonical`. Private.

Public as :mod:`ldn.fhir`. A FHIR ``system`` is a canonical URL that should resolve
to the CodeSystem it names (FHIR R5, "Resolving canonical URLs"); the docs site
publishes them (``docs/conf.py``), and a deployer that publishes them under its
own host passes its own :class:`Canonical` to every writer.
"""

from __future__ import annotations

import re
from typing import Final

from attrs import field, frozen

from ldn._checks import choice, describe, quoted
from ldn._version import __version__
from ldn.errors import ExportError, LdnTypeError
from ldn.monograph import RuleId

__all__ = ["DEFAULT_BASE", "DEFAULT_CANONICAL", "LIBRARY_VERSION", "Canonical", "canonical_arg"]

#: The host of the project's documentation (Read the Docs), the default base of every URL.
DEFAULT_BASE: Final = "https://ldn-dosing.readthedocs.io"
#: The version of ``ldn`` each published CodeSystem carries: ``ldn.__version__``.
LIBRARY_VERSION: Final = __version__
#: The longest base or docs URL taken (every URL built on it stays far below 2,000).
_LIMIT: Final = 200
#: An absolute https URL: a host name (labels of letters, digits and inner hyphens),
#: an optional port, then path segments of unreserved characters or percent escapes.
#: No user, query or fragment; no empty, ``.`` or ``..`` segment.
_URL: Final = re.compile(
    r"https://"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
    r"(?::[0-9]{1,5})?"
    r"(?:/(?!\.{1,2}(?:/|\Z))(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+)*",
    re.ASCII,
)
_ALLOWED: Final = (
    "an absolute https URL (host, optional port and path; no user, query, fragment, "
    f"space, empty, '.' or '..' segment; at most {_LIMIT} characters)"
)


def _checked(value: object, name: str) -> str:
    """``value`` as a base URL: one trailing slash dropped, then checked."""
    if not isinstance(value, str):
        raise LdnTypeError(name, describe(value), "a str (an absolute https URL)")
    url = str.removesuffix(value, "/")
    if len(url) > _LIMIT or _URL.fullmatch(url) is None:
        raise ExportError(name, quoted(value), _ALLOWED)
    return url


@frozen(init=False)
class Canonical:
    """The base of the URLs ``ldn`` writes: its code systems and its rule pages.

    ``base`` is where the code systems are published, ``docs`` where the rules
    page is (default: ``base`` and ``/en/latest``, as Read the Docs serves it).
    Both are absolute https URLs without query or fragment; one trailing slash is
    dropped. The defaults give the URLs ``ldn`` has always written.

    >>> Canonical().finding
    'https://ldn-dosing.readthedocs.io/fhir/CodeSystem/finding'
    >>> clinic = Canonical("https://terminology.example.org/ldn/")
    >>> clinic.override_reason
    'https://terminology.example.org/ldn/cds/CodeSystem/override-reason'
    >>> clinic.rule_url("LDN-OPIOID")
    'https://terminology.example.org/ldn/en/latest/rules.html#rule-ldn-opioid'
    >>> Canonical("http://example.org")
    Traceback (most recent call last):
    ...
    ldn.errors.ExportError: base must be an absolute https URL (host, optional port and path; no user, query, fragment, space, empty, '.' or '..' segment; at most 200 characters), got 'http://example.org'
    """

    base: str = field()
    docs: str = field()

    def __init__(self, base: str = DEFAULT_BASE, *, docs: str | None = None) -> None:
        checked = _checked(base, "base")
        self.__attrs_init__(
            checked, f"{checked}/en/latest" if docs is None else _checked(docs, "docs")
        )

    @property
    def finding(self) -> str:
        """The code system of the screening findings (``opioid-use``, ...)."""
        return f"{self.base}/fhir/CodeSystem/finding"

    @property
    def order_check(self) -> str:
        """The code system of the CDS order checks (``order-start-dose``, ...)."""
        return f"{self.base}/cds/CodeSystem/order-check"

    @property
    def override_reason(self) -> str:
        """The code system of the override reasons offered on critical cards."""
        return f"{self.base}/cds/CodeSystem/override-reason"

    @property
    def observation(self) -> str:
        """The code system of what ``ldn`` records (the confirmation of opioid use)."""
        return f"{self.base}/fhir/CodeSystem/observation"

    @property
    def systems(self) -> tuple[str, str, str, str]:
        """The four code system URLs: finding, order check, override reason, observation."""
        return (self.finding, self.order_check, self.override_reason, self.observation)

    def rule_url(self, rule_id: RuleId | str) -> str:
        """The URL of a rule's entry on the rules page (its anchor is ``rule-`` and the id).

        >>> Canonical().rule_url("LDN-START")
        'https://ldn-dosing.readthedocs.io/en/latest/rules.html#rule-ldn-start'
        """
        rule = choice(rule_id, RuleId, "rule_id", ExportError)
        return f"{self.docs}/rules.html#rule-{rule.value.lower()}"


#: The URLs ``ldn`` writes unless a deployer names its own.
DEFAULT_CANONICAL: Final = Canonical()


def canonical_arg(value: object) -> Canonical:
    """``value`` when it is a :class:`Canonical`, else an error naming the ``canonical`` argument."""
    if not isinstance(value, Canonical):
        raise LdnTypeError("canonical", describe(value), "a Canonical (ldn.fhir.Canonical)")
    return value
