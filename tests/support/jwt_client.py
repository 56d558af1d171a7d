"""A CDS client's side of CDS Hooks 2.0 authentication, for tests: keys, JWK sets, tokens.

Keys are made with ``cryptography`` when a test runs (none is stored). :class:`Client`
signs tokens as a CDS client does (``ES384`` or ``RS384``, with ``kid`` and ``typ``),
and can make the tokens a service must refuse: unsigned (``alg: none``), HMAC-signed
with the public key as the secret, or with any claim or header changed.
:class:`JwksServer` serves a JWK set on loopback, counting its fetches.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

_DROP = object()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _segment(value: Mapping[str, Any]) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode("utf-8"))


class Client:
    """A CDS client with its own key pair: ``algorithm`` is ``ES384`` or ``RS384``."""

    def __init__(self, iss: str, algorithm: str = "ES384", kid: str | None = None) -> None:
        self.iss = iss
        self.algorithm = algorithm
        self.kid = kid or f"{algorithm.lower()}-{uuid.uuid4().hex[:8]}"
        if algorithm == "ES384":
            self.private_key: Any = ec.generate_private_key(ec.SECP384R1())
        elif algorithm == "RS384":
            self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            raise ValueError(f"no key for {algorithm}")

    def public_jwk(self) -> dict[str, Any]:
        family = ECAlgorithm if self.algorithm == "ES384" else RSAAlgorithm
        jwk: dict[str, Any] = family.to_jwk(self.private_key.public_key(), as_dict=True)
        return jwk | {"kid": self.kid, "use": "sig", "alg": self.algorithm}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}

    def public_pem(self) -> bytes:
        pem: bytes = self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return pem

    def claims(self, aud: str, /, **changes: Any) -> dict[str, Any]:
        """Fresh claims for ``aud``; a change set to :data:`DROP` removes the claim."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.iss,
            "aud": aud,
            "exp": now + 300,
            "iat": now,
            "jti": str(uuid.uuid4()),
        }
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not _DROP}

    def header(self, **changes: Any) -> dict[str, Any]:
        header: dict[str, Any] = {"kid": self.kid, "typ": "JWT"}
        header.update(changes)
        return {k: v for k, v in header.items() if v is not _DROP}

    def token(self, aud: str, /, *, header: Mapping[str, Any] | None = None, **claims: Any) -> str:
        """A token signed with this client's private key."""
        headers = self.header(**(header or {}))
        headers.pop("alg", None)
        return jwt.encode(
            self.claims(aud, **claims), self.private_key, algorithm=self.algorithm, headers=headers
        )

    def unsigned_token(self, aud: str) -> str:
        """``alg: none``: no signature at all (RFC 7519 section 6)."""
        header = self.header(alg="none")
        return f"{_segment(header)}.{_segment(self.claims(aud))}."

    def hmac_token(self, aud: str) -> str:
        """HS256 with this client's public key (PEM) as the shared secret: key confusion."""
        signing_input = f"{_segment(self.header(alg='HS256'))}.{_segment(self.claims(aud))}"
        mac = hmac.new(self.public_pem(), signing_input.encode("ascii"), hashlib.sha256)
        return f"{signing_input}.{b64url(mac.digest())}"


DROP: Any = _DROP


class JwksServer:
    """A JWK set served over loopback HTTP at ``url``; ``fetches`` counts the GETs.

    ``/moved`` on the same server redirects to the set; any other path is 404.
    """

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        self.jwks = dict(jwks)
        self.fetches = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.fetches += 1
                if self.path == "/moved":  # a redirect, to the set itself
                    self.send_response(302)
                    self.send_header("Location", "/jwks.json")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = json.dumps(owner.jwks).encode("utf-8")
                self.send_response(200 if self.path == "/jwks.json" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/jwks.json"

    @contextmanager
    def serving(self) -> Iterator[JwksServer]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(5)
