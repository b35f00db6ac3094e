"""A token never creates or revokes a token with more rights than its own; the token page
shows each token's scope and the day it was last used."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vereinbar.accounts.models import ApiToken
from vereinbar.accounts.services import token_create

pytestmark = pytest.mark.django_db


def _post(client, secret, **body):
    body.setdefault("name", "child")
    return client.post(
        "/api/v1/me/tokens", body, content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
    )


def test_a_short_lived_token_cannot_mint_a_longer_lived_one(client, coordinator):
    parent = token_create(user=coordinator, name="one day", expires_in_days=1)
    assert _post(client, parent.secret, expires_in_days=30).status_code == 403
    response = _post(client, parent.secret)  # no expiry asked for: the parent's
    assert response.status_code == 201
    child = ApiToken.objects.get(pk=response.json()["id"])
    assert child.expires_at == parent.token.expires_at
    assert ApiToken.objects.count() == 2


def test_a_read_only_token_cannot_mint_tokens(client, coordinator):
    parent = token_create(user=coordinator, name="reader", read_only=True)
    response = _post(client, parent.secret, read_only=True)
    assert response.status_code == 403
    assert response.json()["code"] == "token_read_only"
    assert ApiToken.objects.count() == 1


def test_a_limited_token_mints_only_within_its_organisations(client, coordinator, employer_org, other_employer_org):
    from tests.factories import MembershipFactory

    MembershipFactory(user=coordinator, organisation=other_employer_org, role="viewer")
    parent = token_create(user=coordinator, name="employer", organisations=[employer_org])
    # Refused (for the token, the other membership does not exist: 422 as for any stranger's).
    assert _post(client, parent.secret, organisations=[other_employer_org.slug]).status_code in (403, 422)
    assert ApiToken.objects.count() == 1
    inherited = _post(client, parent.secret)
    assert inherited.status_code == 201
    assert inherited.json()["organisations"] == [employer_org.slug]
    unlimited = token_create(user=coordinator, name="everything")
    # It cannot revoke a token with more organisations than its own; it can revoke itself.
    headers = {"Authorization": f"Bearer {parent.secret}"}
    assert client.delete(f"/api/v1/me/tokens/{unlimited.token.pk}", headers=headers).status_code == 403
    assert client.delete(f"/api/v1/me/tokens/{inherited.json()['id']}", headers=headers).status_code == 200
    assert client.delete(f"/api/v1/me/tokens/{parent.token.pk}", headers=headers).status_code == 200
    unlimited.token.refresh_from_db()
    assert unlimited.token.revoked_at is None


def test_an_unlimited_token_can_mint_a_narrower_one(client, operator_admin, operator_org):
    parent = token_create(user=operator_admin, name="admin")
    response = _post(client, parent.secret, read_only=True, organisations=[operator_org.slug], expires_in_days=7)
    assert response.status_code == 201
    body = response.json()
    assert body["read_only"] is True and body["organisations"] == [operator_org.slug]
    child = body["token"]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {child}"}).status_code == 200


def test_only_the_day_of_the_last_use_is_kept(client, coordinator):
    new = token_create(user=coordinator, name="script")
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {new.secret}"})
    new.token.refresh_from_db()
    used = timezone.localtime(new.token.last_used_at)
    assert (used.hour, used.minute, used.second) == (0, 0, 0)
    assert timezone.localdate() == used.date()


def test_the_token_page_creates_a_limited_token_and_shows_scopes(login, coordinator, employer_org):
    client = login(coordinator)
    response = client.post(
        "/en/accounts/tokens/", {"name": "Reporting", "read_only": "on", "organisations": [employer_org.pk]}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Reporting")
    assert token.read_only and list(token.organisations.all()) == [employer_org]
    token_create(user=coordinator, name="Everything")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(days=2))
    page = client.get("/en/accounts/tokens/").content.decode()
    assert "read only" in page and f"only in {employer_org.name}" in page
    assert "read and change" in page and "in all your organisations" in page
    day = timezone.localtime(timezone.now() - timedelta(days=2))
    assert day.strftime("%m/%d/%Y") in page or day.strftime("%Y-%m-%d") in page or str(day.day) in page


def test_the_token_page_offers_only_ones_own_organisations(login, coordinator, employer_org, other_employer_org):
    client = login(coordinator)
    page = client.get("/en/accounts/tokens/").content.decode()
    assert employer_org.name in page and other_employer_org.name not in page
    response = client.post("/en/accounts/tokens/", {"name": "Sneaky", "organisations": [other_employer_org.pk]})
    assert response.status_code == 200
    assert not ApiToken.objects.filter(name="Sneaky").exists()
