"""The example CDS Hooks service (examples/cds_service.py), called over loopback HTTP.

The service runs on uvicorn in a thread, with a config file written here; requests go
through httpx (and a raw socket where a client must misbehave), each with a real
bearer JWT signed by a key made for this run (tests/support/jwt_client.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import json
import logging
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from tests.support.cds_rules import discovery_problems, response_problems
from tests.support.jwt_client import DROP, Client, JwksServer
from tests.support.modules import load_file
from tests.test_cds import request, statement

# Slow (a server over loopback): .ci/run's slow stage runs it, the README test command does not.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cds_service.py"
EXAMPLE_CONFIG = ROOT / "examples" / "cds_service.example.toml"
#: The URL clients are told to call: a token's aud is this plus the path, whatever host
#: the request reaches.
BASE = "https://cds.test.example/ldn"
SELECT = f"{BASE}/cds-services/ldn-order-select"
SIGN = f"{BASE}/cds-services/ldn-order-sign"
BODY_LIMIT = 50_000
TIMEOUT = 1.0  # header and body read timeouts of the service under test
#: How late a dropped connection may be over its timeout: generous, not a benchmark.
SLACK = 4.0
SOURCE = ("Test Clinic LDN checks", "https://cds.test.example/ldn/about")


def load_example() -> ModuleType:
    return load_file("cds_service_example", EXAMPLE)


service_module = load_example()


@dataclass
class Clients:
    es: Client  # ES384, key inline in the config
    rs: Client  # RS384, key in a JWK set file beside the config
    remote: Client  # ES384, JWK set fetched from its jku URL
    jwks: JwksServer


@dataclass
class Running:
    url: str  # where the requests go (loopback)
    port: int
    server: Any


def toml_table(mapping: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{key} = {json.dumps(value)}" for key, value in mapping.items()) + " }"


def write_config(folder: Path, clients: Clients, extra_service: str = "") -> Path:
    (folder / "rs-jwks.json").write_text(json.dumps(clients.rs.jwks()), encoding="utf-8")
    text = f"""
[service]
base_url = "{BASE}/"
time_zone = "Pacific/Auckland"
{extra_service}

[card_source]
label = "{SOURCE[0]}"
url = "{SOURCE[1]}"
icon = "https://cds.test.example/ldn/icon.png"

[limits]
max_body_bytes = {BODY_LIMIT}
header_timeout_seconds = {TIMEOUT}
body_timeout_seconds = {TIMEOUT}
keep_alive_seconds = 2
max_concurrency = 80
jwt_leeway_seconds = 5
max_token_lifetime_seconds = 900
replay_cache_size = 1000

[[issuers]]
iss = "{clients.es.iss}"
jwks = {{ keys = [ {toml_table(clients.es.public_jwk())} ] }}

[[issuers]]
iss = "{clients.rs.iss}"
jwks = "rs-jwks.json"

[[issuers]]
iss = "{clients.remote.iss}"
jku = ["{clients.jwks.url}"]
"""
    path = folder / "service.toml"
    path.write_text(text, encoding="utf-8")
    return path


def start(config: Any, **overrides: Any) -> tuple[Running, threading.Thread]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = service_module.make_server(config, log_config=None, access_log=False, **overrides)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "the service stopped"
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.01)
    scheme = "https" if config.tls_certfile else "http"
    return Running(f"{scheme}://127.0.0.1:{port}", port, server), thread


def stop(running: Running, thread: threading.Thread) -> None:
    running.server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def clients() -> Iterator[Clients]:
    jwks_client = Client("https://remote-ehr.test.example", "ES384")
    jwks = JwksServer(jwks_client.jwks())
    with jwks.serving():
        yield Clients(
            es=Client("https://ehr.test.example", "ES384"),
            rs=Client("https://other-ehr.test.example/cds", "RS384"),
            remote=jwks_client,
            jwks=jwks,
        )


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory, clients: Clients) -> Any:
    return service_module.load_config(write_config(tmp_path_factory.mktemp("service"), clients))


@pytest.fixture(scope="module")
def service(config: Any) -> Iterator[Running]:
    running, thread = start(config)
    try:
        yield running
    finally:
        stop(running, thread)


@pytest.fixture(scope="module")
def http(service: Running) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=10) as client:
        yield client


def path_of(endpoint: str) -> str:
    return endpoint.removeprefix(BASE)


def post(
    http: httpx.Client, endpoint: str, payload: Any, token: str | None, **kwargs: Any
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    content = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return http.post(path_of(endpoint), content=content, headers=headers, **kwargs)


def opioid_request() -> dict[str, Any]:
    return request(statements=(statement("Panadeine Forte 2 tablets at night"),))


def raw(port: int, data: bytes, wait: float = 10.0) -> tuple[bytes, float]:
    """Send ``data`` on a fresh connection, read until the service closes it."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as connection:
        if data:
            connection.sendall(data)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received, time.monotonic() - started


def head(client: Client, endpoint: str, *lines: str) -> bytes:
    text = "\r\n".join(
        (
            f"POST {path_of(endpoint)} HTTP/1.1",
            "Host: 127.0.0.1",
            f"Authorization: Bearer {client.token(endpoint)}",
            "Content-Type: application/json",
            *lines,
        )
    )
    return (text + "\r\n\r\n").encode("ascii")


def chunked(size: int) -> bytes:
    piece = b" " * 4000
    out = b""
    while size > 0:
        part = piece[: min(size, len(piece))]
        out += f"{len(part):x}\r\n".encode("ascii") + part + b"\r\n"
        size -= len(part)
    return out + b"0\r\n\r\n"


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


# -- discovery --------------------------------------------------------------------------------


def test_discovery_needs_no_token_and_is_json(http: httpx.Client) -> None:
    answer = http.get("/cds-services")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["access-control-allow-origin"] == "*"
    document = answer.json()
    assert discovery_problems(document) == []
    assert [s["id"] for s in document["services"]] == ["ldn-order-select", "ldn-order-sign"]


def test_discovery_can_require_a_token(tmp_path: Path, clients: Clients) -> None:
    path = write_config(tmp_path, clients, "discovery_requires_token = true")
    running, thread = start(service_module.load_config(path))
    try:
        url = f"{running.url}/cds-services"
        assert httpx.get(url).status_code == 401
        token = clients.es.token(f"{BASE}/cds-services")
        answer = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200
        assert discovery_problems(answer.json()) == []
    finally:
        stop(running, thread)


# -- hook requests with valid tokens --------------------------------------------------------


def test_order_select_for_a_patient_on_a_brand_name_opioid_gets_the_critical_card(
    http: httpx.Client, clients: Clients
) -> None:
    answer = post(http, SELECT, opioid_request(), clients.es.token(SELECT))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    response = answer.json()
    assert response_problems(response) == []
    critical = [c for c in response["cards"] if c["indicator"] == "critical"]
    opioid = next(c for c in critical if c["source"]["topic"]["code"] == "opioid-use")
    assert opioid["summary"] == "Opioid (codeine) in the medication list: do not start"
    assert "Panadeine Forte" in opioid["detail"]
    assert opioid["suggestions"][0]["actions"][0]["resourceId"] == "MedicationRequest/ldn-1"


def test_the_card_source_is_the_configured_one(http: httpx.Client, clients: Clients) -> None:
    response = post(http, SELECT, opioid_request(), clients.rs.token(SELECT)).json()
    assert response["cards"]
    for card in response["cards"]:
        assert (card["source"]["label"], card["source"]["url"]) == SOURCE
        assert card["source"]["icon"] == "https://cds.test.example/ldn/icon.png"


def test_a_valid_rs384_token_on_order_sign_reads_exact_numbers(
    http: httpx.Client, clients: Clients
) -> None:
    hook_request = request("order-sign")
    hook_request["context"]["draftOrders"]["entry"][0]["resource"]["dosageInstruction"][0][
        "doseAndRate"
    ][0]["doseQuantity"]["value"] = 0.1
    answer = post(http, SIGN, hook_request, clients.rs.token(SIGN))
    assert answer.status_code == 200
    cards = answer.json()["cards"]
    start = next(c for c in cards if c["source"]["topic"]["code"] == "order-start-dose")
    assert start["summary"].startswith("Starting dose 0.1 mg a day")


def test_a_jku_on_the_allow_list_is_fetched_once_and_cached(
    http: httpx.Client, clients: Clients
) -> None:
    before = clients.jwks.fetches
    for _ in range(3):
        token = clients.remote.token(SELECT, header={"jku": clients.jwks.url})
        assert post(http, SELECT, request(), token).status_code == 200
    # without a jku the issuer's configured URL is used: the same cached set
    assert post(http, SELECT, request(), clients.remote.token(SELECT)).status_code == 200
    assert clients.jwks.fetches - before <= 1


# -- tokens refused ---------------------------------------------------------------------------


def _forged(clients: Clients) -> dict[str, str | None]:
    now = int(time.time())
    impostor = Client(clients.es.iss, "ES384", kid=clients.es.kid)  # right kid, other key
    stranger = Client("https://stranger.test.example", "ES384")
    return {
        "missing": None,
        "not a JWT": "not.a.jwt",
        "expired": clients.es.token(SELECT, exp=now - 120, iat=now - 420),
        "issued in the future": clients.es.token(SELECT, iat=now + 600, exp=now + 900),
        "exp too far away": clients.es.token(SELECT, exp=now + 24 * 3600),
        "wrong audience (the other service)": clients.es.token(SIGN),
        "wrong audience (the host reached)": clients.es.token("http://127.0.0.1/cds-services"),
        "no audience": clients.es.token(SELECT, aud=DROP),
        "no jti": clients.es.token(SELECT, jti=DROP),
        "no exp": clients.es.token(SELECT, exp=DROP),
        "no iat": clients.es.token(SELECT, iat=DROP),
        "unknown issuer": stranger.token(SELECT),
        "unknown kid": clients.es.token(SELECT, header={"kid": "rotated-away"}),
        "no kid": clients.es.token(SELECT, header={"kid": DROP}),
        "unknown key under a known kid": impostor.token(SELECT),
        "typ other than JWT": clients.es.token(SELECT, header={"typ": "at+jwt"}),
        "no typ": clients.es.token(SELECT, header={"typ": None}),  # PyJWT then writes none
        "unsigned (alg none)": clients.es.unsigned_token(SELECT),
        "HS256 with the public key as secret": clients.es.hmac_token(SELECT),
        "jku not on the allow-list": clients.es.token(
            SELECT, header={"jku": "https://attacker.test.example/jwks.json"}
        ),
        "jku of another issuer": clients.es.token(SELECT, header={"jku": clients.jwks.url}),
        "an issuer's key under another's iss": clients.rs.token(SELECT, iss=clients.es.iss),
    }


CASES = [
    "missing",
    "not a JWT",
    "expired",
    "issued in the future",
    "exp too far away",
    "wrong audience (the other service)",
    "wrong audience (the host reached)",
    "no audience",
    "no jti",
    "no exp",
    "no iat",
    "unknown issuer",
    "unknown kid",
    "no kid",
    "unknown key under a known kid",
    "typ other than JWT",
    "no typ",
    "unsigned (alg none)",
    "HS256 with the public key as secret",
    "jku not on the allow-list",
    "jku of another issuer",
    "an issuer's key under another's iss",
]


@pytest.fixture(scope="module")
def forged(clients: Clients) -> dict[str, str | None]:
    tokens = _forged(clients)
    assert sorted(tokens) == sorted(CASES)
    return tokens


@pytest.mark.parametrize("case", CASES)
def test_a_bad_token_is_401(http: httpx.Client, forged: dict[str, str | None], case: str) -> None:
    answer = post(http, SELECT, request(), forged[case])
    assert answer.status_code == 401, answer.text
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["error"]


def test_a_replayed_token_is_401_the_second_time(http: httpx.Client, clients: Clients) -> None:
    token = clients.es.token(SELECT)
    assert post(http, SELECT, request(), token).status_code == 200
    second = post(http, SELECT, request(), token)
    assert second.status_code == 401
    assert "replayed" in second.json()["error"]


def test_the_authorization_scheme_must_be_bearer(http: httpx.Client, clients: Clients) -> None:
    token = clients.es.token(SELECT)
    answer = http.post(
        path_of(SELECT), content=json.dumps(request()), headers={"Authorization": f"Basic {token}"}
    )
    assert answer.status_code == 401


def test_the_replay_cache_forgets_expired_tokens_and_never_an_unexpired_one() -> None:
    cache = service_module.ReplayCache(2)
    cache.claim(("iss", "a"), until=100.0, now=0.0)
    with pytest.raises(service_module.TokenError, match="replayed"):
        cache.claim(("iss", "a"), until=100.0, now=99.0)
    cache.claim(("other", "a"), until=50.0, now=1.0)  # the jti is per issuer
    with pytest.raises(service_module.ReplayCacheFullError):
        cache.claim(("iss", "b"), until=100.0, now=2.0)  # full: nothing forgotten early
    cache.claim(("iss", "b"), until=100.0, now=50.0)  # ("other", "a") expired
    assert len(cache) == 2
    cache.claim(("iss", "a"), until=300.0, now=100.0)  # expired, so usable again
    assert len(cache) == 1


def test_a_full_replay_cache_is_503_not_a_forgotten_jti(
    config: Any, clients: Clients, http: httpx.Client
) -> None:
    verifier = service_module.TokenVerifier(
        config.issuers, service_module.Limits(replay_cache_size=1)
    )
    assert verifier.verify(f"Bearer {clients.es.token(SELECT)}", SELECT)["iss"] == clients.es.iss
    with pytest.raises(service_module.ReplayCacheFullError):
        verifier.verify(f"Bearer {clients.es.token(SELECT)}", SELECT)


def test_jwk_sets_are_cached_refreshed_and_kept_through_an_outage() -> None:
    fetched: list[str] = []
    answers: list[Any] = [{"keys": [{"kid": "a"}]}, {"keys": [{"kid": "b"}]}]
    answers += [OSError("down"), OSError("down")]
    now = [0.0]

    def fetch(url: str, timeout: float) -> Any:
        fetched.append(url)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    cache = service_module.JwksCache(ttl=300, timeout=1, fetch=fetch, clock=lambda: now[0])
    assert cache.keys("u") == [{"kid": "a"}]
    now[0] = 10.0
    assert cache.keys("u", refresh=True) == [{"kid": "a"}]  # too soon to fetch again
    now[0] = 40.0
    assert cache.keys("u", refresh=True) == [{"kid": "b"}]  # a rotated key
    now[0] = 400.0
    assert cache.keys("u") == [{"kid": "b"}]  # the fetch failed: the last good set
    assert fetched == ["u", "u", "u"]
    with pytest.raises(service_module.TokenError, match="cannot be fetched"):
        service_module.JwksCache(ttl=1, timeout=1, fetch=fetch).keys("v")


def test_a_jwk_set_url_is_fetched_without_redirects_and_within_a_size(clients: Clients) -> None:
    fetch = service_module._fetch_jwks
    assert fetch(clients.jwks.url, 5) == clients.remote.jwks()
    moved = clients.jwks.url.replace("/jwks.json", "/moved")
    with pytest.raises(urllib.error.HTTPError):
        fetch(moved, 5)
    big = JwksServer({"keys": [], "padding": "x" * service_module.MAX_JWKS_BYTES})
    with big.serving(), pytest.raises(ValueError, match="over"):
        fetch(big.url, 5)
    with pytest.raises(service_module.TokenError, match="not a JWK set"):
        service_module.JwksCache(ttl=1, timeout=1, fetch=lambda u, t: ["no"]).keys("w")


# -- statuses of the hook services ------------------------------------------------------------


def test_a_missing_prefetch_is_412(http: httpx.Client, clients: Clients) -> None:
    hook_request = request()
    del hook_request["prefetch"]["allergies"]
    answer = post(http, SELECT, hook_request, clients.es.token(SELECT))
    assert answer.status_code == 412
    assert "allergies" in answer.json()["error"]


def test_a_null_prefetch_is_no_data_not_412(http: httpx.Client, clients: Clients) -> None:
    hook_request = opioid_request()
    hook_request["prefetch"]["medicationDispenses"] = None
    answer = post(http, SELECT, hook_request, clients.es.token(SELECT))
    assert answer.status_code == 200
    assert response_problems(answer.json()) == []


@pytest.mark.parametrize(
    ("endpoint", "payload"),
    [
        (SIGN, request("order-select")),  # the other service's hook
        (SELECT, {"hook": "order-select"}),
        (SELECT, []),
        (SELECT, b"{not json"),
        (SELECT, b""),
        (SELECT, b"[" * 40_000),
        (SELECT, b"\xff\xfe{}"),
    ],
    ids=["other hook", "no context", "a list", "not JSON", "empty", "too deep", "not UTF-8"],
)
def test_requests_that_cannot_be_read_are_400(
    http: httpx.Client, clients: Clients, endpoint: str, payload: Any
) -> None:
    answer = post(http, endpoint, payload, clients.es.token(endpoint))
    assert answer.status_code == 400
    assert answer.json()["error"]


def test_malformed_fhir_inside_a_request_is_400(http: httpx.Client, clients: Clients) -> None:
    hook_request = request()
    hook_request["prefetch"]["medicationStatements"]["entry"] = {}
    answer = post(http, SELECT, hook_request, clients.es.token(SELECT))
    assert answer.status_code == 400
    assert "entry" in answer.json()["error"]


def test_an_unreadable_resource_inside_a_request_is_a_card(
    http: httpx.Client, clients: Clients
) -> None:
    hook_request = request(statements=({"resourceType": "MedicationStatement", "status": "?"},))
    answer = post(http, SELECT, hook_request, clients.es.token(SELECT))
    assert answer.status_code == 200
    assert "record-unreadable" in [c["source"]["topic"]["code"] for c in answer.json()["cards"]]


def test_an_exception_other_than_ldn_error_is_a_json_500(
    service: Running, clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(service_module, "respond", broken)
    with httpx.Client(base_url=service.url, timeout=10) as own:  # uvicorn closes it after
        answer = post(own, SELECT, request(), clients.es.token(SELECT))
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == {"error": "internal error"}


def test_unknown_paths_and_methods(http: httpx.Client, clients: Clients) -> None:
    nothing = f"{BASE}/cds-services/nothing"
    assert post(http, nothing, {}, clients.es.token(nothing)).status_code == 404
    assert post(http, f"{nothing}/feedback", {}, None).status_code == 404
    unknown = http.get("/elsewhere")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/json"
    assert http.get(path_of(SELECT)).status_code == 405


def test_cors_preflight(http: httpx.Client) -> None:
    answer = http.options(path_of(SELECT))
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "Authorization" in answer.headers["access-control-allow-headers"]


# -- limits -----------------------------------------------------------------------------------


def test_a_content_length_over_the_limit_is_413_before_the_body(
    service: Running, clients: Clients
) -> None:
    response, _ = raw(service.port, head(clients.es, SELECT, f"Content-Length: {BODY_LIMIT + 1}"))
    assert status_of(response) == 413
    assert b"content-type: application/json" in response.lower()


def test_a_chunked_body_past_the_limit_is_413_whatever_content_length_says(
    service: Running, clients: Clients
) -> None:
    lying = head(clients.es, SELECT, "Content-Length: 20", "Transfer-Encoding: chunked")
    response, _ = raw(service.port, lying + chunked(BODY_LIMIT + 1000))
    assert status_of(response) == 413


def test_a_request_with_both_lengths_is_read_as_chunked_and_its_connection_closed(
    service: Running, clients: Clients
) -> None:
    body = json.dumps(request()).encode("utf-8")
    data = head(clients.es, SELECT, "Content-Length: 5", "Transfer-Encoding: chunked")
    data += f"{len(body):x}\r\n".encode("ascii") + body + b"\r\n0\r\n\r\n"
    response, _ = raw(service.port, data)
    assert status_of(response) == 200
    assert b"\r\nconnection: close\r\n" in response.lower()


def test_a_chunked_body_with_no_length_past_the_limit_is_413(
    service: Running, clients: Clients
) -> None:
    response, _ = raw(
        service.port,
        head(clients.es, SELECT, "Transfer-Encoding: chunked") + chunked(BODY_LIMIT + 1),
    )
    assert status_of(response) == 413


def test_a_chunked_body_under_the_limit_is_read(service: Running, clients: Clients) -> None:
    body = json.dumps(request()).encode("utf-8")
    data = head(clients.es, SELECT, "Transfer-Encoding: chunked", "Connection: close")
    data += f"{len(body):x}\r\n".encode("ascii") + body + b"\r\n0\r\n\r\n"
    response, _ = raw(service.port, data)
    assert status_of(response) == 200


def test_a_client_that_sends_headers_and_stalls_is_dropped(
    service: Running, clients: Clients
) -> None:
    response, elapsed = raw(service.port, head(clients.es, SELECT, "Content-Length: 100"))
    assert status_of(response) == 408  # then the connection is closed
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + SLACK


@pytest.mark.parametrize(
    "sent",
    [b"", b"POST /cds-services/ldn-order-select HTTP/1.1\r\nHost: 127.0.0.1\r\n"],
    ids=["nothing", "part of the headers"],
)
def test_a_client_that_stalls_before_its_headers_end_is_dropped(
    service: Running, sent: bytes
) -> None:
    response, elapsed = raw(service.port, sent)
    assert response == b""  # closed, no answer
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + SLACK


def test_fifty_concurrent_requests_are_all_answered(service: Running, clients: Clients) -> None:
    body = json.dumps(opioid_request())

    async def one(client: httpx.AsyncClient) -> int:
        headers = {"Authorization": f"Bearer {clients.es.token(SELECT)}"}
        answer = await client.post(path_of(SELECT), content=body, headers=headers)
        return answer.status_code

    async def all_of_them() -> list[int]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=service.url, timeout=30, limits=limits) as client:
            return list(await asyncio.gather(*(one(client) for _ in range(50))))

    assert asyncio.run(all_of_them()) == [200] * 50


# -- feedback ---------------------------------------------------------------------------------

CARD = "4e0a3a1e-3283-4575-ab82-028d55fe2719"
FEEDBACK = f"{SELECT}/feedback"
ACCEPTED = {
    "card": CARD,
    "outcome": "accepted",
    "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
    "outcomeTimestamp": "2026-12-11T10:05:31Z",
}
OVERRIDDEN = {
    "card": CARD,
    "outcome": "overridden",
    "overrideReason": {
        "reason": {"system": "https://example.org/override", "code": "opioid-stopped"},
        "userComment": "Stopped 3 weeks ago; see clinic letter",
    },
    "outcomeTimestamp": "2026-12-11T00:00:00.25+00:00",
}
DISMISSED = {"card": CARD, "outcome": "overridden", "outcomeTimestamp": "2026-12-11T00:00:00Z"}


def test_valid_feedback_is_logged_and_200(
    http: httpx.Client, clients: Clients, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="cds_service.feedback"):
        answer = post(
            http,
            FEEDBACK,
            {"feedback": [ACCEPTED, OVERRIDDEN, DISMISSED]},
            clients.es.token(FEEDBACK),
        )
    assert answer.status_code == 200
    assert answer.json() == {}
    logged = [r.getMessage() for r in caplog.records if r.name == "cds_service.feedback"]
    assert len(logged) == 3
    assert "outcome=accepted suggestions=e56e1945-20b3-4393-8503-a1a20fd73152" in logged[0]
    assert f"client={clients.es.iss}" in logged[0]
    assert "reason=https://example.org/override|opioid-stopped comment=yes" in logged[1]
    assert "clinic letter" not in " ".join(logged)  # free text stays out of the log
    assert "reason=- comment=no" in logged[2]


def test_feedback_cannot_forge_a_log_line(
    http: httpx.Client, clients: Clients, caplog: pytest.LogCaptureFixture
) -> None:
    forged = ACCEPTED | {"acceptedSuggestions": [{"id": "x\nfeedback outcome=accepted"}]}
    with caplog.at_level(logging.INFO, logger="cds_service.feedback"):
        answer = post(http, FEEDBACK, {"feedback": [forged]}, clients.es.token(FEEDBACK))
    assert answer.status_code == 200
    (line,) = [r.getMessage() for r in caplog.records if r.name == "cds_service.feedback"]
    assert "\n" not in line
    assert "suggestions=x\\nfeedback" in line


def _without(item: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != key}


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"feedback": []},
        {"feedback": {}},
        {"feedback": ["card"]},
        {"feedback": [_without(ACCEPTED, "card")]},
        {"feedback": [ACCEPTED | {"card": "not-a-uuid"}]},
        {"feedback": [ACCEPTED | {"outcome": "ignored"}]},
        {"feedback": [_without(ACCEPTED, "outcome")]},
        {"feedback": [_without(ACCEPTED, "outcomeTimestamp")]},
        {"feedback": [ACCEPTED | {"outcomeTimestamp": "2026-12-11"}]},
        {"feedback": [ACCEPTED | {"outcomeTimestamp": "2026-12-11T10:05:31+13:00"}]},
        {"feedback": [ACCEPTED | {"outcomeTimestamp": "2026-13-11T10:05:31Z"}]},
        {"feedback": [_without(ACCEPTED, "acceptedSuggestions")]},
        {"feedback": [ACCEPTED | {"acceptedSuggestions": []}]},
        {"feedback": [ACCEPTED | {"acceptedSuggestions": [{"uuid": "x"}]}]},
        {"feedback": [ACCEPTED | {"overrideReason": OVERRIDDEN["overrideReason"]}]},
        {"feedback": [DISMISSED | {"acceptedSuggestions": ACCEPTED["acceptedSuggestions"]}]},
        {"feedback": [DISMISSED | {"overrideReason": {}}]},
        {"feedback": [DISMISSED | {"overrideReason": {"reason": {"code": "x"}}}]},
        {"feedback": [DISMISSED | {"overrideReason": {"reason": "opioid-stopped"}}]},
        {"feedback": [DISMISSED | {"overrideReason": {"userComment": ""}}]},
        {"feedback": [ACCEPTED, ACCEPTED | {"card": None}]},
    ],
)
def test_invalid_feedback_is_400(http: httpx.Client, clients: Clients, body: Any) -> None:
    answer = post(http, FEEDBACK, body, clients.es.token(FEEDBACK))
    assert answer.status_code == 400, body
    assert answer.json()["error"]


def test_feedback_needs_a_token_for_its_own_url(http: httpx.Client, clients: Clients) -> None:
    body = {"feedback": [DISMISSED]}
    assert post(http, FEEDBACK, body, None).status_code == 401
    assert post(http, FEEDBACK, body, clients.es.token(SELECT)).status_code == 401


# -- config -----------------------------------------------------------------------------------


def test_the_example_config_loads_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    config = service_module.load_config(EXAMPLE_CONFIG)
    assert config.base_url == "https://cds.example.org/ldn"
    assert config.endpoint("/cds-services") == "https://cds.example.org/ldn/cds-services"
    assert str(config.time_zone) == "Pacific/Auckland"
    assert list(config.issuers) == ["https://ehr.example.org"]
    assert config.limits == service_module.Limits()  # the example spells out the defaults
    assert config.source.label == "Example Health: low dose naltrexone checks"
    assert service_module.main(["--config", str(EXAMPLE_CONFIG), "--check"]) == 0
    assert "config OK" in capsys.readouterr().out


def test_the_documented_check_command_runs_as_shown() -> None:
    """docs/cds_deployment.rst shows the --check command and its output: both are real."""
    page = (ROOT / "docs" / "cds_deployment.rst").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(page) if line.strip().endswith("--check"))
    shown = []
    for line in page[start + 1 :]:
        if line.strip().startswith("$"):
            break
        shown.append(line[3:])
    prompt, python, *arguments = page[start].split()
    assert (prompt, python) == ("$", ".venv/bin/python")
    assert arguments[0] == "examples/cds_service.py"
    command = [sys.executable, *arguments]  # run from the checkout, as the page says
    environment = os.environ | {"PYTHONPATH": str(ROOT)}  # this checkout's ldn
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=60, cwd=ROOT, env=environment
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == shown


def _ec_p256() -> dict[str, Any]:
    from jwt.algorithms import ECAlgorithm

    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return ECAlgorithm.to_jwk(key, as_dict=True) | {"kid": "p256"}


def _rsa_1024() -> dict[str, Any]:
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    return RSAAlgorithm.to_jwk(key, as_dict=True) | {"kid": "small"}


def _private(client: Client) -> dict[str, Any]:
    from jwt.algorithms import ECAlgorithm

    return ECAlgorithm.to_jwk(client.private_key, as_dict=True) | {"kid": "private"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("[limits]", "[limits]\nmax_body_byte = 1"), "unknown settings"),
        (lambda t: t.replace("max_body_bytes = 50000", "max_body_bytes = 0"), "above zero"),
        (
            lambda t: t.replace("max_body_bytes = 50000", 'max_body_bytes = "5MB"'),
            "must be an integer",
        ),
        (lambda t: t.replace("Pacific/Auckland", "Mars/Olympus"), "time_zone"),
        (
            lambda t: t.replace(f'base_url = "{BASE}/"', 'base_url = "http://cds.example.org"'),
            "https",
        ),
        (lambda t: t.replace("[card_source]", "[card_sources]"), "unknown tables"),
        (lambda t: t.replace('label = "Test', 'label = "'), "card_source"),
        (lambda t: t.split("[[issuers]]")[0], "at least one"),
        (lambda t: t.replace('jku = ["http://127.0.0.1', 'jku = ["http://10.0.0.1'), "https"),
        (lambda t: t.replace('jwks = "rs-jwks.json"', 'jwks = "missing.json"'), "cannot read"),
        (lambda t: t.replace('jwks = "rs-jwks.json"', ""), "needs jwks or jku"),
        (lambda t: t.replace("[service]", '[service]\ntls_certfile = "c.pem"'), "go together"),
        (
            lambda t: t.replace(
                '"https://other-ehr.test.example/cds"', '"https://ehr.test.example"'
            ),
            "each iss once",
        ),
    ],
)
def test_config_errors_name_the_setting(
    tmp_path: Path, clients: Clients, change: Any, message: str
) -> None:
    path = write_config(tmp_path, clients)
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(service_module.ConfigError, match=message):
        service_module.load_config(path)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (_ec_p256, "P-384"),
        (_rsa_1024, "2048 bits"),
        ("private", "private key"),
        (
            lambda: {"kty": "EC", "crv": "P-384", "kid": "placeholder", "x": "PASTE", "y": "PASTE"},
            "cannot be read",
        ),
    ],
    ids=["P-256 key", "1024-bit RSA key", "private key", "placeholder"],
)
def test_unusable_inline_keys_are_refused(
    tmp_path: Path, clients: Clients, key: Any, message: str
) -> None:
    jwk = _private(clients.es) if key == "private" else key()
    path = write_config(tmp_path, clients)
    text = path.read_text(encoding="utf-8")
    inline = toml_table(clients.es.public_jwk())
    path.write_text(text.replace(inline, toml_table(jwk)), encoding="utf-8")
    with pytest.raises(service_module.ConfigError, match=message):
        service_module.load_config(path)
    assert main_exit(path) == 2


def main_exit(path: Path) -> int:
    code: int = service_module.main(["--config", str(path), "--check"])
    return code


# -- TLS --------------------------------------------------------------------------------------


def test_the_service_serves_over_tls(tmp_path: Path, clients: Clients) -> None:
    key = ec.generate_private_key(ec.SECP384R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA384())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    (tmp_path / "cert.pem").write_bytes(pem)
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    tls = 'tls_certfile = "cert.pem"\ntls_keyfile = "key.pem"'
    running, thread = start(service_module.load_config(write_config(tmp_path, clients, tls)))
    try:
        trust = ssl.create_default_context(cadata=pem.decode("ascii"))
        with httpx.Client(base_url=running.url, verify=trust, timeout=10) as client:
            assert client.get("/cds-services").status_code == 200
            answer = post(client, SELECT, opioid_request(), clients.es.token(SELECT))
            assert answer.status_code == 200
    finally:
        stop(running, thread)
