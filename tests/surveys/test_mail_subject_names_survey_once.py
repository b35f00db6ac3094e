"""A survey's invitation and reminder name it a staff survey once: a title that already begins
that way ("Medewerkersonderzoek 2027") or has a word for a survey in it ("Onderzoek werkdruk") is
not put behind "Medewerkersonderzoek:" again, in the language of each mail; another title keeps
the prefix. The bodies: test_mail_bodies_name_survey_once.py."""

from __future__ import annotations

import pytest
from django.core import mail

from vereinbar.surveys.services.invitations import invitations_import, invitations_remind, title_names_survey

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = "E-Mail;Einheit;Sprache\nanna@example.org;Personal;de\njan@example.nl;Jugendamt;nl\n"


def _subjects(survey, coordinator) -> dict[str, tuple[str, str]]:
    """(invitation subject, reminder subject) by recipient."""
    invitations_import(actor=coordinator, survey=survey, raw=STAFF.encode(), default_language="de")
    invited = {message.to[0]: message.subject for message in mail.outbox}
    mail.outbox.clear()
    invitations_remind(actor=coordinator, survey=survey)
    return {message.to[0]: (invited[message.to[0]], message.subject) for message in mail.outbox}


def test_a_title_that_begins_with_the_subjects_prefix_is_not_prefixed_again(make_survey, coordinator):
    survey = make_survey(
        "open",
        languages=["de", "nl"],
        title="Beschäftigtenbefragung 2027",
        titles={"nl": "medewerkersonderzoek 2027"},
    )
    subjects = _subjects(survey, coordinator)
    assert subjects["anna@example.org"] == (
        "Einladung: „Beschäftigtenbefragung 2027“",
        "Erinnerung: „Beschäftigtenbefragung 2027“",
    )
    assert subjects["jan@example.nl"] == (
        "Uitnodiging: ‘medewerkersonderzoek 2027’",
        "Herinnering: ‘medewerkersonderzoek 2027’",
    )


def test_a_title_that_says_otherwise_what_it_is_keeps_the_prefix(make_survey, coordinator):
    survey = make_survey(
        "open", languages=["de", "nl"], title="Arbeit & Pflege 2027", titles={"nl": "Werk & Zorg 2027"}
    )
    subjects = _subjects(survey, coordinator)
    assert subjects["anna@example.org"] == (
        "Einladung zur Beschäftigtenbefragung „Arbeit & Pflege 2027“",
        "Erinnerung: Beschäftigtenbefragung „Arbeit & Pflege 2027“",
    )
    assert subjects["jan@example.nl"] == (
        "Uitnodiging voor het medewerkersonderzoek ‘Werk & Zorg 2027’",
        "Herinnering: medewerkersonderzoek ‘Werk & Zorg 2027’",
    )


@pytest.mark.parametrize(
    ("title", "language", "named"),
    [
        ("Mitarbeitendenbefragung 2027", "de", True),  # another common German word for it
        ("MITARBEITERBEFRAGUNG 2027", "de", True),
        ("Medewerkersonderzoek 2027", "nl", True),
        ("Medewerkersenquête 2027", "nl", True),
        ("Staff survey 2027", "en", True),
        ("Medewerkersonderzoek 2027", "de", False),  # a Dutch word in a German mail
        ("Befragung zur Vereinbarkeit", "de", True),  # a word for a survey anywhere in it
        ("Vereinbarkeitsumfrage 2027", "de", True),
        ("Onderzoek werkdruk", "nl", True),
        ("Werkdrukenquête", "nl", True),
        ("Arbeit & Pflege 2027", "de", False),
        ("Werk & Zorg 2027", "nl", False),
    ],
)
def test_the_words_that_name_a_staff_survey_are_those_of_the_mails_language(title, language, named):
    assert title_names_survey(title, language) is named
