"""A second factor needs the account's own address confirmed, not every address: a coordinator
whose change of address waits for its link sets one up as usual (allauth alone refuses it while
any address is unconfirmed), and a self-registered account whose own address is unconfirmed is
told on the two-factor pages what to do instead of a bare refusal."""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from tests.conftest import PASSWORD
from vereinbar.accounts.services import email_confirmation_start

pytestmark = pytest.mark.django_db

ACTIVATE, ADD_KEY = "/{lang}/accounts/2fa/totp/activate/", "/{lang}/accounts/2fa/webauthn/add/"


def sign_in(client, user, lang="de"):
    """Through the login page, then the password again as changing a factor asks for it."""
    response = client.post(f"/{lang}/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(f"/{lang}/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def test_a_pending_change_of_address_does_not_block_the_second_factor(
    client, coordinator, django_capture_on_commit_callbacks
):
    sign_in(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/accounts/email/change/", {"email": "cora.neu@test.example", "password": PASSWORD})
    assert "noch nicht bestätigt" in client.get("/de/accounts/").content.decode()

    page = client.get(ACTIVATE.format(lang="de"))
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret">(\w+)<', page.content.decode()).group(1)
    assert "Bitte bestätigen Sie zuerst" not in page.content.decode()
    done = client.post(ACTIVATE.format(lang="de"), {"code": pyotp.TOTP(secret).now()}, follow=True)
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert "Wiederherstellungscodes" in done.content.decode()
    assert client.get(ADD_KEY.format(lang="de")).status_code == 200


def test_someone_who_must_use_a_second_factor_is_not_stuck_by_a_pending_change(client, settings, operator_admin):
    settings.VEREINBAR_REQUIRE_TWO_FACTOR = True
    operator_admin.emailaddress_set.create(email="neu@test.example", verified=False, primary=False)
    sign_in(client, operator_admin)
    assert client.get(ACTIVATE.format(lang="de")).status_code == 200


@pytest.mark.parametrize(
    ("lang", "first", "button"),
    [
        ("de", "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse.", "Link erneut senden"),
        ("nl", "Bevestig eerst uw e-mailadres.", "Link opnieuw sturen"),
    ],
)
def test_an_unconfirmed_own_address_is_explained_on_the_two_factor_pages(client, coordinator, lang, first, button):
    email_confirmation_start(user=coordinator)  # as after self-registration
    sign_in(client, coordinator, lang)
    index = client.get(f"/{lang}/accounts/2fa/").content.decode()
    assert first in index and button in index and coordinator.email in index
    assert ACTIVATE.format(lang=lang) not in index and ADD_KEY.format(lang=lang) not in index

    for path in (ACTIVATE, ADD_KEY):
        page = client.get(path.format(lang=lang)).content.decode()
        assert first in page and button in page
        assert 'id="authenticator_secret"' not in page and "mfa_webauthn_add" not in page

    secret = client.session[SECRET_SESSION_KEY]
    refused = client.post(ACTIVATE.format(lang=lang), {"code": pyotp.TOTP(secret).now()}).content.decode()
    assert first.rstrip(".") in refused
    assert not Authenticator.objects.filter(user=coordinator).exists()
