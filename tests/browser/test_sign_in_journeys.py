"""Sign-in journeys in Chromium: single sign-on with a real OpenID Connect provider (oidc-provider
under Node), an authenticator app (TOTP, codes computed with pyotp) that the settings require for
an operator admin, recovery codes, and a security key (Chromium's virtual WebAuthn authenticator)."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.accounts.oidc import PROVIDER_ID, running_provider
from tests.conftest import PASSWORD
from vereinbar.activity.models import Entry

# In the SQLite pass only: accounts, sessions and authenticators are the same rows on either
# database, and the PostgreSQL pass's share of CI time is the longer one.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]

ACCOUNTS = {"anna": {"email": "anna@stadt.example", "email_verified": True, "name": "Anna Andersen"}}


@pytest.fixture
def provider(live_server):
    with running_provider([f"{live_server.url}/sso/{PROVIDER_ID}/login/callback/"], ACCOUNTS) as running:
        yield running


def log_in_with_password(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("link", name="Anmelden", exact=True)).to_be_visible()


def test_sign_in_with_the_provider_role_granted_on_the_members_page_and_sign_out(
    page: Page, live_server, provider, coordinator, axe_check
):
    organisation = coordinator.memberships.get().organisation
    provider.configure_site(
        name="Stadt Musterstadt", email_domains=["stadt.example"], allow_signup=True, organisations=(organisation,)
    )
    page.goto(f"{live_server.url}/de/accounts/login/")
    axe_check(page)
    page.get_by_role("button", name=re.compile("Stadt Musterstadt")).click()

    # The provider's own pages: its login form, then its consent.
    expect(page).to_have_url(re.compile(re.escape(provider.issuer)))
    page.locator("input[name=login]").fill("anna")
    page.locator("input[name=password]").fill("anything")
    page.locator("button[type=submit]").first.click()
    expect(page.locator("input[name=login]")).to_have_count(0)
    page.locator("button[type=submit]").first.click()

    # Back on the site, signed in with a new account that has no role yet.
    expect(page).to_have_url(f"{live_server.url}/de/")
    page.get_by_role("link", name="Mein Konto").click()
    expect(page.get_by_text("anna@stadt.example")).to_be_visible()
    expect(page.get_by_role("link", name="Arbeitsbereich", exact=True)).to_have_count(0)  # no organisation's pages yet
    anna = get_user_model().objects.get(email="anna@stadt.example")
    assert not anna.memberships.exists()
    log_out(page)

    # The coordinator finds her waiting on the members page and gives her a role.
    log_in_with_password(page, live_server.url, coordinator.email)
    expect(page).to_have_url(f"{live_server.url}/de/")
    page.goto(f"{live_server.url}/de/workspace/{organisation.slug}/members/")
    waiting = page.get_by_role("region", name="Warten auf eine Rolle")
    expect(waiting.get_by_text("anna@stadt.example")).to_be_visible()
    axe_check(page)
    waiting.get_by_label("Rolle von Anna Andersen").select_option(label="Lesende")
    waiting.get_by_role("button", name="Rolle geben").click()
    expect(page.get_by_text("Anna Andersen ist jetzt Mitglied.")).to_be_visible()
    expect(page.get_by_role("region", name="Warten auf eine Rolle")).to_have_count(0)
    members = page.get_by_role("region", name="Mitglieder und ihre Rollen")
    expect(members.get_by_role("row", name=re.compile("anna@stadt.example"))).to_contain_text("Lesende")
    assert anna.memberships.get().role == "viewer"
    log_out(page)

    # She signs in again with the provider and sees her organisation's pages. The browser is
    # still signed in at the provider, which has her consent: it sends her straight back.
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.get_by_role("button", name=re.compile("Stadt Musterstadt")).click()
    expect(page).to_have_url(f"{live_server.url}/de/")
    page.get_by_role("link", name="Arbeitsbereich", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(organisation.name)

    log_out(page)
    page.goto(f"{live_server.url}/de/accounts/")
    expect(page).to_have_url(re.compile(r"/de/accounts/login/"))


def _code_of_next_step(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    return totp.at(time.time() + totp.interval)


def _not_a_code_of_now(secret: str) -> str:
    """A six-digit code that none of the steps around now accepts."""
    totp = pyotp.TOTP(secret)
    valid = {totp.at(time.time() + totp.interval * step) for step in range(-2, 4)}
    return next(
        code for code in ("000000", "111111", "222222", "333333", "444444", "555555", "666666") if code not in valid
    )


def test_an_operator_admin_must_set_up_an_authenticator_app_then_signs_in_with_it(
    page: Page, live_server, operator_admin, settings, axe_check
):
    settings.VEREINBAR_REQUIRE_TWO_FACTOR = True
    log_in_with_password(page, live_server.url, operator_admin.email)

    # Sent to the second factor's set-up until there is one.
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/")
    page.goto(f"{live_server.url}/de/operator/")
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/")
    axe_check(page)
    page.get_by_role("link", name="Aktivieren").click()

    # allauth asks for the password again before a second factor is changed.
    expect(page).to_have_url(re.compile(r"/de/accounts/reauthenticate/"))
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Bestätigen").click()
    secret = page.locator("#authenticator_secret").inner_text().strip()
    page.get_by_label("Authentifizierungscode").fill(pyotp.TOTP(secret).now())  # any step ±1 counts
    page.get_by_role("button", name="Aktivieren").click()
    expect(page.get_by_text("Authenticator-App aktiviert.")).to_be_visible()

    page.goto(f"{live_server.url}/de/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    page.goto(f"{live_server.url}/de/operator/")
    expect(page).to_have_url(re.compile(r"/de/operator/"))
    log_out(page)

    # Signing in now asks for the code after the password.
    log_in_with_password(page, live_server.url, operator_admin.email)
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/authenticate/")
    axe_check(page)
    page.get_by_label("Code").fill(_not_a_code_of_now(secret))
    page.get_by_role("button", name="Anmeldung").click()
    expect(page.locator(".errorlist")).to_be_visible()
    # The next step's code: valid (one step's tolerance) whenever the server checks it, and
    # never the code used to activate the app (a used code is refused for its period).
    page.get_by_label("Code").fill(_code_of_next_step(secret))
    page.get_by_role("button", name="Anmeldung").click()
    expect(page).to_have_url(f"{live_server.url}/de/")
    log_out(page)

    # A recovery code works once, in place of the lost phone.
    log_in_with_password(page, live_server.url, operator_admin.email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Anmeldung").click()
    expect(page).to_have_url(f"{live_server.url}/de/")
    log_out(page)
    log_in_with_password(page, live_server.url, operator_admin.email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Anmeldung").click()
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/authenticate/")
    assert not Entry.objects.filter(verb="account.two_factor_reset").exists()


def test_a_board_member_adds_a_security_key_and_signs_in_with_it(page: Page, live_server, board_member, settings):
    settings.VEREINBAR_REQUIRE_TWO_FACTOR = True
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks plain HTTP on loopback
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    log_in_with_password(page, live_server.url, board_member.email)
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/")
    page.get_by_role("link", name="Hinzufügen").click()
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/webauthn/add/")
    # The address changes before the page's scripts run; the button asks the key only once
    # allauth's WebAuthn script has taken it over (CI under load clicked before that).
    page.wait_for_load_state("load")
    page.get_by_label("Name").fill("Schlüssel am Schlüsselbund")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/"), timeout=15_000)
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]})
    assert len(credentials["credentials"]) == 1
    page.goto(f"{live_server.url}/de/operator/")
    expect(page).to_have_url(re.compile(r"/de/operator/"))
    log_out(page)

    log_in_with_password(page, live_server.url, board_member.email)
    expect(page).to_have_url(f"{live_server.url}/de/accounts/2fa/authenticate/")
    page.get_by_role("button", name="Verwenden Sie einen Sicherheitsschlüssel").click()
    expect(page).to_have_url(f"{live_server.url}/de/")
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]})
    assert credentials["credentials"][0]["signCount"] >= 1
