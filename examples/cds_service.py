"""A deployable CDS Hooks 2.0 service around ``ldn.cds``: FastAPI on uvicorn, client JWTs with PyJWT.

Install the extra and run it with a config file (``examples/cds_service.example.toml``
is one to copy)::

    pip install -e ".[service]"    # from a checkout: the example is not in the wheel
    python examples/cds_service.py --config examples/cds_service.example.toml

Endpoints (``{base}`` is the configured ``base_url``):

* ``GET {base}/cds-services``: the discovery document (:func:`ldn.cds.discovery`). It
  holds no patient data, so no token is asked for unless the config says
  ``discovery_requires_token = true``.
* ``POST {base}/cds-services/{id}``: the cards (:func:`ldn.cds.respond`) for
  ``ldn-order-select`` and ``ldn-order-sign``. 200 with ``{"cards": [...]}``; 412 when
  a prefetch the service needs is missing (:class:`ldn.errors.PrefetchMissingError`);
  400 for any other :class:`ldn.errors.LdnError`, a body that is not JSON, or the
  other service's hook.
* ``POST {base}/cds-services/{id}/feedback``: card outcomes, checked against the
  specification's Feedback section and written to the ``cds_service.feedback``
  logger; 200 with ``{}``, or 400.

Client authentication follows CDS Hooks 2.0, "Trusting CDS Clients"
(https://cds-hooks.hl7.org/2.0/#trusting-cds-clients): every hook and feedback
request carries ``Authorization: Bearer <JWT>``, signed by the client with its
private key. The service takes ``ES384`` or ``RS384`` only (the specification forbids
``none`` and every symmetric algorithm and recommends these two), and needs a
``kid`` and ``typ: JWT`` (both required by the specification). The key is looked up by ``kid`` in the
JWK set of the token's issuer, which must be on the config's allow-list; a ``jku``
in the token header is followed only when it is one of that issuer's configured
URLs (fetched over HTTPS, cached for ``jwks_cache_seconds``). PyJWT checks the
signature, ``exp``, ``iat`` (not in the future), ``iss`` and ``aud``, which must be
the URL of the endpoint called: ``base_url`` plus the path, never the ``Host``
header. A ``jti`` is required and is refused a second time until its token
expires (an in-memory cache of bounded size; a service run as several processes
needs a shared one). Missing or bad tokens get 401.

Limits (``[limits]`` in the config): the body is counted as it streams in and
refused with 413 past ``max_body_bytes``, whatever ``Content-Length`` says or
when there is none (chunked), and a request with both lengths has its connection
closed after the answer (RFC 9112, 6.1); a client has ``header_timeout_seconds``
to send its request line and headers and ``body_timeout_seconds`` to send its
body, after which it is disconnected (uvicorn itself has no such timeouts); idle keep-alive
connections close after ``keep_alive_seconds``; at most ``max_concurrency``
connections are served at once (uvicorn answers 503 past it). Every answer is
``application/json``, with ``Access-Control-Allow-Origin: *`` for clients that
run in a browser.

The body is parsed with ``parse_float=Decimal`` so that numbers stay exact, and
answers are written with :func:`ldn.fhir.to_json`. The first dose is taken to be
today in the configured time zone: this is the one place a clock is read (``ldn``
reads none). Serve it over TLS (``tls_certfile`` and ``tls_keyfile``, or a proxy
in front): the specification asks for HTTPS.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import heapq
import ipaddress
import json
import logging
import math
import re
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jwt
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from ldn.cds import CardSource, discovery, respond
from ldn.errors import LdnError, PrefetchMissingError
from ldn.fhir import to_json

log = logging.getLogger("cds_service")
feedback_log = logging.getLogger("cds_service.feedback")

#: The only signing algorithms taken: the two CDS Hooks 2.0 recommends.
ALGORITHMS = ("ES384", "RS384")
#: The key each algorithm needs (JWK ``kty`` and, for EC, ``crv``).
_KEY_TYPES = {"ES384": ("EC", "P-384"), "RS384": ("RSA", None)}
#: Each service id and the hook it answers, from the discovery document.
HOOKS = {service["id"]: service["hook"] for service in discovery()["services"]}
#: The largest JWK set read from a ``jku`` URL.
MAX_JWKS_BYTES = 512 * 1024
_LOOPBACK_NAMES = {"localhost"}


class ConfigError(ValueError):
    """The config file cannot be used; the message names the setting."""


class TokenError(Exception):
    """The bearer token is missing or refused: answer 401."""


class ReplayCacheFullError(Exception):
    """Every slot of the replay cache holds a token that has not expired: answer 503."""


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class Issuer:
    """One CDS client allowed to call: its ``iss``, its inline keys and its JWK set URLs."""

    iss: str
    keys: tuple[Mapping[str, Any], ...] = ()
    jku: tuple[str, ...] = ()


@dataclass(frozen=True)
class Limits:
    """Sizes, timeouts and counts (``[limits]`` in the config); the defaults are these."""

    max_body_bytes: int = 5_000_000
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 30.0
    keep_alive_seconds: int = 5
    max_concurrency: int = 100
    max_requests: int | None = None
    jwt_leeway_seconds: float = 30.0
    max_token_lifetime_seconds: float = 3600.0
    replay_cache_size: int = 100_000
    jwks_cache_seconds: float = 300.0
    jwks_fetch_timeout_seconds: float = 5.0


@dataclass(frozen=True)
class Config:
    """Everything the service reads from its config file."""

    base_url: str
    time_zone: ZoneInfo
    issuers: Mapping[str, Issuer]
    host: str = "127.0.0.1"
    port: int = 8080
    source: CardSource | None = None
    counselling: bool = False
    discovery_requires_token: bool = False
    tls_certfile: str | None = None
    tls_keyfile: str | None = None
    limits: Limits = field(default_factory=Limits)

    def endpoint(self, path: str) -> str:
        """The URL a client calls for ``path``: what its token's ``aud`` must be."""
        return self.base_url + path


def _table(data: Mapping[str, Any], name: str, known: Iterable[str]) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"[{name}] must be a table")
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ConfigError(f"[{name}] has unknown settings: {', '.join(unknown)}")
    return value


_KINDS = {bool: "true or false", int: "an integer", str: "a string"}


def _typed(table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    value = table[key]
    wanted = "a number" if isinstance(kind, tuple) else _KINDS[kind]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ConfigError(f"{where}.{key} must be {wanted}, got {value!r}")
    return value


def _url(value: str, where: str, *, loopback_http: bool = False) -> str:
    parts = urllib.parse.urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return value
    if loopback_http and parts.scheme == "http" and _is_loopback(parts.hostname):
        return value
    allowed = "an https URL" + (" (http only on loopback)" if loopback_http else "")
    raise ConfigError(f"{where} must be {allowed}, got {value!r}")


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _public_key(jwk: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(jwk, Mapping) or not isinstance(jwk.get("kid"), str) or not jwk["kid"]:
        raise ConfigError(f"{where} must be a JWK with a kid")
    if "d" in jwk:
        raise ConfigError(f"{where} ({jwk['kid']}) holds a private key: give the public key only")
    algorithm = "ES384" if jwk.get("kty") == "EC" else "RS384"
    try:
        _verification_key(jwk, algorithm)
    except TokenError as error:
        raise ConfigError(f"{where} ({jwk['kid']}): {error}") from None
    return dict(jwk)


def _issuer(entry: Any, number: int, base: Path) -> Issuer:
    where = f"issuers[{number}]"
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(entry) - {"iss", "jwks", "jku"})
    if unknown:
        raise ConfigError(f"{where} has unknown settings: {', '.join(unknown)}")
    if not isinstance(entry.get("iss"), str) or not entry["iss"]:
        raise ConfigError(f"{where}.iss must be the client's issuer URI")
    keys: list[Mapping[str, Any]] = []
    if "jwks" in entry:
        jwks = entry["jwks"]
        if isinstance(jwks, str):  # a file holding the JWK set, next to the config
            try:
                jwks = json.loads((base / jwks).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise ConfigError(f"{where}.jwks: cannot read {jwks}: {error}") from None
        if not isinstance(jwks, Mapping) or not isinstance(jwks.get("keys"), list):
            raise ConfigError(f"{where}.jwks must be a JWK set ({{keys = [...]}}) or its file")
        keys = [_public_key(k, f"{where}.jwks.keys[{i}]") for i, k in enumerate(jwks["keys"])]
        kids = [k["kid"] for k in keys]
        if len(set(kids)) != len(kids):
            raise ConfigError(f"{where}.jwks: each kid must be unique in the set")
    jku = entry.get("jku", [])
    if isinstance(jku, str):
        jku = [jku]
    if not isinstance(jku, list) or not all(isinstance(u, str) for u in jku):
        raise ConfigError(f"{where}.jku must be a URL or a list of URLs")
    urls = tuple(_url(u, f"{where}.jku", loopback_http=True) for u in jku)
    if not keys and not urls:
        raise ConfigError(f"{where} ({entry['iss']}) needs jwks or jku: no key to check with")
    return Issuer(entry["iss"], tuple(keys), urls)


def _limits(table: Mapping[str, Any]) -> Limits:
    defaults = Limits()
    values: dict[str, Any] = {}
    for name in Limits.__dataclass_fields__:
        if name not in table:
            continue
        default = getattr(defaults, name)
        kind: type | tuple[type, ...] = (int, float) if isinstance(default, float) else int
        value = _typed(table, name, "limits", kind)
        if not math.isfinite(value) or value <= 0:
            raise ConfigError(f"limits.{name} must be above zero, got {value!r}")
        values[name] = float(value) if isinstance(default, float) else value
    return Limits(**values)


def load_config(path: str | Path) -> Config:
    """The service's config, read from a TOML file; :class:`ConfigError` says what is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    unknown = sorted(set(data) - {"service", "card_source", "limits", "issuers"})
    if unknown:
        raise ConfigError(f"unknown tables: {', '.join(unknown)}")
    service = _table(
        data,
        "service",
        {
            "base_url",
            "time_zone",
            "host",
            "port",
            "counselling",
            "discovery_requires_token",
            "tls_certfile",
            "tls_keyfile",
        },
    )
    for required in ("base_url", "time_zone"):
        if required not in service:
            raise ConfigError(f"service.{required} is required")
    base_url = _url(
        _typed(service, "base_url", "service", str), "service.base_url", loopback_http=True
    )
    if urllib.parse.urlsplit(base_url).query or base_url.endswith("/cds-services"):
        raise ConfigError("service.base_url is the URL before /cds-services, without a query")
    try:
        zone = ZoneInfo(_typed(service, "time_zone", "service", str))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(f"service.time_zone: {error}") from None
    options: dict[str, Any] = {}
    for key, kind in (
        ("host", str),
        ("port", int),
        ("counselling", bool),
        ("discovery_requires_token", bool),
        ("tls_certfile", str),
        ("tls_keyfile", str),
    ):
        if key in service:
            options[key] = _typed(service, key, "service", kind)
    if ("tls_certfile" in options) != ("tls_keyfile" in options):
        raise ConfigError("service.tls_certfile and service.tls_keyfile go together")
    for key in ("tls_certfile", "tls_keyfile"):
        if key in options:
            options[key] = str(path.parent / options[key])
    if "card_source" in data:
        card = _table(data, "card_source", {"label", "url", "icon"})
        if not isinstance(card.get("label"), str) or not isinstance(card.get("url"), str):
            raise ConfigError("[card_source] needs a label and a url")
        icon = card.get("icon")
        if icon is not None and not isinstance(icon, str):
            raise ConfigError("card_source.icon must be a URL")
        try:
            options["source"] = CardSource(card["label"], card["url"], icon=icon)
        except LdnError as error:
            raise ConfigError(f"[card_source]: {error}") from None
    issuers = data.get("issuers")
    if not isinstance(issuers, list) or not issuers:
        raise ConfigError("[[issuers]] must list at least one CDS client")
    allowed = [_issuer(entry, number, path.parent) for number, entry in enumerate(issuers)]
    by_iss = {issuer.iss: issuer for issuer in allowed}
    if len(by_iss) != len(allowed):
        raise ConfigError("[[issuers]]: each iss once")
    return Config(
        base_url=base_url.rstrip("/"),
        time_zone=zone,
        issuers=by_iss,
        limits=_limits(_table(data, "limits", Limits.__dataclass_fields__)),
        **options,
    )


# --------------------------------------------------------------------------- tokens


def _verification_key(jwk: Mapping[str, Any], algorithm: str) -> jwt.PyJWK:
    """The public key of ``jwk`` for ``algorithm``, or :class:`TokenError` if it does not fit."""
    kty, crv = _KEY_TYPES[algorithm]
    if jwk.get("kty") != kty or (crv is not None and jwk.get("crv") != crv):
        raise TokenError(f"key {jwk.get('kid')!r} is not a {crv or kty} key for {algorithm}")
    if jwk.get("alg", algorithm) != algorithm:
        raise TokenError(f"key {jwk.get('kid')!r} is for {jwk.get('alg')}, not {algorithm}")
    if jwk.get("use", "sig") != "sig" or "verify" not in jwk.get("key_ops", ["verify"]):
        raise TokenError(f"key {jwk.get('kid')!r} is not for verifying signatures")
    try:
        key = jwt.PyJWK(dict(jwk), algorithm=algorithm)
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        raise TokenError(f"key {jwk.get('kid')!r} cannot be read: {error}") from None
    size = getattr(key.key, "key_size", 0)
    if kty == "RSA" and size < 2048:
        raise TokenError(f"key {jwk.get('kid')!r} is a {size}-bit RSA key: 2048 bits at least")
    return key


def _fetch_jwks(url: str, timeout: float) -> Any:
    """The JWK set at ``url`` (one GET, no redirects followed, at most ``MAX_JWKS_BYTES``)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with opener.open(request, timeout=timeout) as answer:
        data = answer.read(MAX_JWKS_BYTES + 1)
    if len(data) > MAX_JWKS_BYTES:
        raise ValueError(f"the JWK set at {url} is over {MAX_JWKS_BYTES} bytes")
    return json.loads(data)


class JwksCache:
    """JWK sets fetched from allowed ``jku`` URLs, each kept for ``ttl`` seconds."""

    #: An unknown ``kid`` fetches the set again (the client rotated its keys), at
    #: most this often per URL.
    REFRESH_SECONDS: ClassVar[float] = 30.0

    def __init__(
        self,
        ttl: float,
        timeout: float,
        fetch: Callable[[str, float], Any] = _fetch_jwks,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._timeout = timeout
        self._fetch = fetch
        self._clock = clock
        self._sets: dict[str, tuple[float, list[Mapping[str, Any]]]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def keys(self, url: str, *, refresh: bool = False) -> list[Mapping[str, Any]]:
        """The keys at ``url``; ``refresh`` fetches again unless the copy is very recent."""
        with self._guard:
            lock = self._locks.setdefault(url, threading.Lock())
        with lock:
            cached = self._sets.get(url)
            now = self._clock()
            if cached is not None:
                age = now - cached[0]
                if age < (self.REFRESH_SECONDS if refresh else self._ttl):
                    return cached[1]
            try:
                document = self._fetch(url, self._timeout)
                if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
                    raise ValueError("the document is not a JWK set")
            except (OSError, ValueError) as error:  # URLError is an OSError
                log.warning("cannot fetch the JWK set at %s: %s", url, error)
                if cached is not None:
                    return cached[1]  # keep the last good set through an outage
                raise TokenError(f"the JWK set at {url} cannot be fetched: {error}") from None
            keys = [k for k in document["keys"] if isinstance(k, Mapping)]
            self._sets[url] = (now, keys)
            return keys


class ReplayCache:
    """Each ``(iss, jti)`` seen, until its token expires; at most ``size`` of them."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._until: dict[tuple[str, str], float] = {}
        self._expiry: list[tuple[float, tuple[str, str]]] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._until)

    def claim(self, key: tuple[str, str], until: float, now: float) -> None:
        """Record ``key`` until ``until``; :class:`TokenError` if it is already there."""
        with self._lock:
            while self._expiry and self._expiry[0][0] <= now:
                expired, old = heapq.heappop(self._expiry)
                if self._until.get(old) == expired:
                    del self._until[old]
            if key in self._until:
                raise TokenError("this token was used before (jti replayed)")
            if len(self._until) >= self._size:
                raise ReplayCacheFullError
            self._until[key] = until
            heapq.heappush(self._expiry, (until, key))


class TokenVerifier:
    """Checks a client's bearer JWT as CDS Hooks 2.0 "Trusting CDS Clients" asks."""

    def __init__(
        self,
        issuers: Mapping[str, Issuer],
        limits: Limits,
        jwks: JwksCache | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._issuers = issuers
        self._limits = limits
        self._jwks = jwks or JwksCache(limits.jwks_cache_seconds, limits.jwks_fetch_timeout_seconds)
        self._replay = ReplayCache(limits.replay_cache_size)
        self._clock = clock

    def _key(self, issuer: Issuer, jku: Any, kid: str, algorithm: str) -> jwt.PyJWK:
        if jku is not None:
            if jku not in issuer.jku:
                raise TokenError("the jku is not one of this issuer's allowed JWK set URLs")
            urls: tuple[str, ...] = (jku,)
        else:  # the set was given out of band: inline keys, then the configured URLs
            urls = issuer.jku
        found = [k for k in issuer.keys if k.get("kid") == kid]
        for url in urls:
            if found:
                break
            found = [k for k in self._jwks.keys(url) if k.get("kid") == kid]
            if not found:
                found = [k for k in self._jwks.keys(url, refresh=True) if k.get("kid") == kid]
        if not found:
            raise TokenError(f"no key {kid!r} in the JWK set of {issuer.iss}")
        if len(found) > 1:
            raise TokenError(f"key {kid!r} is not unique in the JWK set of {issuer.iss}")
        return _verification_key(found[0], algorithm)

    def verify(self, authorization: str | None, audience: str) -> dict[str, Any]:
        """The token's claims, once every check has passed; :class:`TokenError` otherwise."""
        scheme, _, token = (authorization or "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise TokenError("an Authorization: Bearer <JWT> header is required")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise TokenError(f"the bearer token is not a JWT: {error}") from None
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise TokenError(f"alg must be ES384 or RS384, got {algorithm!r}")
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.upper() != "JWT":
            raise TokenError(f"typ must be JWT, got {typ!r}")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise TokenError("the token header needs a kid")
        iss = unverified.get("iss")
        issuer = self._issuers.get(iss) if isinstance(iss, str) else None
        if issuer is None:
            raise TokenError(f"issuer {iss!r} is not allowed")
        key = self._key(issuer, header.get("jku"), kid, algorithm)
        leeway = self._limits.jwt_leeway_seconds
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[algorithm],
                audience=audience,
                issuer=issuer.iss,
                leeway=leeway,
                options={
                    "require": ["iss", "aud", "exp", "iat", "jti"],
                    "enforce_minimum_key_length": True,
                },
            )
        except jwt.PyJWTError as error:
            raise TokenError(f"the token is refused: {error}") from None
        jti = claims["jti"]
        if not isinstance(jti, str) or not jti:
            raise TokenError("jti must be a non-empty string")
        now = self._clock()
        expires = float(claims["exp"])
        if expires - now > self._limits.max_token_lifetime_seconds + leeway:
            raise TokenError("exp is further away than this service takes")
        self._replay.claim((issuer.iss, jti), expires + leeway, now)
        return claims


# --------------------------------------------------------------------------- feedback

_UTC_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|\+00:00)$")


def _string(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def feedback_problems(body: Any) -> list[str]:
    """What a feedback request breaks of CDS Hooks 2.0 "Feedback" (empty when it is valid)."""
    if not isinstance(body, Mapping) or not isinstance(body.get("feedback"), list):
        return ["the body must be an object with a feedback array"]
    if not body["feedback"]:
        return ["feedback must not be empty"]
    out: list[str] = []
    for number, item in enumerate(body["feedback"]):
        where = f"feedback[{number}]"
        if not isinstance(item, Mapping):
            out.append(f"{where} must be an object")
            continue
        try:
            uuid.UUID(item.get("card"))
        except (TypeError, ValueError, AttributeError):
            out.append(f"{where}.card must be the card's uuid")
        outcome = item.get("outcome")
        if outcome not in ("accepted", "overridden"):
            out.append(f"{where}.outcome must be accepted or overridden")
        stamp = item.get("outcomeTimestamp")
        try:
            if not isinstance(stamp, str) or not _UTC_TIMESTAMP.match(stamp):
                raise ValueError
            dt.datetime.fromisoformat(stamp.upper().replace("Z", "+00:00"))
        except ValueError:
            out.append(f"{where}.outcomeTimestamp must be an RFC 3339 date and time in UTC")
        accepted = item.get("acceptedSuggestions")
        if outcome == "accepted":
            if (
                not isinstance(accepted, list)
                or not accepted
                or not all(isinstance(s, Mapping) and _string(s.get("id")) for s in accepted)
            ):
                out.append(f"{where}.acceptedSuggestions must list each accepted suggestion's id")
            if "overrideReason" in item:
                out.append(f"{where}.overrideReason is for an overridden card only")
        elif "acceptedSuggestions" in item:
            out.append(f"{where}.acceptedSuggestions is for an accepted card only")
        if "overrideReason" in item and outcome == "overridden":
            reason = item["overrideReason"]
            if not isinstance(reason, Mapping) or not (
                "reason" in reason or "userComment" in reason
            ):
                out.append(f"{where}.overrideReason must hold a reason, a userComment or both")
            else:
                coding = reason.get("reason", {"code": "-", "system": "-"})
                if not (
                    isinstance(coding, Mapping)
                    and _string(coding.get("code"))
                    and _string(coding.get("system"))
                    and ("display" not in coding or _string(coding["display"]))
                ):
                    out.append(f"{where}.overrideReason.reason must be a Coding (system, code)")
                if "userComment" in reason and not _string(reason["userComment"]):
                    out.append(f"{where}.overrideReason.userComment must be text")
    return out


# --------------------------------------------------------------------------- the app

_CORS = {"Access-Control-Allow-Origin": "*"}
_PREFLIGHT = _CORS | {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
}


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _loggable(text: str, limit: int = 300) -> str:
    """``text`` from a client, on one line of plain ASCII (a log line cannot be forged)."""
    return text[:limit].encode("unicode_escape").decode("ascii")


def answer(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON response written by :func:`ldn.fhir.to_json` (Decimals digit for digit)."""
    return Response(
        to_json(body).encode("utf-8"),
        status_code=status,
        media_type="application/json",
        headers=_CORS | dict(headers or {}),
    )


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return answer(status, {"error": message}, headers)


class CloseWhenFramingIsAmbiguous:
    """ASGI middleware: a request with both ``Content-Length`` and ``Transfer-Encoding``
    is read by its chunked coding (uvicorn's h11 does so), and its connection is
    closed after the answer, as RFC 9112 section 6.1 asks of a server: the bytes after
    it cannot be trusted to start a request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        names = {name for name, _ in scope.get("headers", ())}
        if scope["type"] != "http" or not {b"content-length", b"transfer-encoding"} <= names:
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)


def create_app(config: Config, *, verifier: TokenVerifier | None = None) -> FastAPI:
    """The FastAPI application: discovery, the two hook services and their feedback."""
    verifier = verifier or TokenVerifier(config.issuers, config.limits)
    limits = config.limits
    app = FastAPI(
        title="ldn CDS Hooks services",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
    )

    async def authenticate(request: Request, path: str) -> dict[str, Any] | Response:
        try:
            return await run_in_threadpool(
                verifier.verify, request.headers.get("authorization"), config.endpoint(path)
            )
        except TokenError as refused:
            log.info("401 %s from %s: %s", path, request.client, refused)
            return error(401, str(refused), {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        except ReplayCacheFullError:
            log.error("the replay cache is full: %d tokens", limits.replay_cache_size)
            return error(503, "too many recent tokens; try again", {"Retry-After": "5"})

    async def read_json(request: Request) -> Any:
        declared = request.headers.get("content-length")
        if declared is not None and (
            not declared.isdigit() or int(declared) > limits.max_body_bytes
        ):
            raise _BodyError(413, f"request body over {limits.max_body_bytes} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(limits.body_timeout_seconds):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limits.max_body_bytes:
                        raise _BodyError(413, f"request body over {limits.max_body_bytes} bytes")
                    chunks.append(chunk)
        except TimeoutError:
            raise _BodyError(408, "the request body was not sent in time") from None
        try:
            return json.loads(b"".join(chunks), parse_float=Decimal)
        except (ValueError, RecursionError):
            raise _BodyError(400, "the body is not JSON") from None

    def body_error(refused: _BodyError) -> Response:
        # The rest of an unread body is not waited for: the connection is closed.
        headers = {"Connection": "close"} if refused.status in (408, 413) else None
        return error(refused.status, str(refused), headers)

    @app.get("/cds-services")
    async def discovery_endpoint(request: Request) -> Response:
        if config.discovery_requires_token:
            claims = await authenticate(request, "/cds-services")
            if isinstance(claims, Response):
                return claims
        return answer(200, discovery())

    @app.post("/cds-services/{service_id}")
    async def service_endpoint(service_id: str, request: Request) -> Response:
        if service_id not in HOOKS:
            return error(404, f"no such service: {service_id[:80]}")
        claims = await authenticate(request, f"/cds-services/{service_id}")
        if isinstance(claims, Response):
            return claims
        try:
            hook_request = await read_json(request)
        except _BodyError as refused:
            return body_error(refused)
        if not isinstance(hook_request, dict) or hook_request.get("hook") != HOOKS[service_id]:
            return error(400, f"service {service_id} answers the {HOOKS[service_id]} hook")
        # The first dose is taken to be today where the service is deployed.
        today = dt.datetime.now(config.time_zone).date()
        options: dict[str, Any] = {"as_of": today, "counselling": config.counselling}
        if config.source is not None:
            options["source"] = config.source
        try:
            cards = await run_in_threadpool(lambda: respond(hook_request, **options))
        except PrefetchMissingError as missing:
            return error(412, str(missing))
        except LdnError as unreadable:
            return error(400, str(unreadable))
        return answer(200, cards)

    @app.post("/cds-services/{service_id}/feedback")
    async def feedback_endpoint(service_id: str, request: Request) -> Response:
        if service_id not in HOOKS:
            return error(404, f"no such service: {service_id[:80]}")
        claims = await authenticate(request, f"/cds-services/{service_id}/feedback")
        if isinstance(claims, Response):
            return claims
        try:
            body = await read_json(request)
        except _BodyError as refused:
            return body_error(refused)
        problems = feedback_problems(body)
        if problems:
            return error(400, "; ".join(problems[:10]))
        for item in body["feedback"]:
            reason = item.get("overrideReason", {})
            coding = reason.get("reason")
            feedback_log.info(
                "feedback service=%s client=%s card=%s outcome=%s suggestions=%s reason=%s "
                "comment=%s at=%s",
                service_id,
                claims["iss"],
                item["card"],
                item["outcome"],
                _loggable(",".join(s["id"] for s in item.get("acceptedSuggestions", [])) or "-"),
                _loggable(f"{coding['system']}|{coding['code']}") if coding else "-",
                "yes" if "userComment" in reason else "no",  # free text: not logged
                item["outcomeTimestamp"],
            )
        return answer(200, {})

    @app.options("/cds-services")
    @app.options("/cds-services/{rest:path}")
    async def preflight() -> Response:
        return Response(status_code=204, headers=_PREFLIGHT)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, problem: StarletteHTTPException) -> Response:
        return error(problem.status_code, str(problem.detail), problem.headers)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, problem: ClientDisconnect) -> Response:
        return error(400, "the client went away")

    @app.exception_handler(Exception)
    async def failure(request: Request, problem: Exception) -> Response:
        log.exception("500 on %s", request.url.path)
        return error(500, "internal error")

    app.add_middleware(CloseWhenFramingIsAmbiguous)
    return app


# --------------------------------------------------------------------------- server


def _protocol(header_timeout: float) -> type[H11Protocol]:
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request head is late.

    uvicorn times out idle keep-alive connections only: a client that connects and
    sends nothing, or a request line and part of its headers, is kept for ever
    (uvicorn issue 157, "timeout-request-start", open). Here a connection that is not
    in a request has ``header_timeout`` seconds, from its first byte or from the
    connection, to send a whole request head; the body's time is the app's
    (``body_timeout_seconds``).
    """

    class HeaderTimeoutProtocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None
        _last_cycle: object = None

        def _arm(self) -> None:
            if self._header_timer is None:
                self._header_timer = self.loop.call_later(header_timeout, self._late)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _waiting(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def _late(self) -> None:
            self._header_timer = None
            if self._waiting() and not self.transport.is_closing():
                log.info("closing %s: no request head within %ss", self.client, header_timeout)
                self.transport.close()

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.cycle is not None and self.cycle is not self._last_cycle:
                self._last_cycle = self.cycle  # a request head arrived
                self._disarm()
            if self._waiting() and not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeaderTimeoutProtocol


def make_server(config: Config, app: FastAPI | None = None, **overrides: Any) -> uvicorn.Server:
    """The uvicorn server for ``config``, not yet serving (``server.run()`` serves)."""
    limits = config.limits
    settings: dict[str, Any] = {
        "host": config.host,
        "port": config.port,
        "http": _protocol(limits.header_timeout_seconds),
        "timeout_keep_alive": limits.keep_alive_seconds,
        "limit_concurrency": limits.max_concurrency,
        "limit_max_requests": limits.max_requests,
        "ssl_certfile": config.tls_certfile,
        "ssl_keyfile": config.tls_keyfile,
        "proxy_headers": False,
        "server_header": False,
        "lifespan": "off",
        "ws": "none",
    }
    settings.update(overrides)
    return uvicorn.Server(uvicorn.Config(app or create_app(config), **settings))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--config", required=True, help="the TOML config file")
    parser.add_argument(
        "--check", action="store_true", help="read the config, say what it sets, and exit"
    )
    arguments = parser.parse_args(argv)
    try:
        config = load_config(arguments.config)
    except ConfigError as problem:
        print(f"{arguments.config}: {problem}", file=sys.stderr)
        return 2
    where = f"{config.base_url}/cds-services"
    if arguments.check:
        print(f"config OK: discovery at {where}, {len(config.issuers)} issuer(s) allowed")
        for issuer in config.issuers.values():
            print(f"  {issuer.iss}: {len(issuer.keys)} inline key(s), jku {list(issuer.jku)}")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    log.info("serving on %s:%s; clients call %s", config.host, config.port, where)
    make_server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
