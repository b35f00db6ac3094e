"""A mail that says how many days its link works counts them in the reader's language: a
link valid for one day works "within 1 day", not "within 1 days" (the number is a setting)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import UserFactory
from vereinbar.accounts.services import email_confirmation_mail_queue
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.organisations.members import invitation_send

pytestmark = pytest.mark.django_db

INVITATION = {
    ("en", 1): "To accept, open this link within 1 day:\n",
    ("de", 1): "Um die Einladung anzunehmen, öffnen Sie bitte innerhalb von 1 Tag diesen Link:\n",
    ("nl", 1): "Wilt u de uitnodiging accepteren? Open dan binnen 1 dag deze link:\n",
    ("en", 2): "To accept, open this link within 2 days:\n",
    ("de", 2): "Um die Einladung anzunehmen, öffnen Sie bitte innerhalb von 2 Tagen diesen Link:\n",
    ("nl", 2): "Wilt u de uitnodiging accepteren? Open dan binnen 2 dagen deze link:\n",
}


@pytest.mark.parametrize(("language", "days"), list(INVITATION))
def test_the_invitation_counts_its_days(settings, coordinator, employer_org, language, days):
    settings.INVITATION_VALID_DAYS = days
    invitation_send(
        actor=coordinator, organisation=employer_org, email="neu@test.example", role="contributor", language=language
    )
    outbox_deliver()
    (received,) = mail.outbox
    assert INVITATION[language, days] in received.body


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "To choose a new password, open this link within 1 day:\n"),
        ("de", "Um ein neues Passwort zu wählen, öffnen Sie bitte innerhalb von 1 Tag diesen Link:\n"),
        ("nl", "Open binnen 1 dag deze link om een nieuw wachtwoord te kiezen:\n"),
    ],
)
def test_the_password_reset_mail_counts_one_day(settings, client, language, sentence):
    settings.PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
    user = UserFactory(preferred_language=language)
    client.post(f"/{language}/accounts/password/reset/", {"email": user.email})
    outbox_deliver()
    assert f"{sentence}http" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "open this link within 1 day and press"),
        ("de", "Öffnen Sie innerhalb von 1 Tag diesen Link"),
        ("nl", "open binnen 1 dag deze link"),
    ],
)
def test_the_address_confirmation_counts_one_day(settings, language, sentence):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 1
    user = UserFactory(preferred_language=language)
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    email_confirmation_mail_queue(address=address, key="k")
    outbox_deliver()
    assert sentence in mail.outbox[-1].body
