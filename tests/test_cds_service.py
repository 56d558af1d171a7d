"""The example CDS Hooks service (examples/cds_service.py), called over loopback HTTP."""

from __future__ import annotations

import importlib.util
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.cds_rules import discovery_problems, response_problems
from tests.test_cds import request, statement

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cds_service.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cds_service_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = load_example().make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/cds-services"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def call(url: str, body: bytes | None = None, method: str = "GET") -> tuple[int, Any]:
    http = urllib.request.Request(url, data=body, method=method)
    http.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(http, timeout=10) as answer:
            status, data = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, data = error.code, error.read()
    return status, json.loads(data) if data else None


def post(url: str, payload: Any) -> tuple[int, Any]:
    return call(url, json.dumps(payload).encode("utf-8"), "POST")


def test_discovery_over_http(base: str) -> None:
    status, document = call(base)
    assert status == 200
    assert discovery_problems(document) == []
    assert [s["id"] for s in document["services"]] == ["ldn-order-select", "ldn-order-sign"]


def test_order_select_for_a_patient_on_a_brand_name_opioid_gets_the_critical_card(
    base: str,
) -> None:
    hook_request = request(statements=(statement("Panadeine Forte 2 tablets at night"),))
    status, response = post(f"{base}/ldn-order-select", hook_request)
    assert status == 200
    assert response_problems(response) == []
    critical = [c for c in response["cards"] if c["indicator"] == "critical"]
    opioid = next(c for c in critical if c["source"]["topic"]["code"] == "opioid-use")
    assert opioid["summary"] == "Opioid (codeine) in the medication list: do not start"
    assert "Panadeine Forte" in opioid["detail"]
    assert opioid["suggestions"][0]["actions"][0]["resourceId"] == "MedicationRequest/ldn-1"


def test_order_sign_over_http_reads_exact_numbers(base: str) -> None:
    hook_request = request("order-sign")
    hook_request["context"]["draftOrders"]["entry"][0]["resource"]["dosageInstruction"][0][
        "doseAndRate"
    ][0]["doseQuantity"]["value"] = 0.1
    status, response = post(f"{base}/ldn-order-sign", hook_request)
    assert status == 200
    start = next(c for c in response["cards"] if c["source"]["topic"]["code"] == "order-start-dose")
    assert start["summary"].startswith("Starting dose 0.1 mg a day")


def test_a_missing_prefetch_is_412(base: str) -> None:
    hook_request = request()
    del hook_request["prefetch"]["allergies"]
    status, body = post(f"{base}/ldn-order-select", hook_request)
    assert status == 412
    assert "allergies" in body["error"]


@pytest.mark.parametrize(
    ("path", "payload", "status"),
    [
        ("/ldn-order-sign", request("order-select"), 400),  # the other service's hook
        ("/ldn-order-select", {"hook": "order-select"}, 400),
        ("/ldn-order-select", [], 400),
        ("/nothing", {}, 404),
        ("/ldn-order-select/feedback", {"feedback": []}, 202),
    ],
)
def test_wrong_requests_get_their_status(base: str, path: str, payload: Any, status: int) -> None:
    assert post(f"{base}{path}", payload)[0] == status


def test_malformed_fhir_inside_a_request_is_400(base: str) -> None:
    hook_request = request()
    hook_request["prefetch"]["medicationStatements"]["entry"] = {}
    status, body = post(f"{base}/ldn-order-select", hook_request)
    assert status == 400
    assert "entry" in body["error"]


def test_an_unreadable_resource_inside_a_request_is_a_card(base: str) -> None:
    hook_request = request(statements=({"resourceType": "MedicationStatement", "status": "?"},))
    status, body = post(f"{base}/ldn-order-select", hook_request)
    assert status == 200
    assert "record-unreadable" in [c["source"]["topic"]["code"] for c in body["cards"]]


def test_bodies_that_are_not_json_or_too_large(base: str) -> None:
    assert call(f"{base}/ldn-order-select", b"{not json", "POST")[0] == 400
    assert call(f"{base}/ldn-order-select", b"[" * 100_000, "POST")[0] == 400
    assert call(f"{base}/unknown")[0] == 404


def test_a_body_over_the_limit_is_refused_before_it_is_read(base: str) -> None:
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.putrequest("POST", "/cds-services/ldn-order-select")
    connection.putheader("Content-Length", str(5_000_001))
    connection.endheaders()  # the body is never sent
    answer = connection.getresponse()
    assert answer.status == 413
    connection.close()


def test_cors_preflight(base: str) -> None:
    http = urllib.request.Request(f"{base}/ldn-order-select", method="OPTIONS")
    with urllib.request.urlopen(http, timeout=10) as answer:
        assert answer.status == 204
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
