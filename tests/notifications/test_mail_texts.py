"""What the recipient reads in the plain text of a mail: names as written (no HTML escapes),
a greeting with their name, the operator's reason, dates written out, the link on its own."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from tests.factories import UserFactory
from vereinbar.notifications.models import Notification
from vereinbar.notifications.outbox import mail_render, outbox_deliver
from vereinbar.notifications.services import notification_send
from vereinbar.organisations.services import organisation_register

CYCLE = {"version": {"title_text": "Familie & Beruf"}, "stage": "Zertifizierung"}
NAMES = {
    "organisation": "Müller & Söhne <Nord>",
    "survey": "Arbeit & Pflege",
    "inviter": "A & B",
    "role": "R",
    "valid_days": 3,  # the account mails count the days their link works (plural forms)
}


@pytest.mark.parametrize(
    "template",
    [
        "surveys/mail/invitation",
        "surveys/mail/reminder",
        "accounts/mail/invitation",
        "organisations/mail/registration_received",
        "organisations/mail/registration_approved",
        "organisations/mail/registration_rejected",
        "organisations/mail/registration_new",
    ],
)
def test_names_with_ampersands_arrive_as_written(template):
    subject, body = mail_render(language="de", template=template, context={**NAMES, "path": "/de/x/"})
    assert "&amp;" not in subject + body and "&lt;" not in subject + body
    assert "&" in subject + body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting", "then"),
    # German goes on in lower case after the salutation's comma, Dutch with a capital.
    [("de", "Guten Tag Lisa Leer,", "alle Phasen"), ("nl", "Beste Lisa Leer,", "Alle stappen")],
)
def test_a_notification_mail_greets_its_reader_by_name_and_the_inbox_item_does_not(language, greeting, then):
    user = UserFactory(full_name="Lisa Leer", preferred_language=language)
    notification_send(
        recipients=[(user, f"/{language}/x/")],
        event="cycle_completed",
        template="cycles/mail/cycle_completed",
        context={"cycle": CYCLE, "organisation": "Landkreis Leer"},
    )
    outbox_deliver()
    assert mail.outbox[-1].body.startswith(f"{greeting}\n\n{then}")
    inbox = Notification.objects.get(user=user).body
    assert not inbox.startswith(greeting)
    # Without the greeting the sentence stands alone: a capital in the inbox in either language.
    assert inbox.startswith(then[0].upper() + then[1:])


@pytest.mark.django_db
def test_a_reader_without_a_name_is_greeted_without_one():
    user = UserFactory(full_name="", preferred_language="de")
    _, body = mail_render(
        language="de",
        template="cycles/mail/cycle_completed",
        context={"cycle": CYCLE, "organisation": "X", "recipient": user, "path": "/de/x/"},
    )
    assert body.startswith("Guten Tag,\n\n")


@pytest.mark.django_db
def test_registration_mails_greet_the_registrant_by_full_name():
    organisation_register(
        details={"name": "Stichting Zorgzaam", "kind": "association", "country": "NL"},
        user=None,
        full_name="Ria van Registratie",
        email="ria@zorgzaam.example",
        password="a long enough passphrase",
        language="nl",
    )
    outbox_deliver()
    received = [message for message in mail.outbox if message.to == ["ria@zorgzaam.example"]]
    assert received[0].body.startswith("Beste Ria van Registratie,\n\nBedankt voor het aanmelden")


def test_a_deferral_by_the_operator_gives_the_operator_s_reason():
    decision = {"automatic": False, "explanation": "Bitte reichen Sie die Nachweise nach."}
    _, body = mail_render(
        language="de",
        template="cycles/mail/cycle_defer",
        context={"cycle": CYCLE, "organisation": "X", "decision": decision, "path": "/de/x/"},
    )
    # labelled as the reason, as the returned and reopened phases' mails label theirs
    assert "\n\nBegründung:\nBitte reichen Sie die Nachweise nach.\n\n" in body


@pytest.mark.parametrize(("language", "written"), [("de", "1. März 2027"), ("nl", "1 maart 2027")])
def test_due_dates_in_an_operator_reminder_are_written_out(language, written):
    runs = [{"phase": "Bilanz", "due_on": date(2027, 3, 1)}]
    _, body = mail_render(
        language=language,
        template="cycles/mail/desk_reminder",
        context={"cycle": CYCLE, "organisation": "X", "message": "Bitte.", "runs": runs, "path": "/x/"},
    )
    assert written in body


@pytest.mark.parametrize("template", ["surveys/mail/invitation", "surveys/mail/reminder"])
def test_the_closing_date_of_a_survey_stands_apart_from_the_personal_link(template):
    _, body = mail_render(
        language="nl",
        template=template,
        context={**NAMES, "closes_on": date(2027, 4, 30), "path": "/nl/s/token/"},
    )
    lines = body.splitlines()
    date_line = next(number for number, line in enumerate(lines) if "30 april 2027" in line)
    assert lines[date_line - 1] == ""


def test_the_survey_reminder_subject_quotes_the_survey_title():
    subject, _ = mail_render(language="de", template="surveys/mail/reminder", context={**NAMES, "path": "/de/s/t/"})
    assert subject == "Erinnerung: Beschäftigtenbefragung „Arbeit & Pflege“"


@pytest.mark.parametrize(
    "template",
    [
        "accounts/mail/invitation",
        "organisations/mail/registration_received",
        "organisations/mail/registration_approved",
        "organisations/mail/registration_rejected",
        "accounts/mail/email_confirmation",
        "accounts/mail/email_change_notice",
    ],
)
def test_account_and_registration_mails_are_signed_with_the_site(settings, template):
    settings.SITE_URL = "https://vereinbar.example.org"
    _, body = mail_render(language="nl", template=template, context={**NAMES, "path": "/nl/x/"})
    assert body.endswith("\n\n-- \nvereinbar – https://vereinbar.example.org\n")


@pytest.mark.django_db
def test_the_password_reset_mail_is_signed_with_the_site(settings, client):
    settings.SITE_URL = "https://vereinbar.example.org"
    user = UserFactory(preferred_language="de")
    client.post("/de/accounts/password/reset/", {"email": user.email})
    outbox_deliver()
    assert mail.outbox[-1].body.endswith("\n\n-- \nvereinbar – https://vereinbar.example.org\n")


def test_the_approval_mail_says_what_its_link_is_for():
    _, body = mail_render(
        language="de",
        template="organisations/mail/registration_approved",
        context={**NAMES, "path": "/de/workspace/m/"},
    )
    # each link says where it goes (the application form, the workspace)
    assert "Hier bewerben Sie sich für ein Programm: http" in body and "Ihr Arbeitsbereich: http" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "start"),
    [("de", "Guten Tag Lisa Leer,\n\nfür das vereinbar-Konto"), ("nl", "Beste Lisa Leer,\n\nIemand heeft gevraagd")],
)
def test_the_password_reset_mail_greets_the_account_s_owner_by_name(client, language, start):
    user = UserFactory(full_name="Lisa Leer", preferred_language=language)
    client.post(f"/{language}/accounts/password/reset/", {"email": user.email})
    outbox_deliver()
    assert mail.outbox[-1].body.startswith(start)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_declined_registration_says_so_in_the_subject_unlike_the_receipt(language):
    context = {**NAMES, "path": "/x/"}
    received, _ = mail_render(language=language, template="organisations/mail/registration_received", context=context)
    declined, _ = mail_render(language=language, template="organisations/mail/registration_rejected", context=context)
    assert declined != received
    # What happened comes first: a long organisation name must not hide it in an inbox list.
    assert declined.startswith(
        {"de": "Registrierung nicht freigegeben:", "nl": "Aanmelding niet goedgekeurd:"}[language]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "where"),
    [
        ("de", "Die Sprache dieser Nachrichten können Sie in Ihrem Konto ändern"),
        ("nl", "De taal van deze berichten kunt u wijzigen in uw account"),
    ],
)
def test_the_mail_about_a_new_registration_links_to_the_account_for_its_language(settings, language, where):
    settings.SITE_URL = "https://vereinbar.example.org"
    user = UserFactory(full_name="Olga Operator", preferred_language=language)
    notification_send(
        recipients=[(user, f"/{language}/operator/registrations/x/")],
        event="registration_new",
        template="organisations/mail/registration_new",
        context={"organisation": "Stichting X", "registrant": "Rita"},
    )
    outbox_deliver()
    assert mail.outbox[-1].body.splitlines()[-1] == f"{where}: https://vereinbar.example.org/{language}/accounts/"
    assert where not in Notification.objects.get(user=user).body


@pytest.mark.django_db
def test_a_registration_decision_comes_from_the_reviewing_operator_and_replies_reach_its_contact(
    settings, operator_admin, operator_org
):
    from tests.factories import OrganisationFactory
    from vereinbar.organisations.models import Contact, ContactRole, Visibility
    from vereinbar.organisations.services import organisation_reject

    OrganisationFactory(operator=True, name="Another Operator")
    settings.DEFAULT_FROM_EMAIL = "vereinbar <noreply@vereinbar.example.org>"
    # A public contact: the registrant is not the operator's member (an internal one is not for them).
    Contact.objects.create(
        organisation=operator_org,
        role=ContactRole.OTHER,
        name="Office",
        email="office@op.example",
        visibility=Visibility.PUBLIC,
    )
    membership = organisation_register(
        details={"name": "Stichting Zorgzaam", "kind": "association", "country": "NL"},
        user=UserFactory(email="ria@zorgzaam.example", preferred_language="nl"),
    )
    mail.outbox.clear()
    organisation_reject(actor=operator_admin, organisation=membership.organisation, reason="Adres ontbreekt.")
    outbox_deliver()
    received = [message for message in mail.outbox if message.to == ["ria@zorgzaam.example"]][-1].message()
    sender = received["From"].addresses[0]
    # Two operators on the installation: the one whose person decided writes, not the other.
    assert (sender.display_name, sender.addr_spec) == (
        "Programme Operator Ltd via vereinbar",
        "noreply@vereinbar.example.org",
    )
    assert str(received["Reply-To"]) == "office@op.example"
    assert str(received["Subject"]) == "Aanmelding niet goedgekeurd: Stichting Zorgzaam"
