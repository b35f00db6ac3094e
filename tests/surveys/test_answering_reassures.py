"""What the answering pages tell a respondent on a phone: the anonymity promise with this
survey's figures and how long it is; answers to correct listed first, each leading to its
question; and how to come back later, which differs for a shared code."""

from __future__ import annotations

import re

import pytest

from vereinbar.surveys.models import ResponseDraft
from vereinbar.surveys.services.surveys import survey_open_link_set

pytestmark = pytest.mark.django_db


def _about_you(survey) -> int:
    return next(i for i, s in enumerate(survey.instrument_version.spec.sections, 1) if s.key == "about_you")


def test_the_welcome_page_names_this_surveys_group_sizes_and_its_length(client, make_survey, invite):
    survey = make_survey("open", min_group_size=6, min_group_size_comments=12)
    spec = survey.instrument_version.spec
    page = client.get(f"/de/s/{invite(survey)}/").content.decode()
    # the questionnaire's consent states the rule; the page adds this survey's figures, once
    assert "Mindestgruppengröße in dieser Befragung: 6 Personen für Ergebnisse, 12 für schriftliche Kommentare." in page
    assert page.count("nur für Gruppen") == 1
    assert f"{len(spec.items)} Fragen auf {len(spec.sections)} Seiten" in page
    # the progress bar then counts one step more than pages: the welcome page says why
    assert "In einem letzten Schritt senden Sie sie ab." in page
    nl = client.get(f"/nl/s/{invite(survey, language='nl')}/").content.decode()
    assert (
        "6 personen voor resultaten, 12 voor" in nl and f"{len(spec.items)} vragen op {len(spec.sections)} pagina" in nl
    )
    assert "In een laatste stap verstuurt u ze." in nl


def test_the_questionnaire_name_is_not_repeated_under_a_survey_title_that_is_the_same(client, make_survey, invite):
    survey = make_survey("open", title="Befragung zur Vereinbarkeit von Beruf, Familie und Pflege")
    page = client.get(f"/de/s/{invite(survey)}/").content.decode()
    assert page.count("Befragung zur Vereinbarkeit von Beruf, Familie und Pflege</") == 1
    other = make_survey("open", title="Mitarbeitendenbefragung 2026")
    page = client.get(f"/de/s/{invite(other)}/").content.decode()
    assert "<h1>Mitarbeitendenbefragung 2026</h1>" in page
    assert "Befragung zur Vereinbarkeit von Beruf, Familie und Pflege</p>" in page


def test_answers_to_correct_are_listed_first_each_leading_to_its_question(client, open_survey, invite):
    token = invite(open_survey)
    response = client.post(f"/nl/s/{token}/", {"page": _about_you(open_survey), "go": "next", "q-care_hours": "500"})
    page = response.content.decode()
    summary = page[page.index("survey-errors") : page.index("</ul>", page.index("survey-errors"))]
    assert "autofocus" in summary and 'role="alert"' in summary
    # the question, then its error after a dash: no colon after the question's own question mark
    link = re.search(r'<a href="#([^"]+)">([^<]+)</a> – ([^<]+)</li>', summary)
    assert link is not None and link.group(2) == "Hoeveel uur per week besteedt u ongeveer aan zorg voor naasten?"
    assert "?</a>:" not in summary
    assert "100" in link.group(3)
    assert f'id="{link.group(1)}"' in page and 'value="500"' in page
    assert page.index("survey-errors") < page.index("<h2>Over uw situatie</h2>")
    assert ResponseDraft.objects.get().answers == {}


def test_saving_for_later_says_how_to_come_back(client, open_survey, invite, coordinator):
    saved = client.post(f"/de/s/{invite(open_survey)}/", {"page": 1, "go": "later"}, follow=True).content.decode()
    assert "mit demselben Link oder Code fortfahren" in saved
    survey_open_link_set(actor=coordinator, survey=open_survey, enabled=True)
    open_survey.refresh_from_db()
    personal = client.post("/de/s/", {"code": open_survey.open_code})["Location"]
    saved = client.post(personal, {"page": 1, "go": "later"}, follow=True).content.decode()
    assert (
        "die Adresse dieser Seite" in saved
        and "Der gemeinsame Zugangscode würde einen neuen Fragebogen beginnen" in saved
    )
    assert "mit demselben Link oder Code" not in saved


@pytest.mark.parametrize(("language", "text"), [("de", "Willkommen zurück"), ("nl", "Welkom terug")])
def test_coming_back_by_the_link_says_the_earlier_answers_are_kept(client, make_survey, invite, language, text):
    """Saved on page 2 and opened again by the link alone: the page says where the person goes
    on and that nothing was lost; a page reached by going on or back says nothing of it."""
    survey = make_survey("open")
    token = invite(survey, language=language)
    client.post(f"/{language}/s/{token}/", {"page": "0", "go": "next"})
    client.post(f"/{language}/s/{token}/", {"page": "1", "go": "next"})
    client.post(f"/{language}/s/{token}/", {"page": "2", "go": "later"}, follow=True)  # with the "saved" notice
    back = client.get(f"/{language}/s/{token}/").content.decode()
    assert text in back and 'value="2"' in back
    assert text not in client.get(f"/{language}/s/{token}/?page=2").content.decode()
