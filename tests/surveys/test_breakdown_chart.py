"""Results by answer as a chart: each scale's favourable share per group, drawn only for the
results the table beside it shows. A group the anonymity rules hide is neither drawn nor
given a figure in either table, on the page and in the PDF."""

from __future__ import annotations

import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.report.cache import report_cached
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES

pytestmark = pytest.mark.django_db


def _text(markup: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\xad", "")
    return re.sub(r"\s+", " ", text).strip()


def _section(page: str, key: str) -> str:
    start = page.index(f'aria-labelledby="breakdown-{key}"')
    return page[start : page.index("</section>", start)]


def _chart(section: str) -> tuple[dict[tuple[str, str], str], str]:
    """The drawn bars as {(scale, group): shown value} (or "–" for a bar not drawn), and the figure."""
    figure = section[section.index('data-chart="favourable"') : section.index("</figure>")]
    bars = {}
    for block in re.findall(r'<li class="fav-chart__scale">(.*?)</ul>\s*</li>', figure, re.S):
        scale = _text(re.search(r'<span class="fav-chart__title">(.*?)</span>', block, re.S).group(1))
        for group, rest in re.findall(
            r'<li data-group="[^"]*"><span class="fav-chart__group">(.*?)</span>(.*?)</li>', block, re.S
        ):
            value = re.search(r'class="fav-chart__value"[^>]*>(.*?)</span>', rest, re.S)
            bars[(scale, _text(group))] = _text(value.group(1)) if value else "–"
    return bars, figure


def _table(table: str) -> tuple[dict[tuple[str, str], str], list[str]]:
    """A groups × scales table as {(scale, group): shown value} and the groups it hides whole."""
    scales = [_text(h) for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)[1:]]
    cells, hidden = {}, []
    for row in re.findall(r'<tr class="kern-table__row" role="row"><th scope="row".*?</tr>', table, re.S):
        group = _text(re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1))
        values = [_text(c) for c in re.findall(r'<td class="kern-table__cell[^"]*"[^>]*>(.*?)</td>', row, re.S)]
        if len(values) != len(scales) + 1:
            hidden.append(group)
            continue
        for scale, value in zip(scales, values[1:], strict=True):
            cells[(scale, group)] = "–" if value.startswith("– not shown") else value
    return cells, hidden


@pytest.fixture
def survey_with_a_small_age_group(make_survey, respond, coordinator):
    survey = make_survey(SurveyStatus.OPEN)
    respond(survey, "Jugendamt", count=8, **ALL_SCALES | {"age_band": 1})
    respond(survey, "Bauamt", count=7, **ALL_SCALES | {"age_band": 2, "info_where": 1, "info_whom": 1, "flex_place": 1})
    respond(survey, "Bauamt", count=2, **ALL_SCALES | {"age_band": 3, "info_where": 5, "info_whom": 5})
    respond(survey, "Jugendamt", count=6, **ALL_SCALES | {"age_band": 4, "lead_open": 5, "lead_solutions": 5})
    return survey_close(actor=coordinator, survey=survey)


def test_the_chart_draws_what_the_favourable_table_shows_and_no_hidden_group(
    client, coordinator, survey_with_a_small_age_group
):
    survey = survey_with_a_small_age_group
    client.force_login(coordinator)
    page = client.get(reverse("surveys:report", args=[survey.organisation.slug, survey.pk])).content.decode()
    section = _section(page, "age_band")
    bars, figure = _chart(section)
    tables = re.findall(r"<table class=\"kern-table stack group-table\".*?</table>", section, re.S)
    assert len(tables) == 2
    favourable, hidden = _table(tables[0])
    means, hidden_in_means = _table(tables[1])

    # The chart is the favourable table drawn: the same groups, scales and values, in per cent.
    assert bars == favourable
    assert len(bars) == 9 * 2 and all(value.endswith("%") for value in bars.values())
    assert {group for _scale, group in bars} == {"under 30", "55 or older"}
    assert len(set(bars.values())) > 1
    # The two people aged 45 to 54 are hidden in both tables and nowhere drawn, and so is the
    # next smallest group, hidden so that they cannot be worked out from the whole organisation.
    assert "45 to 54" in hidden and hidden == hidden_in_means
    assert "30 to 44" in hidden
    drawn = re.findall(r'<li data-group="([^"]*)"', figure)
    assert not set(hidden) & set(drawn)
    note = _text(figure[figure.index('class="fav-chart__hidden">') + 26 :])
    assert note.startswith("Not in the chart:") and "45 to 54 (fewer answers than the minimum group size)" in note
    assert "30 to 44 (hidden so that a smaller group cannot be worked out from the others)" in note
    assert {group for _scale, group in means} == {group for _scale, group in bars}


def test_the_pdf_has_the_chart_without_the_hidden_group(coordinator, survey_with_a_small_age_group):
    report = report_cached(survey_with_a_small_age_group, "en", "all")
    with translation.override("en"):
        page = render_to_string(
            "surveys/report_pdf.html",
            {"report": report, "charts": {}, "survey": report.survey, "pdf": True, "text_languages": {}},
        )
    bars, figure = _chart(_section(page, "age_band"))
    assert {group for _scale, group in bars} == {"under 30", "55 or older"}
    assert "45 to 54" not in re.findall(r'<li data-group="([^"]*)"', figure)
    assert "The same figures are in the table below." not in figure
