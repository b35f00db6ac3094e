"""API token scopes, over every operation of the API: a read-only token changes nothing, and
a token limited to some organisations sees no other, anywhere. Three personas (a coordinator
of two employers, the operator's admin, a platform admin) and the outsider."""

from __future__ import annotations

import json

import pytest

from tests.factories import MembershipFactory, UserFactory
from vereinbar.accounts import scope
from vereinbar.accounts.services import token_create

from .doors import api_operations, fill_api
from .test_api_matrix import API_EXPECTED, CYCLE, OPERATOR, TENANT
from .test_matrix import fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def two_hats(world):
    """Coordinator of the world's employer and of the other employer."""
    user = UserFactory(email="two-hats@test.example", preferred_language="en")
    MembershipFactory(user=user, organisation=world.objects["employer"], role="coordinator")
    MembershipFactory(user=user, organisation=world.objects["other"], role="coordinator")
    return user


def _call(client, method, url, secret):
    headers = {"Authorization": f"Bearer {secret}"}
    if method in ("get", "delete"):
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(url, data=json.dumps({}), content_type="application/json", headers=headers)


def _operations(schema, *audiences):
    return [(m, p) for m, p, _ in api_operations(schema) if API_EXPECTED.get(f"{m.upper()} {p}") in audiences]


def test_a_token_limited_to_one_organisation_is_refused_everywhere_in_the_other(client, world, schema, two_hats):
    client.raise_request_exception = False
    limited = token_create(user=two_hats, name="other only", organisations=[world.objects["other"]]).secret
    full = token_create(user=two_hats, name="everything").secret
    employer = world.objects["employer"].slug
    # Without the limit the same person may read the employer's data.
    assert _call(client, "get", f"/api/v1/organisations/{employer}", full).status_code == 200
    assert _call(client, "get", "/api/v1/me", limited).status_code == 200  # first use recorded before the fingerprint
    before = fingerprint()
    wrong = []
    for method, path in _operations(schema, TENANT, CYCLE, OPERATOR):
        response = _call(client, method, fill_api(path, world.values), limited)
        allowed = (403, 404, 422) if method != "get" else (403, 404)
        if response.status_code not in allowed:
            wrong.append(f"{method.upper()} {path}: {response.status_code}")
    assert fingerprint() == before
    assert not wrong, "\n".join(wrong)
    # What the token lists: only the other employer.
    slugs = {o["slug"] for o in _call(client, "get", "/api/v1/organisations/", limited).json()["results"]}
    assert slugs == {world.objects["other"].slug}
    memberships = _call(client, "get", "/api/v1/me/memberships", limited).json()
    assert [m["organisation"] for m in memberships] == [world.objects["other"].slug]
    cycles = _call(client, "get", "/api/v1/cycles/", limited).json()["results"]
    assert world.objects["cycle"].pk not in {c["id"] for c in cycles}
    assert world.objects["other_cycle"].pk in {c["id"] for c in cycles}
    # In its own organisation it works as the person's role allows.
    assert _call(client, "get", f"/api/v1/organisations/{world.objects['other'].slug}", limited).status_code == 200


def test_the_limit_ends_with_the_request(client, world, two_hats):
    limited = token_create(user=two_hats, name="other only", organisations=[world.objects["other"]]).secret
    assert _call(client, "get", "/api/v1/organisations/", limited).status_code == 200
    assert scope.current.get() is None
    client.force_login(two_hats, backend="django.contrib.auth.backends.ModelBackend")
    slugs = {o["slug"] for o in client.get("/api/v1/organisations/").json()["results"]}
    assert slugs == {world.objects["employer"].slug, world.objects["other"].slug}


def test_a_platform_admins_limited_token_has_no_platform_rights(client, world, schema):
    admin = world.users["platform_admin"]
    MembershipFactory(user=admin, organisation=world.objects["other"], role="coordinator")
    limited = token_create(user=admin, name="other only", organisations=[world.objects["other"]]).secret
    full = token_create(user=admin, name="everything").secret
    employer = world.objects["employer"].slug
    assert _call(client, "get", f"/api/v1/organisations/{employer}", full).status_code == 200
    assert _call(client, "get", f"/api/v1/organisations/{employer}", limited).status_code == 404
    assert _call(client, "get", "/api/v1/organisations/registrations", limited).status_code in (403, 404)
    assert _call(client, "get", "/api/v1/me", limited).json()["is_platform_admin"] is False
    slugs = {o["slug"] for o in _call(client, "get", "/api/v1/organisations/", limited).json()["results"]}
    assert slugs == {world.objects["other"].slug}
    admin.refresh_from_db()
    assert admin.is_superuser  # nothing of the narrowing was saved


def test_an_operator_admins_limited_token_keeps_the_operators_actions(client, world):
    operator_admin = world.users["operator_admin"]
    operator = world.objects["operator"]
    limited = token_create(user=operator_admin, name="operator", organisations=[operator]).secret
    assert _call(client, "get", "/api/v1/organisations/registrations", limited).status_code == 200
    assert _call(client, "get", f"/api/v1/cycles/{world.objects['cycle'].pk}", limited).status_code == 200


def test_a_read_only_token_changes_nothing_anywhere(client, world, schema):
    client.raise_request_exception = False
    coordinator = world.users["coordinator"]
    read_only = token_create(user=coordinator, name="reader", read_only=True).secret
    assert _call(client, "get", f"/api/v1/organisations/{world.objects['employer'].slug}", read_only).status_code == 200
    before = fingerprint()
    wrong, checked = [], 0
    for method, path, operation in api_operations(schema):
        if method == "get" or not operation.get("security"):
            continue  # reads, and doors open without authentication (registration): no token counts there
        checked += 1
        response = _call(client, method, fill_api(path, world.values), read_only)
        if response.status_code != 403 or response.json()["code"] != "token_read_only":
            wrong.append(f"{method.upper()} {path}: {response.status_code} {response.content[:80]!r}")
    assert fingerprint() == before
    assert checked > 40  # the schema's writing operations were asked, not skipped
    assert not wrong, "\n".join(wrong)
    refused = _call(client, "post", "/api/v1/me/tokens", read_only)
    assert "read-only" in refused.json()["message"]


def test_the_outsider_cannot_limit_a_token_to_someone_elses_organisation(client, world):
    outsider = world.users["outsider"]
    own = token_create(user=outsider, name="own").secret
    response = client.post(
        "/api/v1/me/tokens",
        {"name": "sneaky", "organisations": [world.objects["employer"].slug]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {own}"},
    )
    assert response.status_code == 422
    unknown = client.post(
        "/api/v1/me/tokens",
        {"name": "sneaky", "organisations": ["no-such-organisation"]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {own}"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["message"] == response.json()["message"]  # existence is not revealed
