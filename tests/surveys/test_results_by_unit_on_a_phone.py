"""Results by unit as the coordinator reads them, on a phone too: every shown mean is printed on
the heat map's colour for how favourable it is (a high strain is unfavourable), a unit below the
minimum group size shows no figure and says why once; the settings form keeps its dates in
German; the reminder page of a closed survey does not count people to remind."""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr class="kern-table__row" role="row"><th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', re.S)
CELL = re.compile(r'<td class="([^"]*)"[^>]*data-label="([^"]*)"[^>]*>(.*?)</td>', re.S)


def _units_section(page: str) -> str:
    start = page.index('aria-labelledby="units-heading"')
    return page[start : page.index("</section>", start)]


def _rows(section: str) -> dict[str, str]:
    return {html.unescape(label).replace("\u00ad", ""): cells for label, cells in ROW.findall(section)}


@pytest.fixture
def results_page(make_survey, respond, coordinator, login):
    """The English results page of a closed survey: Jugendamt and Bauamt answered high on every
    item (high strain too), Verwaltung low, Verwaltung / Finanzen by only 2 people (k = 5)."""
    survey = make_survey(SurveyStatus.OPEN)
    high = dict.fromkeys(ALL_SCALES, 5) | {"age_band": 2, "cares_for_relative": 1}
    low = dict.fromkeys(ALL_SCALES, 1) | {"age_band": 2, "cares_for_relative": 1}
    respond(survey, "Jugendamt", count=8, **high)
    respond(survey, "Bauamt", count=8, **high)
    respond(survey, "Personal", count=8, **low)
    respond(survey, "Finanzen", count=2, **low)
    survey_close(actor=coordinator, survey=survey)
    client = login(coordinator)
    return client.get(reverse("surveys:report", args=[survey.organisation.slug, survey.pk])).content.decode()


def test_shown_means_are_printed_on_their_colour_and_a_small_unit_shows_nothing(results_page):
    rows = _rows(_units_section(results_page))
    coloured = 0
    for label in ("Jugendamt", "Bauamt"):
        for classes, scale, value in CELL.findall(rows[label]):
            if scale == "Answers":
                continue
            mean = int(re.sub(r"<[^>]+>", "", value))
            strain = scale.endswith("(higher = more strain)")
            favourable = 100 - mean if strain else mean
            assert f"heat-{round(favourable / 10)}" in classes.split(), (label, scale, mean, classes)
            coloured += 1
    assert coloured == 2 * 9
    # High answers everywhere: green on a resource, orange on strain; a reader is told which is which.
    assert "heat-10" in rows["Jugendamt"] and "heat-0" in rows["Jugendamt"]
    assert "unfavourable" in results_page
    assert "A high score is favourable, except on scales marked" in results_page
    # Finanzen (2 answers): no figure, no colour, and the reason said once instead of in 10 columns.
    finanzen = rows["Finanzen"]
    text = re.sub(r"<[^>]+>", " ", finanzen)
    assert "heat" not in finanzen
    assert not re.search(r"\d", text)
    assert text.count("not shown") == 1
    assert "fewer answers than the minimum group size" in text


def test_the_settings_form_keeps_its_dates_in_german(make_survey, coordinator, login):
    survey = make_survey(opens_on=datetime.date(2026, 12, 1), closes_on=datetime.date(2027, 1, 31))
    client = login(coordinator)
    page = client.get(f"/de/workspace/{survey.organisation.slug}/surveys/{survey.pk}/settings/").content.decode()
    assert 'name="opens_on" value="2026-12-01"' in page
    assert 'name="closes_on" value="2027-01-31"' in page


def test_a_closed_survey_counts_nobody_to_remind(make_survey, coordinator, login):
    survey = make_survey(SurveyStatus.CLOSED)
    page = login(coordinator).get(reverse("surveys:remind", args=[survey.organisation.slug, survey.pk])).content
    assert b"A reminder would now go to" not in page
    assert b"Reminders can be sent only while the survey is open." in page


def test_a_chart_wider_than_a_phone_says_the_rest_is_beside_it(client, coordinator, closed_survey_with_answers):
    """On a phone the charts keep their size and scroll sideways, with only their left part in
    view: each says so (shown by the stylesheet on narrow screens only), the PDF not."""
    client.force_login(coordinator)
    survey = closed_survey_with_answers
    page = client.get(f"/de/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/").content.decode()
    hint = (
        '<p class="report-figure__swipe" aria-hidden="true">Wischen Sie zur Seite, um das ganze Diagramm zu sehen.</p>'
    )
    assert page.count(hint) == page.count('class="report-figure__scroll"') >= 2
    css = (Path(__file__).parents[2] / "src/vereinbar/surveys/static/surveys/surveys.css").read_text()
    assert re.search(r"^\.report-figure__swipe \{ display: none;", css, re.MULTILINE)
    assert re.search(r"@media \(max-width: 40rem\) \{[^@]*\.report-figure__swipe \{ display: block; \}", css)
