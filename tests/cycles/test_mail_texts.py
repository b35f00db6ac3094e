"""What the people of a cycle read in its mails: a stage or phase name that has quotation marks
of its own gets the inner pair inside the mail's quotes, and every mail says why it came and
where its reader changes the language of these messages (an absolute link to their account)."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import UserFactory
from vereinbar.notifications.models import Notification
from vereinbar.notifications.outbox import mail_render, outbox_deliver
from vereinbar.notifications.services import notification_send

STAGES = {"de": "Re-Auditierung „Optimierung“", "nl": "Heraudit ‘optimalisatie’", "en": "Re-audit “optimisation”"}
NESTED = {"de": "„Re-Auditierung ‚Optimierung‘“", "nl": "‘Heraudit “optimalisatie”’", "en": "“Re-audit ‘optimisation’”"}
PHASES = {"de": "Workshop „Zukunft“", "nl": "Workshop ‘toekomst’"}
PHASE_SUBJECTS = {"de": "X: „Workshop ‚Zukunft‘“ ist geöffnet", "nl": "X: ‘Workshop “toekomst”’ is open"}


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
