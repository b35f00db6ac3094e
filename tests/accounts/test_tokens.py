from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from vereinbar.accounts.models import ApiToken
from vereinbar.accounts.services import token_create, token_revoke

pytestmark = pytest.mark.django_db


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_it_authenticates_with_a_new_token(client, coordinator):
    new = token_create(user=coordinator, name="reporting")
    response = client.get("/api/v1/me", **bearer(new.secret))
    assert response.status_code == 200
    assert response.json()["email"] == coordinator.email


def test_it_stores_only_a_digest_of_the_token(coordinator):
    new = token_create(user=coordinator, name="reporting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        rows = cursor.fetchall()
    assert rows
    assert all(new.secret not in str(value) for row in rows for value in row)
    assert new.token.prefix and new.secret.startswith(new.token.prefix)


def test_it_refuses_a_revoked_token(client, coordinator):
    new = token_create(user=coordinator, name="reporting")
    token_revoke(user=coordinator, token=new.token)
    response = client.get("/api/v1/me", **bearer(new.secret))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_it_refuses_an_expired_token(client, coordinator):
    new = token_create(user=coordinator, name="reporting", expires_in_days=1)
    ApiToken.objects.filter(pk=new.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me", **bearer(new.secret)).status_code == 401


def test_it_refuses_a_token_of_a_deactivated_user(client, coordinator):
    new = token_create(user=coordinator, name="reporting")
    coordinator.is_active = False
    coordinator.save()
    assert client.get("/api/v1/me", **bearer(new.secret)).status_code == 401


def test_it_refuses_a_made_up_token(client, coordinator):
    new = token_create(user=coordinator, name="reporting")
    assert client.get("/api/v1/me", **bearer(new.secret[:-2] + "xx")).status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_it_creates_lists_and_revokes_tokens_through_the_api(client, coordinator):
    first = token_create(user=coordinator, name="bootstrap")
    response = client.post(
        "/api/v1/me/tokens",
        {"name": "script", "expires_in_days": 30},
        content_type="application/json",
        **bearer(first.secret),
    )
    assert response.status_code == 201
    created = response.json()
    assert created["token"].startswith("vb_")
    listed = client.get("/api/v1/me/tokens", **bearer(first.secret)).json()
    assert {t["name"] for t in listed} == {"bootstrap", "script"}
    assert all("token" not in t for t in listed)
    response = client.delete(f"/api/v1/me/tokens/{created['id']}", **bearer(first.secret))
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert client.get("/api/v1/me", **bearer(created["token"])).status_code == 401


def test_it_does_not_let_one_user_revoke_anothers_token(client, coordinator, outsider):
    victim = token_create(user=coordinator, name="victim")
    attacker = token_create(user=outsider, name="attacker")
    response = client.delete(f"/api/v1/me/tokens/{victim.token.pk}", **bearer(attacker.secret))
    assert response.status_code == 404
    assert client.get("/api/v1/me", **bearer(victim.secret)).status_code == 200


def test_it_rejects_a_token_without_a_name(client, coordinator):
    first = token_create(user=coordinator, name="bootstrap")
    response = client.post("/api/v1/me/tokens", {"name": ""}, content_type="application/json", **bearer(first.secret))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert ApiToken.objects.count() == 1


def test_it_shows_the_secret_once_on_the_tokens_page(login, coordinator):
    client = login(coordinator)
    response = client.post("/en/accounts/tokens/", {"name": "HR script"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="HR script")
    assert token.prefix in response.content.decode()
    page = client.get("/en/accounts/tokens/").content.decode()
    assert "HR script" in page and "Your new token" not in page


def test_it_revokes_from_the_tokens_page(login, coordinator):
    new = token_create(user=coordinator, name="HR script")
    client = login(coordinator)
    response = client.post(f"/en/accounts/tokens/{new.token.pk}/revoke/")
    assert response.status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None


def test_it_refuses_session_api_writes_without_csrf(coordinator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert ApiToken.objects.count() == 0


def test_revoking_asks_first_and_the_question_changes_nothing(login, coordinator):
    new = token_create(user=coordinator, name="HR script")
    client = login(coordinator)
    door = f"/en/accounts/tokens/{new.token.pk}/revoke/"
    page = client.get("/en/accounts/tokens/").content.decode()
    assert f'href="{door}"' in page
    assert f'action="{door}"' not in page
    question = client.get(door)
    assert question.status_code == 200
    assert "HR script" in question.content.decode().split("<h1>", 1)[1].split("</h1>", 1)[0]
    new.token.refresh_from_db()
    assert new.token.revoked_at is None
