"""The errors ``ldn`` raises.

Every error derives from :class:`LdnError`, and each concrete error also derives
from the built-in :class:`ValueError` or :class:`TypeError` (an optional package
missing: :class:`ImportError`), so callers that already catch those keep working.

Each error carries structured fields besides its message: ``subject`` (what was
checked), ``given`` (the value received), ``allowed`` (what would have been
accepted) and ``rule_id`` (the rule of the policy that decided, when one did).
The message is built from those fields, always in the form
``"<subject> must be <allowed>, got <given> [<rule id>]"``.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "ExportError",
    "FormulationError",
    "HookRequestError",
    "InvalidDoseError",
    "InvalidPolicyError",
    "LdnError",
    "LdnTypeError",
    "MissingExtraError",
    "PolicyViolationError",
    "PrefetchMissingError",
    "ScheduleError",
    "ScreeningError",
]


#: The most characters one field of a message keeps; the raise sites abbreviate
#: what was given long before this, so this is only a backstop.
FIELD_LIMIT = 400


def _bounded(text: object) -> str:
    """A message field as a str of at most :data:`FIELD_LIMIT` characters; never raises."""
    if not isinstance(text, str):
        text = f"<{type(text).__name__}>"
    return text if len(text) <= FIELD_LIMIT else text[: FIELD_LIMIT - 3] + "..."


class LdnError(Exception):
    """Root of every error ``ldn`` raises.

    >>> err = LdnError("daily dose", "5 mg", "at most 4.5 mg", rule_id="LDN-DOSE-MAX")
    >>> str(err)
    'daily dose must be at most 4.5 mg, got 5 mg [LDN-DOSE-MAX]'
    """

    subject: str
    given: str
    allowed: str
    rule_id: str | None

    def __init__(
        self, subject: str, given: str, allowed: str, *, rule_id: str | None = None
    ) -> None:
        self.subject = _bounded(subject)
        self.given = _bounded(given)
        self.allowed = _bounded(allowed)
        self.rule_id = None if rule_id is None else _bounded(rule_id)
        subject, given, allowed, rule_id = self.subject, self.given, self.allowed, self.rule_id
        message = f"{subject} must be {allowed}, got {given}"
        if rule_id is not None:
            message = f"{message} [{rule_id}]"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.subject, self.given, self.allowed, self.rule_id))


def _rebuild(
    cls: type[LdnError], subject: str, given: str, allowed: str, rule_id: str | None
) -> LdnError:
    return cls(subject, given, allowed, rule_id=rule_id)


class LdnTypeError(LdnError, TypeError):
    """A value of the wrong type, such as a float or a bool where a dose belongs."""


class MissingExtraError(LdnError, ImportError):
    """An optional package a feature needs is not installed; the message names the extra.

    Both an :class:`~ldn.errors.LdnError` and an :class:`ImportError`, so
    ``except ImportError`` around an optional import catches it too.

    >>> raise MissingExtraError.of("hypothesis", "strategies", "ldn.strategies")
    Traceback (most recent call last):
    ...
    ldn.errors.MissingExtraError: ldn.strategies must be used with hypothesis installed: pip install "ldn-dosing[strategies]", got hypothesis not installed
    """

    @classmethod
    def of(cls, module: str, extra: str, feature: str) -> MissingExtraError:
        """The error for ``feature`` when ``module``, of the ``extra`` extra, cannot be imported."""
        top = module.split(".")[0] if isinstance(module, str) else "a package"
        return cls(
            feature,
            f"{top} not installed",
            f'used with {top} installed: pip install "ldn-dosing[{extra}]"',
        )


class InvalidDoseError(LdnError, ValueError):
    """A dose, volume or other amount that is malformed or out of its range."""


class InvalidPolicyError(LdnError, ValueError):
    """A policy whose figures contradict one another, or a derivation without a reason."""


class PolicyViolationError(LdnError, ValueError):
    """A well-formed value that the policy in force forbids; ``rule_id`` names the rule."""


class ScheduleError(LdnError, ValueError):
    """A titration request or plan operation that cannot be carried out."""


class ScreeningError(LdnError, ValueError):
    """Patient data that screening cannot interpret."""


class FormulationError(LdnError, ValueError):
    """A preparation, capsule or measurement that cannot be made or measured."""


class ExportError(LdnError, ValueError):
    """An export request (FHIR version, status, subject) that cannot be met."""


class HookRequestError(LdnError, ValueError):
    """A CDS Hooks request :func:`ldn.cds.respond` cannot read: the service answers HTTP 400."""

    #: The HTTP status a CDS service answers with.
    http_status: ClassVar[int] = 400


class PrefetchMissingError(HookRequestError):
    """A CDS Hooks request without a prefetch the service needs: answer HTTP 412.

    ``ldn`` does no I/O, so it cannot fetch the missing data from the FHIR server itself.
    """

    http_status: ClassVar[int] = 412
