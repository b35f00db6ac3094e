"""The address confirmation mail of an account that registered no organisation (its owner asked
for the link on the account page) as received: it does not speak of a registration that would
not be approved; a registrant's mail still does."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import UserFactory
from vereinbar.accounts.services import email_confirmation_start
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.organisations.services import organisation_register

pytestmark = pytest.mark.django_db

CLOSING = {
    "de": "Falls Sie dies nicht angefordert haben, können Sie diese E-Mail ignorieren: Ohne Bestätigung ändert sich "
    "nichts.",
    "nl": "Hebt u hier niet om gevraagd, dan kunt u deze e-mail negeren: zonder bevestiging verandert er niets.",
    "en": "If you did not ask for this, you can ignore this mail: without confirmation nothing changes.",
}
REGISTRATION = {"de": "Registrierung", "nl": "aanmelding", "en": "registration"}


def _body(to: str) -> str:
    outbox_deliver()
    (message,) = [message for message in mail.outbox if message.to == [to]]
    return message.body


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_an_account_without_a_registration_is_not_told_about_one(language):
    user = UserFactory(email=f"pat-{language}@example.org", preferred_language=language, full_name="Pat Peters")
    email_confirmation_start(user=user)
    body = _body(user.email)
    assert f"pat-{language}@example.org" in body and "/accounts/confirm-email/" in body
    assert CLOSING[language] in " ".join(body.split())
    assert REGISTRATION[language] not in body.lower()


def test_a_registrant_is_still_told_what_an_unconfirmed_address_means_for_the_registration():
    organisation_register(
        details={"name": "Stichting Zorgzaam", "kind": "association", "country": "NL"},
        user=None,
        full_name="Ria van Registratie",
        email="ria@zorgzaam.example",
        password="a long enough passphrase",
        language="nl",
    )
    body = " ".join(_body("ria@zorgzaam.example").split())
    assert "zonder bevestigd adres wordt de aanmelding niet goedgekeurd." in body
    assert CLOSING["nl"] not in body
