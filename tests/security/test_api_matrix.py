"""Every operation of the API (from its OpenAPI schema, so a new endpoint is covered the
moment it exists) against a declared audience. An operation without a declaration fails.

    public    anyone, without a token
    self      any signed-in user, about themselves or what their memberships show them
    tenant    one employer's own data: anonymous 401; another employer's coordinator and the
              operator's staff get 403/404 and change nothing
    cycle     a cycle or its award: anonymous 401; another employer's coordinator and an
              auditor not assigned to the cycle are refused and change nothing (the operator's
              staff and the employer's people are its parties)
    operator  the programme operator's actions: anonymous 401; the outsider, the unassigned
              auditor and the employer's people are refused; nothing changes

Permission comes first: whoever may not make a change is refused (403/404) whatever the body
holds (none, malformed JSON, the wrong shape, the wrong types) and whatever state the object
is in (the world's cycle is awarded, so most changes are not possible now): never 400, 409
or 422, which would tell them what the body should hold or what state the object is in.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches

from vereinbar.core import ratelimit

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
    "POST /api/v1/organisations/": SELF,  # registering another employer, as its first coordinator
    "POST /api/v1/organisations/registrations": PUBLIC,  # registering with a new account
    "GET /api/v1/organisations/registrations": OPERATOR,
    "GET /api/v1/organisations/{slug}": TENANT,
    "PATCH /api/v1/organisations/{slug}": TENANT,
    "GET /api/v1/organisations/{slug}/logo": TENANT,
    "POST /api/v1/organisations/{slug}/logo": TENANT,
    "DELETE /api/v1/organisations/{slug}/logo": TENANT,
    "PUT /api/v1/organisations/{slug}/colour": TENANT,  # an operator's colour; the world's employer gets 422
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
    "GET /api/v1/organisations/{slug}/webhooks": TENANT,
    "POST /api/v1/organisations/{slug}/webhooks": TENANT,
    "GET /api/v1/organisations/{slug}/webhooks/{endpoint_id}": TENANT,
    "PATCH /api/v1/organisations/{slug}/webhooks/{endpoint_id}": TENANT,
    "DELETE /api/v1/organisations/{slug}/webhooks/{endpoint_id}": TENANT,
    "POST /api/v1/organisations/{slug}/webhooks/{endpoint_id}/secret": TENANT,
    "GET /api/v1/organisations/{slug}/webhooks/{endpoint_id}/deliveries": TENANT,
    "POST /api/v1/organisations/{slug}/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver": TENANT,
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
    "POST /api/v1/cycles/bulk/auditor": OPERATOR,
    "POST /api/v1/cycles/bulk/reminder": OPERATOR,
    "POST /api/v1/cycles/bulk/due-date": OPERATOR,
    "POST /api/v1/cycles/{cycle_id}/renew": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/optional-phases/{phase_key}": CYCLE,
    "GET /api/v1/cycles/{cycle_id}/roles": CYCLE,
    "POST /api/v1/cycles/{cycle_id}/roles": CYCLE,  # naming people for the programme's roles: the coordinator
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
    "GET /api/v1/cycles/{cycle_id}/agreement.pdf": CYCLE,
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
    "GET /api/v1/awards/{number}/credential": CYCLE,
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
    "POST /api/v1/organisations/{slug}/surveys": TENANT,
    "POST /api/v1/organisations/{slug}/surveys/{survey_id}/open": TENANT,
    "POST /api/v1/organisations/{slug}/surveys/{survey_id}/close": TENANT,
    "PUT /api/v1/organisations/{slug}/surveys/{survey_id}/open-link": TENANT,
    "GET /api/v1/surveys/instrument-schema": PUBLIC,
    "GET /api/v1/rankings/{programme}": PUBLIC,  # a programme's ranking list (open data; 404 without one)
    "GET /api/v1/directory/": PUBLIC,
    "GET /api/v1/directory/{slug}": PUBLIC,  # a published directory entry (404 otherwise)
}

REFUSED = {
    TENANT: ("outsider", "other_auditor", "operator_admin", "board_member"),
    CYCLE: ("outsider", "other_auditor"),
    OPERATOR: ("viewer", "contributor", "coordinator", "outsider", "other_auditor"),
}
# Who may read but not change: refused on the audience's writes only.
REFUSED_WRITES = {
    TENANT: ("viewer",),
    CYCLE: ("viewer", "board_member"),  # the world's phases, workshops and agreement are the employer's
    OPERATOR: (),
}
# Bodies a write without permission is sent: none, malformed JSON, the wrong shape, wrong types.
BODIES = (
    ("application/json", "{}"),
    ("application/json", "{"),
    ("application/json", "[null, null]"),
    (
        "application/json",
        '{"reason": 5, "outcome": "nonsense", "level": [], "held_on": "no date", "name": null, "note": 1}',
    ),
    ("text/plain", "plain text"),
    (None, {}),  # an empty multipart form (the upload operations' file missing)
)


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def _key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def _call(client, method: str, url: str, body: tuple[str | None, object] = ("application/json", "{}")):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    content_type, data = body
    if content_type is None:
        return client.generic(method.upper(), url, **_multipart(data))
    return client.generic(method.upper(), url, data, content_type=content_type)


def _multipart(data: object) -> dict:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


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
        _clear_limits()
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
    for persona in REFUSED[audience] + REFUSED_WRITES[audience]:
        client.logout()
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
        before = fingerprint()
        for method, path in operations:
            if persona in REFUSED_WRITES[audience] and method == "get":
                continue
            for body in BODIES if method in ("post", "put", "patch") else BODIES[:1]:
                _clear_limits()
                response = _call(client, method, fill_api(path, world.values), body)
                if response.status_code not in (403, 404):
                    sent = body[1] if body[0] else "multipart"
                    wrong.append(f"{persona:15} {method.upper()} {path} {sent!s:.40}: got {response.status_code}")
                elif set(response.json()) - {"code", "message", "details"}:
                    wrong.append(f"{persona:15} {method.upper()} {path}: error body {response.json()}")
        changed = [label for label, digest in fingerprint().items() if before.get(label) != digest]
        if changed:
            wrong.append(f"{persona}: refused calls changed {changed}")
    assert not wrong, "\n".join(wrong)


def test_the_same_bodies_are_refused_as_malformed_for_whoever_may_make_the_change(client, world):
    """The bodies of the refusals above are really malformed: the coordinator, who may change
    the profile and add units, gets 400/422 for them (so a 403/404 above is the permission)."""
    client.raise_request_exception = False
    client.force_login(world.users["coordinator"], backend="django.contrib.auth.backends.ModelBackend")
    slug = world.values["slug"]
    for path, method in ((f"/api/v1/organisations/{slug}", "patch"), (f"/api/v1/organisations/{slug}/units", "post")):
        statuses = [_call(client, method, path, body).status_code for body in BODIES[1:]]
        assert statuses == [400, 422, 422, 400, 400], (path, statuses)


def test_permission_comes_before_the_cycle_s_state(client, world):
    """The coordinator posting a decision on the awarded cycle: 403 (the board decides), not
    409 (the state) nor 422 with the allowed outcomes."""
    client.raise_request_exception = False
    cycle = world.objects["cycle"]
    client.force_login(world.users["coordinator"], backend="django.contrib.auth.backends.ModelBackend")
    for body in ('{"outcome": "grant"}', '{"outcome": "nonsense"}', "{"):
        response = client.post(f"/api/v1/cycles/{cycle.pk}/decision", body, content_type="application/json")
        assert response.status_code == 403, (body, response.json())
    client.force_login(world.users["board_member"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        f"/api/v1/cycles/{cycle.pk}/decision", '{"outcome": "nonsense"}', content_type="application/json"
    )
    assert response.status_code == 422  # the board decides (audit.yaml): it is told what is wrong
    response = client.post(
        f"/api/v1/cycles/{cycle.pk}/decision", '{"outcome": "defer"}', content_type="application/json"
    )
    assert response.status_code == 409  # … and that the awarded cycle allows no decision now


def test_applying_is_refused_to_who_coordinates_nothing_whatever_the_body(client, world):
    """Applying (the body names the organisation) is the coordinator's: anyone else is refused
    before the body is read."""
    client.raise_request_exception = False
    client.force_login(world.users["viewer"], backend="django.contrib.auth.backends.ModelBackend")
    for body in BODIES:
        assert _call(client, "post", "/api/v1/cycles/", body).status_code == 403, body


def _clear_limits() -> None:
    for cache in caches.all():
        cache.clear()
    ratelimit.forget_all()


def test_every_schema_name_in_the_api_is_unique():
    """Ninja names OpenAPI components after the class: two response schemas with the same name
    overwrite each other in the published schema, and clients then read the wrong shape."""
    from ninja import Schema

    from vereinbar.site.api import api

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
