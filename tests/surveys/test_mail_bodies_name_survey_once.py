"""The invitation and reminder a participant receives read naturally whatever the survey's title:
a title that already says it is a survey ("Medewerkersonderzoek 2027") stands alone ("nodigt u
uit om mee te doen aan ‘Medewerkersonderzoek 2027’"), not behind "het medewerkersonderzoek"
again; another title ("Werk & Zorg 2027") is introduced as the staff survey it is. Read as
received: the whole plain text and its HTML part, in German and Dutch."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from vereinbar.surveys.services.invitations import invitations_import, invitations_remind

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = "E-Mail;Einheit;Sprache\nanna@example.org;Personal;de\njan@example.nl;Jugendamt;nl\n"
# The words for a survey each mail may say once: in the title, not again before it.
SURVEY_WORDS = {"de": r"befragung|umfrage", "nl": r"onderzoek|enquête"}


def _received(survey, coordinator) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(subject, plain text, HTML part) by (kind, language) of the mails as sent."""
    received = {}
    for kind, send in (
        (
            "invitation",
            lambda: invitations_import(actor=coordinator, survey=survey, raw=STAFF.encode(), default_language="de"),
        ),
        ("reminder", lambda: invitations_remind(actor=coordinator, survey=survey)),
    ):
        mail.outbox.clear()
        send()
        for message in mail.outbox:
            language = "de" if message.to[0].endswith(".org") else "nl"
            html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
            received[(kind, language)] = (message.subject, message.body, html)
    return received


def _paragraphs(text: str) -> list[str]:
    return [" ".join(paragraph.split()) for paragraph in text.strip().split("\n\n")]


def _text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1]).split())


def test_a_title_that_says_it_is_a_survey_stands_alone_in_the_bodies(make_survey, coordinator, employer_org):
    survey = make_survey(
        "open", languages=["de", "nl"], title="Beschäftigtenbefragung 2027", titles={"nl": "Medewerkersonderzoek 2027"}
    )
    received = _received(survey, coordinator)
    org = employer_org.name
    expected = {
        ("invitation", "de"): f"{org} lädt Sie zur Teilnahme ein: „Beschäftigtenbefragung 2027“.",
        ("invitation", "nl"): f"{org} nodigt u uit om mee te doen aan ‘Medewerkersonderzoek 2027’.",
        ("reminder", "de"): f"dies ist eine freundliche Erinnerung von {org}: „Beschäftigtenbefragung 2027“ läuft noch."
        " Sie erhalten diese Erinnerung, weil mit Ihrem persönlichen Link noch keine Antworten abgesendet wurden.",
        ("reminder", "nl"): f"Dit is een vriendelijke herinnering van {org}: ‘Medewerkersonderzoek 2027’ loopt nog."
        " U krijgt deze e-mail omdat met uw persoonlijke link nog geen antwoorden zijn ingestuurd.",
    }
    assert set(received) == set(expected)
    for (kind, language), (subject, body, html) in received.items():
        paragraphs = _paragraphs(body)
        assert paragraphs[0] == {"de": "Guten Tag,", "nl": "Hallo,"}[language]
        assert paragraphs[1].startswith(expected[(kind, language)]), paragraphs[1]
        for text in (subject, body, _text_of(html)):
            assert len(re.findall(SURVEY_WORDS[language], text, flags=re.IGNORECASE)) == 1, text
        assert expected[(kind, language)].split(":")[0] in _text_of(html)


def test_a_title_that_does_not_say_it_is_introduced_as_the_staff_survey(make_survey, coordinator, employer_org):
    survey = make_survey(
        "open", languages=["de", "nl"], title="Arbeit & Pflege 2027", titles={"nl": "Werk & Zorg 2027"}
    )
    received = _received(survey, coordinator)
    org = employer_org.name
    assert _paragraphs(received[("invitation", "de")][1])[1] == (
        f"{org} lädt Sie ein, an der Beschäftigtenbefragung „Arbeit & Pflege 2027“ teilzunehmen."
    )
    assert _paragraphs(received[("invitation", "nl")][1])[1] == (
        f"{org} nodigt u uit om mee te doen aan het medewerkersonderzoek ‘Werk & Zorg 2027’."
    )
    assert _paragraphs(received[("reminder", "de")][1])[1].startswith(
        f"dies ist eine freundliche Erinnerung an die Beschäftigtenbefragung „Arbeit & Pflege 2027“ von {org}."
    )
    assert _paragraphs(received[("reminder", "nl")][1])[1].startswith(
        f"Dit is een vriendelijke herinnering aan het medewerkersonderzoek ‘Werk & Zorg 2027’ van {org}."
    )
    # the rest of the mail as before: the personal link, anonymity, thanks
    for (_kind, language), (_subject, body, html) in received.items():
        assert f"/{language}/s/" in body and f"/{language}/s/" in html
        assert _paragraphs(body)[-1] == {"de": "Vielen Dank!", "nl": "Bedankt!"}[language]
