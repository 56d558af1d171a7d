"""A small CDS Hooks 2.0 service around ``ldn.cds``, on the standard library only.

Run it with ``python examples/cds_service.py --port 8080`` and point a CDS Hooks
client at ``http://127.0.0.1:8080/cds-services``. It answers:

* ``GET /cds-services``: the discovery document (:func:`ldn.cds.discovery`);
* ``POST /cds-services/ldn-order-select`` and ``/ldn-order-sign``: the cards
  (:func:`ldn.cds.respond`), 412 when a prefetch is missing, 400 when the request
  cannot be read;
* ``POST /cds-services/{id}/feedback``: accepted (202) and not stored.

The body is parsed with ``parse_float=Decimal`` so that numbers stay exact, and
answers are written with :func:`ldn.fhir.to_json`, which writes a Decimal digit
for digit. This is an example: a real service must check the client's JWT bearer
token (CDS Hooks 2.0, "Trusting CDS Clients"), serve over TLS, and log what it
answered; none of that is here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ldn.cds import discovery, respond
from ldn.errors import HookRequestError, LdnError
from ldn.fhir import to_json
from ldn.monograph import MONOGRAPH, Policy

#: The largest request body read (a patient's whole medication list fits easily).
MAX_BODY = 5_000_000
_SERVICE = re.compile(r"^/cds-services/([A-Za-z0-9-]+)(/feedback)?/?$")


#: Each service id and the hook it answers, from the discovery document.
_HOOKS = {service["id"]: service["hook"] for service in discovery()["services"]}


class CdsHandler(BaseHTTPRequestHandler):
    """One HTTP exchange; the policy comes from the server (``server.policy``)."""

    server_version = "ldn-cds-example"

    def _send(self, status: int, body: Any) -> None:
        data = to_json(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._send(status, {"error": message})

    def do_OPTIONS(self) -> None:
        """CORS preflight, for clients that run in a browser."""
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
        self.end_headers()

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/cds-services":
            self._send(200, discovery())
        else:
            self._error(404, f"no such resource: {self.path[:80]}")

    def do_POST(self) -> None:
        match = _SERVICE.match(self.path)
        if match is None or match.group(1) not in _HOOKS:
            self._error(404, f"no such service: {self.path[:80]}")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(413, f"request body over {MAX_BODY} bytes")
            return
        try:
            request = json.loads(self.rfile.read(length), parse_float=Decimal)
        except (ValueError, RecursionError):
            self._error(400, "the body is not JSON")
            return
        if match.group(2):  # feedback: accepted, not stored in this example
            self._send(202, {})
            return
        if not isinstance(request, dict) or request.get("hook") != _HOOKS[match.group(1)]:
            self._error(400, f"service {match.group(1)} answers the {_HOOKS[match.group(1)]} hook")
            return
        try:
            # The first dose is taken to be today: the history is screened against it.
            today = dt.date.today()
            self._send(200, respond(request, policy=self.server.policy, as_of=today))  # type: ignore[attr-defined]
        except HookRequestError as error:  # PrefetchMissingError says 412
            self._error(error.http_status, str(error))
        except LdnError as error:  # FHIR inside the request that is not FHIR as a whole
            self._error(400, str(error))

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet by default; a real service logs to its own audit trail."""


def make_server(
    host: str = "127.0.0.1", port: int = 8080, policy: Policy = MONOGRAPH
) -> ThreadingHTTPServer:
    """The HTTP server, not yet serving (``port=0`` picks a free port)."""
    server = ThreadingHTTPServer((host, port), CdsHandler)
    server.policy = policy  # type: ignore[attr-defined]
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    arguments = parser.parse_args()
    server = make_server(arguments.host, arguments.port)
    print(f"CDS Hooks discovery at http://{arguments.host}:{server.server_port}/cds-services")
    server.serve_forever()


if __name__ == "__main__":
    main()
