"""A questionnaire's texts shown in another language than the page's (the questionnaire has none
in the page's) carry that language in ``lang``, so that a screen reader pronounces a German
scale title on a Dutch results page in German; texts of the page itself are not marked."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from vereinbar.surveys.answer_forms import PageForm
from vereinbar.surveys.instrument import InstrumentSpec
from vereinbar.surveys.services.instruments import instrument_load
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open

from .conftest import ALL_SCALES, SHIPPED, UNITS

pytestmark = pytest.mark.django_db


def _without(node: Any, language: str) -> Any:
    """The instrument definition with every text in ``language`` left out."""
    if isinstance(node, dict):
        return {key: _without(value, language) for key, value in node.items() if key != language}
    if isinstance(node, list):
        return [_without(value, language) for value in node if value != language]
    return node


@pytest.fixture
def german_and_english():
    definition = _without(yaml.safe_load(SHIPPED.read_text(encoding="utf-8")), "nl")
    definition["id"] = "urn:vereinbar:instrument:work-family-care-de-en"
    raw = yaml.safe_dump(definition, allow_unicode=True, sort_keys=False)
    return instrument_load(raw=raw, filename="work-family-care-de-en.yaml").version


@pytest.fixture
def results_in(german_and_english, coordinator, employer_org, respond, login):
    survey = survey_create(
        actor=coordinator,
        organisation=employer_org,
        instrument_version=german_and_english,
        title="Befragung 2026",
        languages=["de", "en"],
        units=UNITS,
    )
    survey_open(actor=coordinator, survey=survey)
    respond(survey, "Jugendamt", count=8, **dict.fromkeys(ALL_SCALES, 4))
    respond(survey, "Bauamt", count=8, **dict.fromkeys(ALL_SCALES, 2))
    survey_close(actor=coordinator, survey=survey)
    client = login(coordinator)

    def get(language: str) -> str:
        url = reverse("surveys:report", args=[employer_org.slug, survey.pk]).replace("/en/", f"/{language}/", 1)
        return client.get(url).content.decode()

    return get


def test_a_dutch_results_page_marks_the_german_questionnaire_texts(results_in):
    page = results_in("nl")
    profile = page[page.index('id="profile-heading"') : page.index("</table>", page.index('id="profile-heading"'))]
    assert 'role="rowheader"><span lang="de">Vereinbarkeitskultur</span>' in profile
    # The page's own texts are Dutch and unmarked.
    assert '<h2 id="profile-heading">Schaalprofiel</h2>' in page
    # The units' table heads name the scales in German, marked; a unit's name is not an instrument text.
    units = page[page.index('id="units-heading"') :].replace("\u00ad", "")
    assert 'role="columnheader"><span lang="de">Vereinbarkeitskultur</span>' in units
    assert '<span lang="de">Jugendamt' not in page


def test_a_results_page_in_a_language_of_the_questionnaire_marks_nothing(results_in):
    page = results_in("en")
    assert "Culture of reconciliation" in page
    assert '<span lang="' not in page.split('id="profile-heading"', 1)[1]


def test_a_question_without_the_pages_language_is_marked_with_its_own():
    definition = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    section = definition["sections"][1]
    item = section["items"][0]
    del item["text"]["nl"]  # as if the Dutch translation of one question were missing
    answers = definition["answer_sets"][item["answers"]] if item["kind"] == "likert" else None
    if answers is not None:
        del answers["labels"]["nl"]
    spec = InstrumentSpec.from_definition(definition)
    with translation.override("nl"):
        html = str(PageForm(spec=spec, section=spec.sections[1], language="nl", saved={}))
    german = item["text"]["de"]
    assert f'<span lang="de">{german}</span></legend>' in html  # no ":" after its full stop
    if answers is not None:
        first_label = answers["labels"]["de"][0]
        assert f'<span lang="de">{first_label}</span>' in html
    # "No answer" is the page's own text, in Dutch and unmarked; the next question is Dutch too.
    assert "Geen antwoord" in html and '<span lang="de">Geen antwoord' not in html
    other = section["items"][1]["text"]["nl"]
    assert other in html and f'<span lang="de">{other}' not in html
