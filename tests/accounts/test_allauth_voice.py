"""allauth's pages speak as the rest of the site: "u" in Dutch and "Sie" in German, not allauth's
own "je" and "du" (the project's catalogue, read before allauth's, has those texts)."""

from __future__ import annotations

import html
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

INFORMAL = {
    "nl": re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE),
    "de": re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner)\b", re.IGNORECASE),
}


def _text(response) -> str:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_sign_in_and_second_factor_pages_address_the_reader_formally(client, coordinator, language):
    informal = INFORMAL[language]
    pages = {}
    pages["sign-in"] = client.get(f"/{language}/accounts/login/")

    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    pages["two-factor"] = client.get(f"/{language}/accounts/2fa/")
    reauthenticate = client.get(f"/{language}/accounts/2fa/totp/activate/", follow=True)
    assert "/accounts/reauthenticate/" in reauthenticate.redirect_chain[-1][0]
    pages["reauthenticate"] = reauthenticate
    pages["wrong password"] = client.post(reauthenticate.redirect_chain[-1][0], {"password": "wrong"})
    client.post(reauthenticate.redirect_chain[-1][0], {"password": PASSWORD})
    pages["authenticator app"] = client.get(f"/{language}/accounts/2fa/totp/activate/")
    pages["security key"] = client.get(f"/{language}/accounts/2fa/webauthn/add/")

    TOTP.activate(coordinator, generate_totp_secret())
    pages["recovery codes"] = client.get(f"/{language}/accounts/2fa/recovery-codes/generate/")
    client.logout()
    client.post(f"/{language}/accounts/login/", {"username": coordinator.email, "password": PASSWORD})
    pages["code after the password"] = client.get(f"/{language}/accounts/2fa/authenticate/")

    for name, response in pages.items():
        assert response.status_code == 200, name
        text = _text(response)
        assert not informal.findall(text), (name, informal.findall(text), text)
    assert "uw" in _text(pages["authenticator app"]) if language == "nl" else "Ihr" in _text(pages["authenticator app"])


def test_the_authenticator_apps_secret_can_be_copied_and_activate_is_the_main_button(client, coordinator):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/nl/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/nl/accounts/2fa/totp/activate/").content.decode()
    assert re.search(r'<p class="secret" id="authenticator_secret">[A-Z2-7]{32}</p>', page)  # text: wraps, copies
    assert re.search(r'class="kern-btn kern-btn--primary"><span class="kern-label">\s*Activeren', page)


def test_adding_a_security_key_says_what_happens_and_leads_back(client, coordinator):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/de/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/de/accounts/2fa/webauthn/add/")
    text = _text(response)
    assert "Fingerabdruck" in text  # what the browser will ask for after "Hinzufügen"
    assert 'href="/de/accounts/2fa/"' in response.content.decode()
