"""A real OpenID Connect provider for the tests: panva's ``oidc-provider`` under Node
(provider.mjs beside this file, installed by bin/oidc-test-provider), started on a free loopback
port with a signing key the test made, so that a test can also sign ID tokens of its own with
the provider's key and see which ones the site refuses."""

from __future__ import annotations

import json
import os
import re
import secrets
import select
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

HERE = Path(__file__).resolve().parent
CLIENT_ID = "vereinbar-test"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
PROVIDER_ID = "stadt"  # the provider's id in the site's URLs: /sso/stadt/login/
KID = "test-key-1"


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class RunningProvider:
    issuer: str
    key: rsa.RSAPrivateKey
    process: subprocess.Popen[bytes]
    log: Path
    redirect_uris: list[str] = field(default_factory=list)

    def sign(self, claims: dict[str, Any], key: rsa.RSAPrivateKey | None = None) -> str:
        """An ID token signed with the provider's own key (or another one)."""
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": KID})

    def id_token_claims(self, *, nonce: str, email: str, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": email,
            "email": email,
            "email_verified": True,
            "name": "Anna Andersen",
            "nonce": nonce,
            "iat": now,
            "exp": now + 300,
        }
        claims.update(overrides)
        return {name: value for name, value in claims.items() if value is not None}

    def configure_site(self, name: str = "Stadt Musterstadt", organisations: tuple[Any, ...] = (), **settings: Any):  # type: ignore[no-untyped-def]
        """The identity provider as a platform admin configures it (allauth's SocialApp), limited
        to ``organisations`` when any are given."""
        from allauth.socialaccount.models import SocialApp

        from vereinbar.accounts.models import ProviderScope

        app = SocialApp.objects.create(
            provider="openid_connect",
            provider_id=PROVIDER_ID,
            name=name,
            client_id=CLIENT_ID,
            secret=CLIENT_SECRET,
            settings={"server_url": self.issuer, **settings},
        )
        if organisations:
            ProviderScope.objects.create(app=app).organisations.set(organisations)
        return app


@contextmanager
def running_provider(redirect_uris: list[str], accounts: dict[str, dict[str, Any]]) -> Iterator[RunningProvider]:
    """Starts the provider; ``accounts`` maps a login name (typed into its login form) to claims."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        message = "the OpenID Connect test provider is not installed: run bin/oidc-test-provider (needs Node and npm)"
        if _ci():
            pytest.fail(message)
        pytest.skip(message)
    key = new_key()
    jwk = json.loads(RSAAlgorithm.to_jwk(key))
    jwk.update(kid=KID, alg="RS256", use="sig")
    config = {
        "jwks": {"keys": [jwk]},
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "token_endpoint_auth_method": "client_secret_post",
            }
        ],
        "accounts": accounts,
    }
    log = Path(tempfile.mkstemp(prefix="oidc-provider-", suffix=".log")[1])
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [node, str(HERE / "provider.mjs")],
            env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
            stdout=subprocess.PIPE,
            stderr=errors,
        )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else b""
        if not line:
            pytest.fail(f"the OpenID Connect provider did not start:\n{log.read_text(errors='replace')}")
        issuer = json.loads(line)["issuer"]
        yield RunningProvider(issuer=issuer, key=key, process=process, log=log, redirect_uris=redirect_uris)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.unlink(missing_ok=True)


@contextmanager
def token_endpoint(answer: dict[str, Any]) -> Iterator[str]:
    """A token endpoint on a free loopback port that answers every request with ``answer``
    (for ID tokens the test crafted). Yields its URL; ``answer["requests"]`` counts calls."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer["requests"] = answer.get("requests", 0) + 1
            body = json.dumps({k: v for k, v in answer.items() if k != "requests"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/token"
    finally:
        server.shutdown()
        server.server_close()


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Goes through the provider's own (development) login and consent pages with ``requests``,
    as a person would in a browser; returns the redirect back to the site (with code and state)."""
    session = requests.Session()
    url = authorize_url
    for _ in range(12):
        response = session.get(url, allow_redirects=False, timeout=30)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if not urlsplit(url).netloc.startswith("127.0.0.1") or "/login/callback/" in url:
                return url
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert form, response.text[:2000]
        fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', response.text))
        if 'name="login"' in response.text:
            fields.update(login=login, password="any")
        response = session.post(urljoin(url, form.group(1)), data=fields, allow_redirects=False, timeout=30)
        assert response.status_code in (302, 303), response.text[:2000]
        url = urljoin(url, response.headers["Location"])
        if "/login/callback/" in url:
            return url
    raise AssertionError(f"the provider did not send the browser back: {url}")


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def random_nonce() -> str:
    return secrets.token_urlsafe(16)
