"""The confirm page (the link in a confirmation mail) in each of its states says what to do next:
after a change of address it points to the account page, where the change is sent again or
cancelled; after a registration to sending a new link; a link pressed once it no longer works
shows the same explanation, not an error page."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.accounts.test_email_change_confirmed import NEW, OLD, mail_to
from tests.factories import UserFactory
from tests.organisations.test_registration_email_confirmed import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(client, login, coordinator, django_capture_on_commit_callbacks):
    """The coordinator asked to change the address to NEW; returns the link in the mail."""
    login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/accounts/email/change/", {"email": NEW, "password": "correct horse battery staple"})
    return link_in(mail_to(NEW))


def test_a_cancelled_change_points_to_the_account_page(client, change):
    client.post("/de/accounts/email/change/cancel/")
    page = client.get(change).content.decode()
    assert "abgelaufen, wurde schon verwendet, oder die Änderung der Adresse wurde abgebrochen" in page
    assert "Ihre E-Mail-Adresse coordinator@test.example ist bestätigt" in page
    assert 'href="/de/accounts/"' in page
    assert "Seite Ihrer Organisation" not in page


def test_an_old_link_of_a_pending_change_points_to_the_account_page_in_dutch(client, settings, change):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = -1  # every link is older than that
    page = client.get(change.replace("/de/", "/nl/")).content.decode()
    pressed = client.post(change.replace("/de/", "/nl/"))
    assert f"Uw wijziging naar {NEW} wacht nog op bevestiging" in page
    assert f"blijft {OLD} uw adres" in page
    assert 'href="/nl/accounts/#email-change"' in page
    assert pressed.status_code == 200 and f"Uw wijziging naar {NEW}" in pressed.content.decode()


def test_a_visitor_is_told_both_ways_in_german(client, change):
    client.post(change)  # confirmed: the link is used up
    client.logout()
    page = client.get(change).content.decode()
    assert "Falls Sie Ihre E-Mail-Adresse geändert haben" in page
    assert 'href="/de/accounts/login/?next=/de/accounts/"' in page
    assert "Falls Sie eine Organisation registriert haben" in page


def test_a_registrant_whose_link_expired_can_send_a_new_one(client, login):
    user = UserFactory(email="neu@test.example", preferred_language="nl")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    login(user)
    page = client.get("/nl/accounts/confirm-email/not-a-key/").content.decode()
    assert "Uw adres neu@test.example is nog niet bevestigd" in page
    assert "Link opnieuw sturen" in page and 'action="/nl/accounts/email/confirmation/send/"' in page
    assert not mail.outbox


def test_a_new_address_taken_meanwhile_points_to_the_account_page(client, change):
    other = UserFactory(email="someone@test.example")
    EmailAddress.objects.create(user=other, email=NEW, primary=False, verified=True)
    page = client.get(change).content.decode()
    assert f"{NEW} kann nicht Ihre neue Adresse werden" in page
    assert 'href="/de/accounts/"' in page
