"""Every operation of the API (from its OpenAPI schema, so a new endpoint is covered the
moment it exists) against a declared audience. An operation without a declaration fails.

    public    anyone, without a token
    self      any signed-in user, about themselves or what their memberships show them
    tenant    one employer's own data: anonymous 401; another employer's coordinator and the
              operator's staff get 403/404 (or 422 for a malformed body, which tells
              nothing) and change nothing
    cycle     a cycle or its award: anonymous 401; another employer's coordinator and an
              auditor not assigned to the cycle are refused and change nothing (the operator's
              staff and the employer's people are its parties)
    operator  the programme operator's actions: anonymous 401; the outsider and the unassigned
              auditor are refused; the employer's people, who see the cycle, may also be told
              the state does not allow it (409); nothing changes
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from .doors import api_operations, fill_api
from .test_matrix import fingerprint

pytestmark = pytest.mark.django_db

PUBLIC, SELF, TENANT, CYCLE, OPERATOR = "public", "self", "tenant", "cycle", "operator"

API_EXPECTED: dict[str, str] = {
    "GET /api/v1/health": PUBLIC,
    "GET /api/v1/me": SELF,
    "GET /api/v1/me/memberships": SELF,
    "GET /api/v1/me/tokens": SELF,
    "POST /api/v1/me/tokens": SELF,
    "DELETE /api/v1/me/tokens/{token_id}": TENANT,  # the coordinator's token: nobody else's to revoke
    "GET /api/v1/organisations/": SELF,
    "GET /api/v1/organisations/registrations": OPERATOR,
    "GET /api/v1/organisations/{slug}": TENANT,
    "PATCH /api/v1/organisations/{slug}": TENANT,
    "GET /api/v1/organisations/{slug}/logo": TENANT,
    "POST /api/v1/organisations/{slug}/logo": TENANT,
    "DELETE /api/v1/organisations/{slug}/logo": TENANT,
    "POST /api/v1/organisations/{slug}/approve": OPERATOR,
    "POST /api/v1/organisations/{slug}/reject": OPERATOR,
    "POST /api/v1/organisations/{slug}/resubmit": TENANT,
    "GET /api/v1/organisations/{slug}/units": TENANT,
    "POST /api/v1/organisations/{slug}/units": TENANT,
    "PATCH /api/v1/organisations/{slug}/units/{unit_id}": TENANT,
    "DELETE /api/v1/organisations/{slug}/units/{unit_id}": TENANT,
    "GET /api/v1/organisations/{slug}/contacts": TENANT,
    "POST /api/v1/organisations/{slug}/contacts": TENANT,
    "GET /api/v1/organisations/{slug}/contacts/{contact_id}": TENANT,
    "PATCH /api/v1/organisations/{slug}/contacts/{contact_id}": TENANT,
    "DELETE /api/v1/organisations/{slug}/contacts/{contact_id}": TENANT,
    "GET /api/v1/organisations/{slug}/members": TENANT,
    "GET /api/v1/organisations/{slug}/history": TENANT,
    "GET /api/v1/programmes/schema": PUBLIC,
    "GET /api/v1/programmes/": SELF,
    "POST /api/v1/programmes/load": OPERATOR,
    "GET /api/v1/programmes/{identifier}": SELF,
    "GET /api/v1/programmes/{identifier}/versions": SELF,
    "GET /api/v1/programmes/{identifier}/versions/{version}": SELF,
    "GET /api/v1/programmes/{identifier}/export": SELF,
    "GET /api/v1/cycles/": SELF,
    "POST /api/v1/cycles/": SELF,  # applying: for one's own organisation (the body names it)
    "GET /api/v1/cycles/{cycle_id}": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/accept": OPERATOR,
    "POST /api/v1/cycles/{cycle_id}/decline": OPERATOR,
    "POST /api/v1/cycles/{cycle_id}/withdraw": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/auditor": OPERATOR,
    "POST /api/v1/cycles/{cycle_id}/renew": CYCLE,
    "GET /api/v1/cycles/{cycle_id}/level": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/decision": OPERATOR,
    "GET /api/v1/cycles/{cycle_id}/phases/{run_id}": CYCLE,
    "PUT /api/v1/cycles/{cycle_id}/phases/{run_id}/note": CYCLE,
    "PUT /api/v1/cycles/{cycle_id}/phases/{run_id}/answers": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/evidence": CYCLE,
    "GET /api/v1/cycles/{cycle_id}/evidence/{evidence_id}": CYCLE,
    "DELETE /api/v1/cycles/{cycle_id}/evidence/{evidence_id}": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/workshops": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/workshops/{workshop_id}/outcomes": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/outcomes/{outcome_id}/goal": CYCLE,
    "GET /api/v1/cycles/{cycle_id}/agreement": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/agreement/goals": CYCLE,
    "PUT /api/v1/cycles/{cycle_id}/agreement/goals/{code}": CYCLE,
    "DELETE /api/v1/cycles/{cycle_id}/agreement/goals/{code}": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/agreement/goals/{code}/measures": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/agreement/sign": CYCLE,
    "PUT /api/v1/cycles/{cycle_id}/phases/{run_id}/report": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/signature": CYCLE,
    "GET /api/v1/cycles/{cycle_id}/phases/{run_id}/signature/scan": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/submit": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/accept": OPERATOR,
    "POST /api/v1/cycles/{cycle_id}/phases/{run_id}/return": OPERATOR,
    "GET /api/v1/awards/": SELF,
    "GET /api/v1/awards/{number}": CYCLE,
    "GET /api/v1/awards/{number}/certificate.pdf": CYCLE,
    "POST /api/v1/awards/{number}/revoke": OPERATOR,
    "GET /api/v1/verify/{code}": PUBLIC,
    "GET /api/v1/measures/catalogue": PUBLIC,
    "POST /api/v1/measures/catalogue": OPERATOR,
    "GET /api/v1/organisations/{slug}/measures": TENANT,
    "POST /api/v1/organisations/{slug}/measures": TENANT,
    "GET /api/v1/organisations/{slug}/measures/{measure_id}": TENANT,
    "PATCH /api/v1/organisations/{slug}/measures/{measure_id}": TENANT,
    "DELETE /api/v1/organisations/{slug}/measures/{measure_id}": TENANT,
    "POST /api/v1/organisations/{slug}/measures/{measure_id}/status": TENANT,
    "GET /api/v1/organisations/{slug}/surveys": TENANT,
    "GET /api/v1/organisations/{slug}/surveys/{survey_id}/results": TENANT,
    "GET /api/v1/surveys/instrument-schema": PUBLIC,
    "GET /api/v1/directory/": PUBLIC,
    "GET /api/v1/directory/{slug}": PUBLIC,  # a published directory entry (404 otherwise)
}

REFUSED = {
    TENANT: ("outsider", "other_auditor", "operator_admin", "board_member"),
    CYCLE: ("outsider", "other_auditor"),
    OPERATOR: ("viewer", "contributor", "coordinator", "outsider", "other_auditor"),
}
PARTIES = ("viewer", "contributor", "coordinator")


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def _key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def _call(client, method: str, url: str):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, data=json.dumps({}), content_type="application/json")


def test_every_operation_is_declared(schema):
    operations = {_key(method, path) for method, path, _ in api_operations(schema)}
    missing = sorted(operations - API_EXPECTED.keys())
    assert not missing, f"API operations without a declared audience (add them to API_EXPECTED): {missing}"
    assert not sorted(API_EXPECTED.keys() - operations), "declarations for operations that no longer exist"


def test_anonymous_needs_a_token_for_all_but_public_operations(client, world, schema):
    client.raise_request_exception = False
    wrong = []
    before = fingerprint()
    for method, path, _ in api_operations(schema):
        audience = API_EXPECTED.get(_key(method, path))
        if audience is None:
            continue
        cache.clear()
        response = _call(client, method, fill_api(path, world.values))
        if response.status_code >= 500:
            wrong.append(f"{method} {path}: {response.status_code}")
        elif audience != PUBLIC and response.status_code != 401:
            wrong.append(f"{method} {path}: expected 401, got {response.status_code}")
        elif audience == PUBLIC and response.status_code == 401:
            wrong.append(f"{method} {path}: public, got 401")
    assert fingerprint() == before
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("audience", [TENANT, CYCLE, OPERATOR])
def test_the_wrong_people_are_refused_and_change_nothing(client, world, schema, audience):
    client.raise_request_exception = False
    wrong = []
    operations = [(m, p) for m, p, _ in api_operations(schema) if API_EXPECTED.get(_key(m, p)) == audience]
    assert operations
    for persona in REFUSED[audience]:
        client.logout()
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
        before = fingerprint()
        for method, path in operations:
            cache.clear()
            response = _call(client, method, fill_api(path, world.values))
            allowed = (403, 404, 422) if method != "get" else (403, 404)
            if audience == OPERATOR and persona in PARTIES and "/cycles/" in path:
                allowed += (409,)
            if response.status_code not in allowed:
                wrong.append(f"{persona:15} {method.upper()} {path}: got {response.status_code}")
            elif set(response.json()) - {"code", "message", "details"}:
                wrong.append(f"{persona:15} {method.upper()} {path}: error body {response.json()}")
        changed = [label for label, digest in fingerprint().items() if before.get(label) != digest]
        if changed:
            wrong.append(f"{persona}: refused calls changed {changed}")
    assert not wrong, "\n".join(wrong)


def test_every_schema_name_in_the_api_is_unique():
    """Ninja names OpenAPI components after the class: two response schemas with the same name
    overwrite each other in the published schema, and clients then read the wrong shape."""
    from ninja import Schema

    from vereinbar.api.main import api

    api.get_openapi_schema()  # imports and registers every router's schemas
    by_name: dict[str, set[str]] = {}
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("vereinbar."):
            by_name.setdefault(cls.__name__, set()).add(cls.__module__)
    clashes = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert not clashes, f"schema classes with the same name in different modules: {clashes}"
