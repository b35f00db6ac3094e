"""The requests docs/api.md and docs/webhooks.md show an integrator run as written and answer
with the fields the docs show: registering without an account, then adding a webhook endpoint
with the token of that answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vereinbar.core.ratelimit import forget_all

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs"


def curl_body(document: str, path: str) -> dict:
    """The JSON body (-d '…') of the doc's curl example that posts to ``path``."""
    text = (DOCS / document).read_text(encoding="utf-8")
    match = re.search(r"curl -X POST \S*" + re.escape(path) + r" .*?-d '(.*?)'", text, re.S)
    assert match, f"no curl example for {path} in {document}"
    return json.loads(match.group(1).replace('"…"', '"Ein-langes-Passwort-2026"'))


def shown_keys(document: str, first_key: str) -> set[str]:
    """The top-level keys of the doc's JSON example that starts with ``first_key``."""
    text = (DOCS / document).read_text(encoding="utf-8")
    match = re.search(r'```json\n(\{"' + re.escape(first_key) + r'".*?)\n```', text, re.S)
    assert match
    return set(_top_keys(match.group(1)))


def _top_keys(example: str) -> list[str]:
    """Keys at depth one of a JSON example that holds "…" placeholders."""
    keys, depth = [], 0
    for token in re.finditer(r'[{}\[\]]|"(\w+)":', example):
        if token.group(0) in "{[":
            depth += 1
        elif token.group(0) in "}]":
            depth -= 1
        elif depth == 1:
            keys.append(token.group(1))
    return keys


def test_registration_and_webhook_examples_run_as_written(client):
    forget_all()
    body = curl_body("api.md", "/api/v1/organisations/registrations")
    answer = client.post(
        "/api/v1/organisations/registrations", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 201, answer.content
    registered = answer.json()
    assert shown_keys("api.md", "organisation") <= set(registered)
    assert registered["organisation"]["slug"] == "stadtwerke-musterstadt"
    assert registered["token"]["token"].startswith("vb_")

    hook = curl_body("webhooks.md", "/api/v1/organisations/stadtwerke-musterstadt/webhooks")
    answer = client.post(
        "/api/v1/organisations/stadtwerke-musterstadt/webhooks",
        hook,
        content_type="application/json",
        headers={"Authorization": f"Bearer {registered['token']['token']}"},
    )
    assert answer.status_code == 201, answer.content
    assert set(answer.json()) == shown_keys("webhooks.md", "id")
    assert answer.json()["secret"].startswith("whsec_")
