"""What a visitor sees when the registrations from their connection are used up (429)."""

from __future__ import annotations

import pytest

from vereinbar.accounts.models import User
from vereinbar.organisations.limits import REGISTRATIONS
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _registration(language: str) -> dict[str, str]:
    return {
        "name": "Stichting Grensgeval",
        "kind": "association",
        "country": "NL",
        "full_name": "Ria Registratie",
        "email": f"ria-{language}@grensgeval.example",
        "password": "a long enough passphrase",
        "password_again": "a long enough passphrase",
        "language": language,
    }


@pytest.fixture
def limit_used_up():
    """The test client's address (127.0.0.1) has registered as many employers as allowed."""
    for _ in range(REGISTRATIONS.limit):
        assert not REGISTRATIONS.record("address:127.0.0.1")


@pytest.mark.parametrize(
    ("language", "title", "wait", "login"),
    [
        ("de", "Zu viele Registrierungen", "1\xa0Stunde", "Anmelden und registrieren"),
        ("nl", "Te veel aanmeldingen", "1\xa0uur", "Inloggen en aanmelden"),
    ],
)
def test_the_limit_page_says_what_happened_and_when_to_try_again(client, limit_used_up, language, title, wait, login):
    response = client.post(f"/{language}/register/", _registration(language))

    assert response.status_code == 429
    assert response["Retry-After"] == str(REGISTRATIONS.window)
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<title>{title} – vereinbar</title>" in page
    assert f"<h1>{title}</h1>" in page
    assert wait in page
    assert f'href="/{language}/accounts/login/?next=/{language}/register/"' in page
    assert login in page
    # Nothing half-English, and no form inviting the same refused request again.
    for english in ("Too many", "Nothing has been saved", "try again", "registrations"):
        assert english not in page
    assert 'type="password"' not in page
    assert not Organisation.objects.filter(name="Stichting Grensgeval").exists()
    assert not User.objects.filter(email=f"ria-{language}@grensgeval.example").exists()


def test_a_signed_in_visitor_is_not_held_back_by_the_limit(login, coordinator, limit_used_up):
    data = {
        k: v for k, v in _registration("de").items() if k not in {"full_name", "email", "password", "password_again"}
    }
    response = login(coordinator).post("/de/register/", data)
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Stichting Grensgeval").exists()
