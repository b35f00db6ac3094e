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


def test_the_page_and_filter_examples_show_what_the_api_answers(client, operator_admin, audit, settings):
    """docs/api.md "Lists in pages": the page's keys in their order, its links as shown, and the
    refusals of an unknown filter value and of an old `limit` word for word."""
    from tests.factories import OrganisationFactory
    from vereinbar.cycles.models import Cycle

    version = audit.current_version
    for slug in ("one", "two"):
        organisation = OrganisationFactory(slug=slug)
        Cycle.objects.create(
            organisation=organisation, programme=audit, version=version, stage=version.stages.first(), status="open"
        )
    settings.SITE_URL = "https://vereinbar.example"
    client.force_login(operator_admin, backend="django.contrib.auth.backends.ModelBackend")
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    path = re.search(
        r'curl -H "Authorization: Bearer \$TOKEN" "https://vereinbar\.example(/api/v1/cycles/\?[^"]+)"', text
    )
    assert path and "page_size=50" in path.group(1)
    page = client.get(path.group(1), HTTP_ACCEPT_LANGUAGE="en").json()
    assert _top_keys(re.search(r'```json\n(\{"count".*?)\n```', text, re.S).group(1)) == list(page)
    assert re.search(r'"next": "([^"]+)"', text).group(1) == f"https://vereinbar.example{path.group(1)}&page=2"
    smaller = client.get(path.group(1).replace("page_size=50", "page_size=1"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert (
        smaller["next"]
        == "https://vereinbar.example" + path.group(1).replace("page_size=50", "page_size=1") + "&page=2"
    )

    example = re.search(r'```json\n(\{"code": "invalid_input".*?"field": "status".*?)\n```', text, re.S).group(1)
    refused = client.get("/api/v1/cycles/?status=typo", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422 and refused.json() == json.loads(example)

    old_limit = re.search(
        r'"https://vereinbar\.example(/api/v1/awards/\?[^"]*limit=[^"]*)"\n```\n\n```json\n(\{.*?)\n```', text, re.S
    )
    refused = client.get(old_limit.group(1), HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422 and refused.json() == json.loads(old_limit.group(2))
