"""Survey mails in the outbox never join a person to a link: a waiting mail stores neither
address nor token (it points to the invitation and is rebuilt when sent), a sent one forgets
even the invitation, and closing the survey or deleting the invitation deletes what waits.
Inviting many people returns at once; the survey page shows how far the mailing has got."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db.models import Model

from vereinbar.notifications.models import MailStatus, OutgoingMail
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.surveys import tokens
from vereinbar.surveys.models import SurveyInvitation
from vereinbar.surveys.selectors import invitations_progress
from vereinbar.surveys.services.answering import draft_submit, token_open
from vereinbar.surveys.services.invitations import invitations_import, invitations_remind
from vereinbar.surveys.services.surveys import survey_close

pytestmark = pytest.mark.django_db

STAFF = "E-Mail;Einheit;Sprache\nanna.mueller@example.org;Personal;de\njan@example.nl;Jugendamt;nl\nsam@example.com;Bauamt;en\n"
EMAILS = ["anna.mueller@example.org", "jan@example.nl", "sam@example.com"]
LINK = re.compile(r"/(de|nl|en)/s/([0-9a-f]{40})/")


def _secrets(survey) -> list[str]:
    """Each invited address, its link token and the token's hash: what must not sit together."""
    found = []
    for invitation in SurveyInvitation.objects.filter(survey=survey).exclude(email=""):
        token = tokens.email_token(invitation.nonce)
        found += [invitation.email, token, tokens.token_hash(token), tokens.draft_key(token), invitation.nonce]
    return found


def _outbox_text() -> str:
    """Every column of every outbox row, as text."""
    return repr([_row(mail) for mail in OutgoingMail.objects.all()])


def _row(instance: Model) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def _invite(survey, coordinator):
    return invitations_import(actor=coordinator, survey=survey, raw=STAFF.encode(), default_language="de")


def test_a_waiting_invitation_mail_stores_no_address_and_no_link(open_survey, coordinator):
    _invite(open_survey, coordinator)  # no commit here: the rows wait, unsent
    rows = list(OutgoingMail.objects.all())
    assert len(rows) == 3 and all(row.status == MailStatus.QUEUED for row in rows)
    assert all((row.to, row.subject, row.body) == ("", "", "") for row in rows)
    secrets = _secrets(open_survey)
    assert len(secrets) == 15
    text = _outbox_text()
    assert not [secret for secret in secrets if secret in text]


def test_the_mail_is_rebuilt_when_sent_and_the_sent_row_forgets_the_invitation(open_survey, coordinator):
    _invite(open_survey, coordinator)
    secrets = _secrets(open_survey)
    assert outbox_deliver() == 3
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == EMAILS
    language, token = LINK.search(by_recipient["jan@example.nl"].body).groups()
    assert language == "nl" and by_recipient["jan@example.nl"].extra_headers["Content-Language"] == "nl"
    assert SurveyInvitation.objects.get(email="jan@example.nl").token_hash == tokens.token_hash(token)
    rows = list(OutgoingMail.objects.all())
    assert all(row.status == MailStatus.SENT and row.survey_invitation_id is None for row in rows)
    text = _outbox_text()
    assert not [secret for secret in secrets if secret in text]


def test_closing_the_survey_deletes_the_mails_still_waiting(open_survey, coordinator):
    _invite(open_survey, coordinator)
    survey_close(actor=coordinator, survey=open_survey)
    assert not OutgoingMail.objects.exists()
    assert outbox_deliver() == 0 and mail.outbox == []


def test_deleting_an_invitation_deletes_its_waiting_mail(open_survey, coordinator):
    _invite(open_survey, coordinator)
    SurveyInvitation.objects.get(email="jan@example.nl").delete()
    assert OutgoingMail.objects.count() == 2
    outbox_deliver()
    assert sorted(message.to[0] for message in mail.outbox) == ["anna.mueller@example.org", "sam@example.com"]


def test_a_reminder_waiting_for_someone_who_has_answered_meanwhile_is_not_sent(open_survey, coordinator):
    _invite(open_survey, coordinator)
    outbox_deliver()
    jan = next(LINK.search(m.body).group(2) for m in mail.outbox if m.to == ["jan@example.nl"])
    mail.outbox.clear()
    invitations_remind(actor=coordinator, survey=open_survey)
    draft_submit(opened=token_open(raw_token=jan))
    assert outbox_deliver() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["anna.mueller@example.org", "sam@example.com"]
    assert "jan@example.nl" not in _outbox_text()


def test_inviting_returns_at_once_and_the_page_shows_how_far_the_mailing_has_got(
    settings, login, coordinator, open_survey, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # A worker that has not run yet: enqueued tasks wait.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client = login(coordinator)
    base = f"/de/workspace/kreis-musterstadt/surveys/{open_survey.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{base}invitations/",
            {"file": SimpleUploadedFile("staff.csv", STAFF.encode()), "language": "de"},
        )
    assert response.status_code == 302 and mail.outbox == []
    page = client.get(base).content.decode()
    assert "Versand läuft: 0 von 3 E-Mails gesendet." in page
    assert f'hx-get="{base}mail-progress/"' in page
    assert invitations_progress(survey=open_survey)[1].waiting == 3

    outbox_deliver()
    fragment = client.get(f"{base}mail-progress/").content.decode()
    assert "Letzter Versand: 3 von 3 E-Mails gesendet." in fragment
    assert "hx-get" not in fragment  # done: the page stops asking
    assert len(mail.outbox) == 3


def test_the_mailing_progress_is_only_for_who_manages_the_survey(login, contributor, open_survey):
    response = login(contributor).get(f"/de/workspace/kreis-musterstadt/surveys/{open_survey.pk}/mail-progress/")
    assert response.status_code == 403


def test_the_survey_page_names_its_languages_in_the_readers_language(login, coordinator, open_survey):
    client = login(coordinator)
    page = client.get(f"/de/workspace/kreis-musterstadt/surveys/{open_survey.pk}/").content.decode()
    assert "Deutsch, Niederländisch, Englisch" in page
    page = client.get(f"/nl/workspace/kreis-musterstadt/surveys/{open_survey.pk}/").content.decode()
    assert "Duits, Nederlands, Engels" in page


def test_a_language_django_does_not_know_is_shown_as_its_code():
    from django.utils import translation

    from vereinbar.core.templatetags.country_names import language_name_or_code as language_name

    with translation.override("de"):
        assert (language_name("nl"), language_name("xx"), language_name("")) == ("Niederländisch", "xx", "")


def test_a_reminder_after_a_change_of_the_secret_repeats_the_link_first_mailed(open_survey, coordinator, settings):
    _invite(open_survey, coordinator)
    outbox_deliver()
    first = {m.to[0]: LINK.search(m.body).group(2) for m in mail.outbox}
    mail.outbox.clear()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the installation's new secret"

    invitations_remind(actor=coordinator, survey=open_survey)
    outbox_deliver()

    again = {m.to[0]: LINK.search(m.body).group(2) for m in mail.outbox}
    assert again == first
    assert token_open(raw_token=again["jan@example.nl"]) is not None


def test_no_reminder_with_a_link_that_cannot_work_when_the_old_secret_is_not_kept(open_survey, coordinator, settings):
    _invite(open_survey, coordinator)
    outbox_deliver()
    mail.outbox.clear()
    settings.SECRET_KEY = "the installation's new secret"  # the old one not among the fallbacks

    invitations_remind(actor=coordinator, survey=open_survey)
    outbox_deliver()

    assert mail.outbox == []
