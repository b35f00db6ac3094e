"""The survey reminder as each participant receives it: after the salutation German goes on in
lower case, Dutch and English with a capital, whether the title says it is a survey or not."""

from __future__ import annotations

import pytest
from django.core import mail

from vereinbar.surveys.services.invitations import invitations_import, invitations_remind

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = (
    "E-Mail;Einheit;Sprache\nanna@example.org;Personal;de\njan@example.nl;Jugendamt;nl\neve@example.com;Personal;en\n"
)
TITLES = {"de": "Arbeit & Pflege 2027", "nl": "Werk & Zorg 2027", "en": "Work & Care 2027"}
SURVEY_TITLES = {"de": "Beschäftigtenbefragung 2027", "nl": "Medewerkersonderzoek 2027", "en": "Staff survey 2027"}
STARTS = {
    "de": ("Guten Tag,", "dies ist eine freundliche Erinnerung"),
    "nl": ("Hallo,", "Dit is een vriendelijke herinnering"),
    "en": ("Hello,", "This is a friendly reminder"),
}


@pytest.mark.parametrize("titles", [TITLES, SURVEY_TITLES])
def test_the_reminder_goes_on_after_the_greeting_as_each_language_writes(make_survey, coordinator, titles):
    survey = make_survey(
        "open", languages=["de", "nl", "en"], title=titles["de"], titles={"nl": titles["nl"], "en": titles["en"]}
    )
    invitations_import(actor=coordinator, survey=survey, raw=STAFF.encode(), default_language="de")
    mail.outbox.clear()
    invitations_remind(actor=coordinator, survey=survey)
    received = {message.extra_headers["Content-Language"]: message.body for message in mail.outbox}
    assert set(received) == {"de", "nl", "en"}
    for language, body in received.items():
        greeting, then = STARTS[language]
        paragraphs = body.strip().split("\n\n")
        assert paragraphs[0] == greeting
        assert paragraphs[1].startswith(then), paragraphs[1]
        assert f"{titles[language]}" in paragraphs[1]
