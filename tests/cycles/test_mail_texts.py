"""What the people of a cycle read in its mails: a stage or phase name that has quotation marks
of its own gets the inner pair inside the mail's quotes, and every mail says why it came and
where its reader changes the language of these messages (an absolute link to their account)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from tests.factories import UserFactory
from vereinbar.notifications.models import Notification
from vereinbar.notifications.outbox import mail_render, outbox_deliver
from vereinbar.notifications.services import notification_send

STAGES = {"de": "Re-Auditierung „Optimierung“", "nl": "Heraudit ‘optimalisatie’", "en": "Re-audit “optimisation”"}
NESTED = {"de": "„Re-Auditierung ‚Optimierung‘“", "nl": "‘Heraudit “optimalisatie”’", "en": "“Re-audit ‘optimisation’”"}
PHASES = {"de": "Workshop „Zukunft“", "nl": "Workshop ‘toekomst’"}
PHASE_SUBJECTS = {"de": "Phase geöffnet: „Workshop ‚Zukunft‘“ – X", "nl": "Stap open: ‘Workshop “toekomst”’ – X"}


def _cycle(stage: str) -> dict:
    return {"version": {"title_text": "audit berufundfamilie"}, "stage": stage}


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_a_stage_name_with_its_own_quotes_gets_the_inner_pair(language):
    _, body = mail_render(
        language=language,
        template="cycles/mail/cycle_renewed",
        context={"cycle": _cycle(STAGES[language]), "organisation": "X", "path": "/x/"},
    )
    assert NESTED[language] in body


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_phase_name_with_its_own_quotes_gets_the_inner_pair_in_the_subject(language):
    subject, _ = mail_render(
        language=language,
        template="cycles/mail/phase_opened",
        context={"cycle": _cycle("S"), "organisation": "X", "run": PHASES[language], "path": "/x/"},
    )
    assert subject == PHASE_SUBJECTS[language]


def test_an_apostrophe_in_a_dutch_name_stays_an_apostrophe():
    _, body = mail_render(
        language="nl",
        template="cycles/mail/phase_returned",
        context={"cycle": _cycle("S"), "organisation": "X", "run": "Cao’s bespreken", "path": "/x/"},
    )
    assert "‘Cao’s bespreken’" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "why", "where"),
    [
        (
            "de",
            "weil Sie an diesem Programm beteiligt sind.",
            "Die Sprache dieser Nachrichten können Sie in Ihrem Konto ändern",
        ),
        ("nl", "omdat u deelneemt aan dit programma.", "De taal van deze berichten kunt u wijzigen in uw account"),
    ],
)
def test_a_cycle_mail_says_why_it_came_and_links_to_the_account_for_its_language(settings, language, why, where):
    settings.SITE_URL = "https://vereinbar.example.org"
    user = UserFactory(full_name="Lisa Leer", preferred_language=language)
    notification_send(
        recipients=[(user, f"/{language}/x/")],
        event="cycle_completed",
        template="cycles/mail/cycle_completed",
        context={"cycle": _cycle("S"), "organisation": "Landkreis Leer"},
    )
    outbox_deliver()
    lines = mail.outbox[-1].body.splitlines()
    assert lines[-3] == "-- " and lines[-2].endswith(why)
    assert lines[-1] == f"{where}: https://vereinbar.example.org/{language}/accounts/"
    assert where not in Notification.objects.get(user=user).body  # the inbox item is read in the account


class _Run:
    """A phase run as the mail templates read it."""

    def __init__(self, title: str, *, deliverable: str, accepted_by: str = "", due_on=None):
        self.title, self.due_on = title, due_on
        self.phase = {"deliverable": deliverable, "accepted_by": accepted_by}

    def __str__(self) -> str:
        return self.title


NEXT_STEPS = {
    # (deliverable, accepted_by): the sentence in German, in Dutch
    ("target_agreement", "auditor"): (
        "Bitte bearbeiten Sie die Phase und reichen Sie sie zur Prüfung ein, sobald sie fertig ist.",
        "Werk de stap uit en dien hem in voor beoordeling zodra hij klaar is.",
    ),
    ("workshop", ""): (
        "Bitte bearbeiten Sie die Phase und markieren Sie sie als erledigt, sobald sie abgeschlossen ist.",
        "Werk de stap uit en markeer hem als afgerond zodra hij klaar is.",
    ),
    ("decision", ""): (
        "Bitte treffen Sie die Entscheidung auf der Seite der Phase.",
        "Neem het besluit op de pagina van de stap.",
    ),
}


@pytest.mark.parametrize("template", ["cycles/mail/phase_opened", "cycles/mail/reminder_phase_due"])
@pytest.mark.parametrize(("deliverable", "accepted_by"), list(NEXT_STEPS))
@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_phase_mail_says_what_to_do_next(template, deliverable, accepted_by, language):
    run = _Run("Workshop", deliverable=deliverable, accepted_by=accepted_by, due_on=date(2027, 3, 1))
    _, body = mail_render(
        language=language,
        template=template,
        context={"cycle": _cycle("S"), "organisation": "X", "run": run, "path": "/x/"},
    )
    first_paragraph = body.split("\n\n")[1]
    assert first_paragraph.endswith(" " + NEXT_STEPS[deliverable, accepted_by][language == "nl"])


def test_a_survey_phase_mail_promises_no_step_the_platform_takes():
    run = _Run("Befragung", deliverable="survey", accepted_by="auditor", due_on=date(2027, 3, 1))
    _, body = mail_render(
        language="de",
        template="cycles/mail/phase_opened",
        context={"cycle": _cycle("S"), "organisation": "X", "run": run, "path": "/x/"},
    )
    assert body.split("\n\n")[1].endswith("Sie ist fällig am 1. März 2027.")


NAMED = {
    # template: the sentence that names the programme and the cycle, in Dutch
    "cycles/mail/auditor_assigned": "in het programma audit berufundfamilie (werk en gezin), traject ‘Audit’.",
    "cycles/mail/cycle_applied": "aan het programma audit berufundfamilie (werk en gezin), traject ‘Audit’. Accepteer",
    "cycles/mail/cycle_grant": "van het programma audit berufundfamilie (werk en gezin), traject ‘Audit’, is toegekend",
    "cycles/mail/cycle_refuse": "van het programma audit berufundfamilie (werk en gezin), traject ‘Audit’, is niet",
    "cycles/mail/desk_reminder": "van het programma audit berufundfamilie (werk en gezin), traject ‘Audit’, aan X:",
    "cycles/mail/due_extended": "in het programma audit berufundfamilie (werk en gezin), traject ‘Audit’, verlengd",
}


@pytest.mark.parametrize("template", list(NAMED))
def test_a_programme_title_in_brackets_is_not_followed_by_the_cycle_in_brackets(template):
    cycle = {"version": {"title_text": "audit berufundfamilie (werk en gezin)"}, "stage": "Audit"}
    context = {"cycle": cycle, "organisation": "X", "decision": {"level": "", "comment": "R"}, "path": "/x/"}
    _, body = mail_render(
        language="nl", template=template, context={**context, "message": "M", "due_on": date(2027, 3, 1)}
    )
    assert NAMED[template] in body
    assert ") (" not in body


def test_the_cycle_in_a_german_programme_mail_is_named_in_german_quotes():
    _, body = mail_render(
        language="de",
        template="cycles/mail/cycle_applied",
        context={"cycle": _cycle("Re-Auditierung „Optimierung“"), "organisation": "X", "path": "/x/"},
    )
    assert "Programm audit berufundfamilie, Durchlauf „Re-Auditierung ‚Optimierung‘“, beworben." in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("de", "Phase abgeschlossen: „Auditor's report“ – Kreis Musterstadt"),
        ("nl", "Stap afgerond: ‘Auditor's report’ – Kreis Musterstadt"),
    ],
)
def test_a_phase_the_auditor_completes_without_review_is_told_to_the_coordinator_as_completed(
    audit, open_cycle, parties, language, subject
):
    from tests.cycles.helpers import drive
    from vereinbar.notifications.models import OutgoingMail

    parties["coordinator"].preferred_language = language
    parties["coordinator"].save(update_fields=["preferred_language"])
    drive(open_cycle(audit), parties, stop_before="decision")  # the auditor's report has no acceptor
    told = OutgoingMail.objects.filter(subject__contains="Auditor's report")
    assert list(told.values_list("to", "subject")) == [(parties["coordinator"].email, subject)]


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "de",
            "Die Auszeichnung B-2026-7 ist bis zum 5. Dezember 2029 gültig; das Zertifikat finden Sie auf der Seite",
        ),
        ("nl", "De erkenning B-2026-7 is geldig tot en met 5 december 2029; het certificaat staat op de pagina"),
    ],
)
def test_the_grant_mail_gives_the_award_s_number_validity_and_where_its_certificate_is(language, sentence):
    award = {"number": "B-2026-7", "valid_until": date(2029, 12, 5)}
    _, body = mail_render(
        language=language,
        template="cycles/mail/cycle_grant",
        context={"cycle": _cycle("S"), "organisation": "X", "decision": {"level": ""}, "award": award, "path": "/x/"},
    )
    assert sentence in body


@pytest.mark.django_db
def test_the_board_s_grant_is_mailed_with_the_award_it_made(audit, open_cycle, parties):
    from django.utils import formats, translation

    from tests.cycles.helpers import drive
    from vereinbar.certificates.models import Award
    from vereinbar.notifications.models import OutgoingMail

    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    award = Award.objects.get(cycle=cycle)
    assert award.valid_until is not None
    with translation.override("de"):
        until = formats.date_format(award.valid_until, "DATE_FORMAT")
    granted = OutgoingMail.objects.get(to=parties["coordinator"].email, subject__contains="erteilt")
    assert f"Das Zertifikat {award.number} ist bis zum {until} gültig" in granted.body
