"""A 429 answer of the API names what was limited: the client's IP address or a token's prefix
(wrong tokens), the IP address (registrations without an account), in the caller's language."""

from __future__ import annotations

import json

import pytest

from vereinbar.accounts.api_auth import TOKEN_FAILURES
from vereinbar.accounts.models import User
from vereinbar.accounts.services import token_create, token_prefix_of
from vereinbar.core.ratelimit import forget_all
from vereinbar.organisations.limits import REGISTRATIONS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_counts():
    forget_all()
    yield
    forget_all()


def _me(client, token: str, address: str = "127.0.0.1", language: str = "en"):
    return client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language
    )


def test_wrong_tokens_from_one_address_are_refused_naming_the_address(client):
    for number in range(TOKEN_FAILURES.limit):
        assert _me(client, f"vb_wrong{number}").status_code == 401
    answer = _me(client, "vb_wrong")
    assert answer.status_code == 429
    assert answer.json()["message"] == "Too many invalid tokens from your IP address. Please wait 15 minutes."


def test_guesses_at_one_tokens_secret_are_refused_naming_its_prefix_not_the_address(client, coordinator):
    prefix = token_prefix_of(token_create(user=coordinator, name="script").secret)
    # Each guess from another address: no address passes its limit, the prefix does.
    for number in range(TOKEN_FAILURES.limit):
        assert _me(client, f"{prefix}_guess", address=f"10.0.0.{number + 1}").status_code == 401
    message = _me(client, f"{prefix}_guess", address="10.0.1.1").json()["message"]
    assert prefix and prefix in message and "IP address" not in message


def test_when_both_pass_their_limit_the_message_names_both(client, coordinator):
    prefix = token_prefix_of(token_create(user=coordinator, name="script").secret)
    for _ in range(TOKEN_FAILURES.limit):
        _me(client, f"{prefix}_guess")
    message = _me(client, f"{prefix}_guess").json()["message"]
    assert prefix and prefix in message and "IP address" in message


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ("IP address", "hour")), ("de", ("IP-Adresse", "Stunde")), ("nl", ("IP-adres", "uur"))],
)
def test_registrations_without_an_account_are_refused_naming_the_ip_address(client, language, words):
    for _ in range(REGISTRATIONS.limit):
        REGISTRATIONS.record("address:127.0.0.1")
    answer = client.post(
        "/api/v1/organisations/registrations",
        data=json.dumps(
            {
                "name": "Zorgzaam BV",
                "kind": "company",
                "country": "nl",
                "full_name": "Ria de Vries",
                "email": "ria@zorgzaam.example",
                "password": "a long and unusual passphrase 7",
                "language": "nl",
            }
        ),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert answer.status_code == 429
    message = answer.json()["message"]
    assert all(word in message for word in words), message
    assert "this address" not in message
    assert not User.objects.filter(email="ria@zorgzaam.example").exists()
