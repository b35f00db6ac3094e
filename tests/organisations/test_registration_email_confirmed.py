"""A self-registered account confirms its e-mail address with allauth's link before the operator
can approve the registration; invited accounts are not asked, and a mail server that is away
neither loses the registration nor hides that the mail did not go out."""

import re

import pytest
from django.core import mail

from tests.notifications.backends import OutageBackend
from tests.organisations.test_registration import registration
from vereinbar.accounts.models import User
from vereinbar.organisations.models import Organisation

# Mails go out after commit (the outbox), so these tests run with real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S*/confirm-email/\S+/)", message.body).group(1)


@pytest.fixture
def registered(client):
    """A visitor registered a Dutch employer and is logged in as its coordinator."""
    assert client.post("/nl/register/", registration()).status_code == 302
    return Organisation.objects.get(name="Stichting Zorgzaam")


@pytest.fixture
def mail_server(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.OutageBackend"}}
    OutageBackend.down = False
    OutageBackend.refused = 0
    yield OutageBackend
    OutageBackend.down = False


def test_the_confirmation_mail_arrives_in_the_registration_language_with_what_happens_next(registered):
    (message,) = mail.outbox
    assert message.to == ["ria@zorgzaam.example"]
    assert message.extra_headers["Content-Language"] == "nl"
    assert "Stichting Zorgzaam" in message.subject and "bevestig" in message.subject.lower()
    assert message.body.startswith("Beste Ria Registratie,\n\nBedankt voor het aanmelden van Stichting Zorgzaam")
    assert "ria@zorgzaam.example" in message.body
    assert link_in(message).startswith("/nl/accounts/confirm-email/")
    assert f"/nl/workspace/{registered.slug}/" in message.body  # what happens meanwhile
    assert "{{" not in message.body and "&quot;" not in message.body


def test_the_registrant_is_asked_to_confirm_in_the_workspace(client, registered):
    page = client.get(f"/nl/workspace/{registered.slug}/").content.decode()
    assert "Bevestig uw e-mailadres." in page
    assert "ria@zorgzaam.example" in page
    assert "/accounts/email/confirmation/send/" in page


def test_register_confirm_by_the_link_then_the_operator_approves(client, registered, login, operator_admin):
    path = link_in(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200 and "ria@zorgzaam.example" in page.content.decode()
    confirmed = client.post(path, follow=True)
    assert "ria@zorgzaam.example is bevestigd" in confirmed.content.decode()
    workspace = client.get(f"/nl/workspace/{registered.slug}/").content.decode()
    assert "Bevestig uw e-mailadres." not in workspace
    operator = login(operator_admin)
    listed = operator.get("/en/operator/registrations/").content.decode()
    assert "Stichting Zorgzaam" in listed and "not confirmed yet" not in listed
    response = operator.post(f"/en/operator/registrations/{registered.slug}/approve/", {"comment": ""})
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.status == "approved"


def test_approving_before_the_address_is_confirmed_is_refused(registered, login, operator_admin):
    operator = login(operator_admin)
    listed = operator.get("/de/operator/registrations/").content.decode()
    assert "noch nicht bestätigt" in listed
    detail = operator.get(f"/en/operator/registrations/{registered.slug}/").content.decode()
    assert "address not confirmed yet" in detail and "Approve the registration" not in detail
    response = operator.post(f"/en/operator/registrations/{registered.slug}/approve/", {"comment": ""})
    assert response.status_code == 200
    assert "cannot be approved yet: its coordinator has not confirmed" in response.content.decode()
    registered.refresh_from_db()
    assert registered.status == "pending"


def test_an_expired_or_used_link_says_what_to_do(client, registered):
    path = link_in(mail.outbox[0])
    client.post(path)
    again = client.get(path).content.decode()
    assert "verlopen" in again or "gebruikt" in again


def test_sending_the_link_again_is_limited_by_allauth(client, registered):
    back = f"/nl/workspace/{registered.slug}/"
    response = client.post("/nl/accounts/email/confirmation/send/", {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    # The link sent at registration counts: another one only after a few minutes.
    assert "enkele minuten" in response.content.decode()
    assert len(mail.outbox) == 1


def test_an_invited_user_is_not_asked_to_confirm(client, login, coordinator, operator_admin):
    login(coordinator).post(
        "/de/workspace/kreis-musterstadt/members/",
        {"email": "new.colleague@test.example", "role": "contributor", "language": "de"},
    )
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    client.logout()
    client.post(
        path, {"full_name": "Nora Neu", "password1": "a long new passphrase", "password2": "a long new passphrase"}
    )
    sent = len(mail.outbox)
    # The invited colleague registers an employer of her own: no confirmation is asked for.
    assert client.post("/de/register/", {"name": "Nora GmbH", "kind": "company", "country": "DE"}).status_code == 302
    organisation = Organisation.objects.get(name="Nora GmbH")
    page = client.get(f"/de/workspace/{organisation.slug}/").content.decode()
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse." not in page
    assert not [m for m in mail.outbox[sent:] if "confirm-email" in m.body]
    response = login(operator_admin).post(f"/en/operator/registrations/{organisation.slug}/approve/", {"comment": ""})
    assert response.status_code == 302


def test_a_mail_server_failure_keeps_the_registration_and_says_the_mail_was_not_sent(client, mail_server):
    mail_server.down = True
    response = client.post("/de/register/", registration(language="de"), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "konnte noch nicht gesendet werden" in page  # the workspace's notice, once
    organisation = Organisation.objects.get(name="Stichting Zorgzaam")
    assert organisation.status == "pending"
    assert User.objects.filter(email="ria@zorgzaam.example").exists()
    assert mail_server.refused >= 1
    # The notice keeps saying so on the organisation's page until the mail has gone out.
    again = client.get(f"/de/workspace/{organisation.slug}/").content.decode()
    assert "konnte noch nicht gesendet werden" in again


@pytest.mark.django_db
def test_accounts_from_before_confirmation_count_as_confirmed_by_the_data_migration():
    import importlib

    from allauth.account.models import EmailAddress
    from django.apps import apps

    from tests.factories import UserFactory

    migration = importlib.import_module("vereinbar.accounts.migrations.0004_existing_addresses_confirmed")
    without_row, with_unconfirmed_row, taken = UserFactory(), UserFactory(), UserFactory()
    EmailAddress.objects.create(user=with_unconfirmed_row, email=with_unconfirmed_row.email, verified=False)
    EmailAddress.objects.create(user=without_row, email="old@test.example", verified=True, primary=True)
    other = UserFactory()
    EmailAddress.objects.create(user=other, email=taken.email.lower(), verified=True, primary=True)

    from types import SimpleNamespace

    from django.db import connection

    migration.existing_addresses_confirmed(apps, SimpleNamespace(connection=connection))  # as migrate calls it

    added = EmailAddress.objects.get(user=without_row, email=without_row.email.lower())
    assert added.verified and not added.primary  # the account keeps its primary address
    assert EmailAddress.objects.get(user=with_unconfirmed_row).verified
    assert not EmailAddress.objects.filter(user=taken).exists()  # confirmed by another account already


def test_after_registering_the_confirmation_is_asked_for_once(client):
    # The success notice says only that it worked; the workspace's own notice asks to confirm.
    page = client.post("/nl/register/", registration(), follow=True).content.decode()
    assert "Bevestig uw e-mailadres." in page
    assert page.count("ria@zorgzaam.example") == 1
