"""A survey's last day ("You can answer until …") and a ranking list's day ("As of …") sit in a
sentence; written out with core's |long_date, the <time> element keeps them on one line, so a
phone never breaks them after the day."""

from __future__ import annotations

import datetime

import pytest
import time_machine
import yaml

from tests.surveys.test_ranking import PROGRAMME
from vereinbar.programmes.services import programme_load
from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.services.surveys import survey_close

pytestmark = pytest.mark.django_db


# The last day to answer, 31 March 2027, in the sentence that names it.
LAST_DAY_SENTENCES = [
    ("de", 'Sie können bis zum <time datetime="2027-03-31">31. März 2027</time> antworten.'),
    ("nl", 'U kunt antwoorden tot en met <time datetime="2027-03-31">31 maart 2027</time>.'),
]


@pytest.mark.parametrize(("language", "sentence"), LAST_DAY_SENTENCES)
def test_the_last_day_to_answer_is_one_word_in_its_sentence(client, make_survey, invite, language, sentence):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        survey = make_survey(SurveyStatus.OPEN, closes_on=datetime.date(2027, 3, 31))
        page = client.get(f"/{language}/s/{invite(survey, language=language)}/").content.decode()
    assert sentence in page


@pytest.mark.parametrize(("language", "sentence"), LAST_DAY_SENTENCES)
def test_a_printed_code_says_until_when_it_can_be_used(client, make_survey, coordinator, language, sentence):
    """A slip of paper handed out in a canteen is all a person without e-mail has of the survey."""
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        survey = make_survey(SurveyStatus.OPEN, closes_on=datetime.date(2027, 3, 31))
        client.force_login(coordinator)
        url = f"/de/workspace/{survey.organisation.slug}/surveys/{survey.pk}/codes/"
        page = client.post(url, {"count": 2, "language": language}).content.decode()
    sheet = page[page.index('<ul class="codes">') :]
    assert sheet.count(sentence) == 2


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("de", 'Stand: <time datetime="2027-03-01">1. März 2027</time>.'),
        ("nl", 'Peildatum: <time datetime="2027-03-01">1 maart 2027</time>.'),  # not "Stand van", a Germanism
    ],
)
def test_the_day_of_a_ranking_list_is_one_word_in_its_sentence(
    client, operator_org, instrument_version, language, sentence
):
    data = yaml.safe_load(PROGRAMME) | {"operator": operator_org.slug}
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename="ranked.yaml", trusted=True)
    assert outcome.version is not None, outcome
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        page = client.get(f"/{language}/rankings/test-ranked-index/")
    assert page.status_code == 200 and sentence in page.content.decode()


@pytest.mark.parametrize(
    ("language", "period"),
    [
        ("de", "ab 01.03.2027, kein Enddatum festgelegt"),
        ("nl", "vanaf 1-3-2027, geen einddatum ingesteld"),
    ],
)
def test_a_survey_without_a_last_day_says_so_instead_of_a_dash(client, make_survey, coordinator, language, period):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        survey = make_survey(SurveyStatus.OPEN)
    client.force_login(coordinator)
    page = client.get(f"/{language}/workspace/{survey.organisation.slug}/surveys/{survey.pk}/").content.decode()
    assert period in page and "– –" not in page


def test_a_closed_survey_without_a_last_day_ends_on_the_day_it_was_closed(client, make_survey, coordinator):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        survey = make_survey(SurveyStatus.OPEN)
    with time_machine.travel(datetime.datetime(2027, 3, 22, 10, 0, tzinfo=datetime.UTC), tick=False):
        survey_close(actor=coordinator, survey=survey)
    client.force_login(coordinator)
    page = client.get(f"/de/workspace/{survey.organisation.slug}/surveys/").content.decode()
    assert "01.03.2027 – 22.03.2027" in page and "kein Enddatum" not in page
