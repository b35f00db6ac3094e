"""Changing the login address on the account page goes through allauth's e-mail change: the new
address is confirmed by its link before it replaces the old one, which stays the login and
receives every mail until then and is told of the change. What a registrant is told and what the
operator exports say whether the address is confirmed."""

import csv
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, UserFactory
from tests.notifications.backends import OutageBackend
from tests.organisations.test_registration_email_confirmed import link_in
from vereinbar.accounts.models import User
from vereinbar.accounts.services import email_confirmation_start, membership_add
from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
OLD, NEW = "coordinator@test.example", "cora.neu@test.example"

API_REGISTRATION = {
    "name": "Zorgzaam BV",
    "kind": "company",
    "country": "nl",
    "full_name": "Ria de Vries",
    "email": "ria@zorgzaam.example",
    "password": "a long and unusual passphrase 7",
    "language": "nl",
}


def signs_in(client, email):
    client.logout()
    return client.post("/de/accounts/login/", {"username": email, "password": PASSWORD}).status_code == 302


@pytest.fixture
def change(client, login, coordinator, django_capture_on_commit_callbacks):
    """The coordinator (German) asked to change the address to NEW; returns the page after it."""
    coordinator.full_name = "Cora Koordination"
    coordinator.save(update_fields=["full_name"])
    login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/de/accounts/email/change/", {"email": NEW, "password": PASSWORD}, follow=True)
    return response


def mail_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def test_the_new_address_waits_for_its_link_and_the_old_one_stays_the_login(client, coordinator, change):
    page = change.content.decode()
    assert change.redirect_chain[-1][0] == "/de/accounts/"
    assert "Ihre neue E-Mail-Adresse ist noch nicht bestätigt." in page
    assert f"Wir haben einen Link an {NEW} gesendet." in page
    assert f"Bis Sie bestätigen, bleibt {OLD} Ihre E-Mail-Adresse" in page
    assert "Link erneut senden" in page and "Änderung abbrechen" in page
    coordinator.refresh_from_db()
    assert coordinator.email == OLD
    assert EmailAddress.objects.get(user=coordinator, email=NEW).verified is False
    assert signs_in(client, OLD) and not signs_in(client, NEW)


def test_the_mails_say_what_happens_in_german(change):
    confirm = mail_to(NEW)
    assert confirm.subject == "Bitte bestätigen Sie Ihre neue E-Mail-Adresse auf vereinbar"
    assert confirm.body.startswith("Guten Tag Cora Koordination,\n\nSie haben darum gebeten")
    assert f"von {OLD} in {NEW} zu ändern" in confirm.body
    assert link_in(confirm).startswith("/de/accounts/confirm-email/")
    assert f"Bis Sie bestätigen, melden Sie sich mit {OLD} an" in confirm.body
    assert "Registrierung" not in confirm.body  # not the registrant's mail
    notice = mail_to(OLD)
    assert notice.subject == "Ihre E-Mail-Adresse bei vereinbar wird geändert"
    assert f"von {OLD} in {NEW}" in notice.body
    assert "ändern Sie sofort Ihr Passwort" in notice.body
    assert "http://testserver/de/accounts/" in notice.body or re.search(r"https?://\S+/de/accounts/\n", notice.body)
    assert "/confirm-email/" not in notice.body  # the link goes only to the new address
    for message in (confirm, notice):
        assert "{{" not in message.body and "&quot;" not in message.body and "&#x27;" not in message.body


def test_the_mails_are_in_dutch_for_a_dutch_account(client, login, django_capture_on_commit_callbacks):
    user = UserFactory(email="anne@test.example", full_name="Anne de Wit", preferred_language="nl")
    login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/accounts/email/change/", {"email": "anne.nieuw@test.example", "password": PASSWORD})
    confirm = mail_to("anne.nieuw@test.example")
    assert confirm.subject == "Bevestig uw nieuwe e-mailadres op vereinbar"
    assert confirm.body.startswith("Beste Anne de Wit,\n\n")
    assert "van anne@test.example naar anne.nieuw@test.example te wijzigen" in confirm.body
    assert link_in(confirm).startswith("/nl/accounts/confirm-email/")
    notice = mail_to("anne@test.example")
    assert notice.subject == "Uw e-mailadres op vereinbar wordt gewijzigd"
    assert "wijzig dan direct uw wachtwoord" in notice.body
    assert "/nl/accounts/" in notice.body


def test_following_the_link_makes_the_new_address_the_login(client, coordinator, change):
    path = link_in(mail_to(NEW))
    page = client.get(path).content.decode()
    assert f"dass <strong>{NEW}</strong> Ihre neue Adresse ist" in page
    confirmed = client.post(path, follow=True).content.decode()
    assert f"{NEW} ist bestätigt" in confirmed
    coordinator.refresh_from_db()
    assert coordinator.email == NEW
    assert list(EmailAddress.objects.filter(user=coordinator).values_list("email", "verified", "primary")) == [
        (NEW, True, True)
    ]
    account = client.get("/de/accounts/").content.decode()
    assert "noch nicht bestätigt" not in account and NEW in account
    assert Entry.objects.filter(verb="account.email_changed", actor=coordinator).exists()
    assert signs_in(client, NEW) and not signs_in(client, OLD)


def test_cancelling_keeps_the_old_address_and_the_link_stops_working(client, coordinator, change):
    path = link_in(mail_to(NEW))
    page = client.post("/de/accounts/email/change/cancel/", follow=True).content.decode()
    assert f"Die Änderung in {NEW} wurde abgebrochen; {OLD} bleibt Ihre E-Mail-Adresse." in page
    assert "noch nicht bestätigt" not in page
    client.post(path)
    coordinator.refresh_from_db()
    assert coordinator.email == OLD
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_sending_the_link_again_waits_a_few_minutes(client, change):
    page = client.post("/de/accounts/email/change/send/", follow=True).content.decode()
    assert "erst vor wenigen Minuten" in page
    assert len([m for m in mail.outbox if m.to == [NEW]]) == 1


def test_a_wrong_password_changes_nothing_and_sends_nothing(client, login, coordinator):
    login(coordinator)
    response = client.post("/de/accounts/email/change/", {"email": NEW, "password": "not it"})
    assert response.status_code == 200
    assert "Das Passwort ist nicht korrekt." in response.content.decode()
    assert not EmailAddress.objects.filter(email=NEW).exists() and mail.outbox == []


def test_another_accounts_address_is_refused(client, login, coordinator, contributor):
    login(coordinator)
    response = client.post("/de/accounts/email/change/", {"email": contributor.email, "password": PASSWORD})
    assert "Diese Adresse gehört zu einem anderen Konto." in response.content.decode()
    assert not EmailAddress.objects.filter(user=coordinator, email=contributor.email).exists()


def test_an_account_of_an_identity_provider_gets_no_change_form(client, login):
    user = UserFactory(email="sso@test.example")
    user.set_unusable_password()
    user.save()
    page = login(user).get("/de/accounts/").content.decode()
    assert "Anmeldedienst Ihrer Organisation" in page and 'name="email"' not in page
    client.post("/de/accounts/email/change/", {"email": "other@test.example", "password": ""})
    assert not EmailAddress.objects.filter(email="other@test.example").exists()


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.OutageBackend"}}
    OutageBackend.down, OutageBackend.refused = True, 0
    yield
    OutageBackend.down = False


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("mail_server_down")
def test_the_account_page_says_when_the_link_could_not_be_sent(client, login, coordinator):
    login(coordinator)
    page = client.post("/de/accounts/email/change/", {"email": NEW, "password": PASSWORD}, follow=True)
    text = page.content.decode()
    assert f"Die E-Mail mit dem Link an {NEW} konnte noch nicht gesendet werden." in text
    coordinator.refresh_from_db()
    assert coordinator.email == OLD


def test_the_privacy_pages_work_while_a_change_waits(client, change):
    assert client.get("/de/accounts/privacy/").status_code == 200
    export = client.get("/de/accounts/privacy/export/")
    assert export.status_code == 200 and export["Content-Type"] == "application/zip"


def test_an_address_posted_to_the_profile_form_does_not_become_the_login(client, login, coordinator):
    page = login(coordinator).get("/de/accounts/").content.decode()
    assert "coordinator@test.example" in page
    assert "coordinator@test.example" in page

    response = client.post(
        "/de/accounts/",
        {"full_name": "Cora Koordination", "preferred_language": "de", "email": "someone.else@test.example"},
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.email == "coordinator@test.example"
    assert coordinator.full_name == "Cora Koordination"
    assert not EmailAddress.objects.filter(email__iexact="someone.else@test.example").exists()
    assert signs_in(client, OLD) and not signs_in(client, "someone.else@test.example")


def test_allauths_own_address_management_is_not_reachable():
    with pytest.raises(NoReverseMatch):
        reverse("account_email")


def _register_by_api(client, language):
    return client.post(
        "/api/v1/organisations/registrations",
        API_REGISTRATION,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "First confirm your e-mail address: we have sent a link to ria@zorgzaam.example."),
        ("de", "Bestätigen Sie zuerst Ihre E-Mail-Adresse: Wir haben einen Link an ria@zorgzaam.example gesendet."),
        ("nl", "Bevestig eerst uw e-mailadres: we hebben een link gestuurd naar ria@zorgzaam.example."),
    ],
)
def test_the_api_tells_a_new_account_to_confirm_its_address_first(client, language, expected):
    response = _register_by_api(client, language)
    assert response.status_code == 201, response.json()
    answer = response.json()["next"]
    assert answer.startswith("Zorgzaam BV ")
    assert expected in answer
    assert "review the registration soon" not in answer


def test_the_link_the_api_answer_speaks_of_arrives(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _register_by_api(client, "nl").status_code == 201
    (message,) = mail.outbox
    assert message.to == ["ria@zorgzaam.example"]
    assert link_in(message).startswith("/nl/accounts/confirm-email/")


def test_the_api_does_not_ask_a_confirmed_account_to_confirm_again(login, coordinator):
    client = login(coordinator)
    response = client.post(
        "/api/v1/organisations/",
        {"name": "Zweite GmbH", "kind": "company", "country": "de"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 201, response.json()
    answer = response.json()["next"]
    assert "Zweite GmbH wurde registriert." in answer
    assert "Bestätigen Sie zuerst" not in answer


@pytest.fixture
def registrations(operator_admin):
    """Two pending registrations: one whose coordinator confirmed the address, one who did not."""
    for name, email, confirmed in (
        ("Bestätigt GmbH", "ja@test.example", True),
        ("Offen BV", "nee@test.example", False),
    ):
        organisation = OrganisationFactory(name=name, status="pending", registered_at=timezone.now())
        user = User.objects.create_user(email=email, password="a long enough passphrase")
        membership_add(actor=operator_admin, organisation=organisation, user=user, role="coordinator")
        address = email_confirmation_start(user=user)
        if confirmed:
            address.set_verified()
    return Organisation.objects.filter(name__in=["Bestätigt GmbH", "Offen BV"])


@pytest.mark.parametrize(
    ("language", "header", "yes", "no"),
    [("de", "E-Mail-Adresse bestätigt", "ja", "nein"), ("nl", "E-mailadres bevestigd", "ja", "nee")],
)
def test_the_registrations_export_says_whether_the_address_is_confirmed(
    login, operator_admin, registrations, language, header, yes, no
):
    response = login(operator_admin).get(f"/{language}/operator/registrations/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == header
    confirmed = {row[0]: row[-1] for row in rows[1:]}
    assert confirmed == {"Bestätigt GmbH": yes, "Offen BV": no}


def test_the_registrations_spreadsheet_has_the_column_too(login, operator_admin, registrations):
    from openpyxl import load_workbook

    response = login(operator_admin).get("/en/operator/registrations/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][-1] == "E-mail address confirmed"
    assert {row[0]: row[-1] for row in values[1:]} == {"Bestätigt GmbH": "yes", "Offen BV": "no"}
