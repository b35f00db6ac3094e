"""The coordinator's survey pages as a county with many units reads them: each status its own
tag (the word says it, the colour repeats it in the tones of the other status tags), a Results
tab only once there are results and the survey page saying when they come, what is counted as
invited while a survey runs, and all units opened as one table on a wide screen."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.services.invitations import codes_create
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'<span class="kern-badge ([^"]*)" data-status="([a-z]+)"><span class="kern-label">([^<]*)</span>')


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _tabs(page: str) -> list[str]:
    nav = re.search(r'<nav class="subnav".*?</nav>', page, re.S)
    assert nav is not None
    return [_text(label).strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav.group(0), re.S)]


def test_each_status_has_its_own_tag_and_says_its_word(client, coordinator, make_survey, respond):
    make_survey(SurveyStatus.DRAFT, title="Draft one")
    make_survey(SurveyStatus.OPEN, title="Running one")
    with_results = make_survey(SurveyStatus.OPEN, title="Done one")
    respond(with_results, "Jugendamt", count=6, **ALL_SCALES)
    survey_close(actor=coordinator, survey=with_results)
    too_few = make_survey(SurveyStatus.OPEN, title="Small one")
    respond(too_few, "Jugendamt", count=2, **ALL_SCALES)
    survey_close(actor=coordinator, survey=too_few)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:list", args=[with_results.organisation.slug])).content.decode()
    tags = {status: (classes, word) for classes, status, word in BADGE.findall(page)}
    assert tags == {
        "draft": ("kern-badge--warning", "In preparation"),
        "open": ("kern-badge--info", "Open for answers"),
        "results": ("kern-badge--success", "Closed, with results"),
        "closed": ("survey-status--ended", "Closed, too few answers"),
    }


def test_a_draft_has_no_results_tab_and_says_what_comes_when(client, coordinator, make_survey):
    survey = make_survey(SurveyStatus.DRAFT, opens_on=None, closes_on=None)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:detail", args=[survey.organisation.slug, survey.pk])).content.decode()
    assert "Results" not in _tabs(page)
    text = _text(page)
    assert "What comes when" in text
    assert "Once you open the survey: invite staff by e-mail" in text
    # in Germany an online survey needs the staff council's consent: the coordinator is told
    # before opening, and where its members get to see it
    assert "Before you open it: agree the survey with the staff council" in text
    assert f"the results appear under “Results”, for every group of at least {survey.min_group_size} people" in text


def test_the_results_tab_appears_once_the_survey_has_closed(client, coordinator, closed_survey_with_answers):
    survey = closed_survey_with_answers
    client.force_login(coordinator)
    page = client.get(reverse("surveys:detail", args=[survey.organisation.slug, survey.pk])).content.decode()
    assert "Results" in _tabs(page)


def test_a_running_survey_counts_its_invitations_not_the_numbers_kept_for_closing(
    client, coordinator, make_survey, respond
):
    survey = make_survey(SurveyStatus.OPEN)
    survey.units.update(invited_count=24)  # what only a close may write: ignored while it runs
    respond(survey, "Jugendamt", count=6, **ALL_SCALES)
    client.force_login(coordinator)
    url = reverse("surveys:detail", args=[survey.organisation.slug, survey.pk])
    text = _text(client.get(url).content.decode())
    assert "Invited by e-mail 0 Printed codes 0 Open link switched off" in text
    assert "Invited 24" not in text
    assert re.search(r"Jugendamt – 6 –", text)

    codes_create(actor=coordinator, survey=survey, count=7, unit=survey.units.get(name="Jugendamt"), language="de")
    text = _text(client.get(url).content.decode())
    assert "Invited by e-mail 0 Printed codes 7" in text
    # Jugendamt's 6 answers of 7 codes; the others answered nothing and show no numbers.
    assert re.search(r"Jugendamt 7 6 (?:\S+ )?86%", text)


def test_opened_units_read_as_one_table_with_the_same_groups_hidden(client, coordinator, make_survey, respond):
    survey = make_survey(SurveyStatus.OPEN)
    respond(survey, "Jugendamt", count=8, **ALL_SCALES)
    respond(survey, "Bauamt", count=8, **ALL_SCALES)
    respond(survey, "Personal", count=8, **ALL_SCALES)
    respond(survey, "Finanzen", count=2, **ALL_SCALES)
    survey_close(actor=coordinator, survey=survey)
    client.force_login(coordinator)
    url = reverse("surveys:report", args=[survey.organisation.slug, survey.pk])
    page = client.get(url + "?units=open").content.decode()
    start = page.index('aria-labelledby="units-heading"')
    units = page[start : page.index("</section>", start)]
    whole = re.search(r'<div class="units-whole">(.*?)</div>', units, re.S)
    assert whole is not None
    assert whole.group(1).count("<thead") == 1
    rows = {
        _text(label).replace("\u00ad", "").strip(): _text(cells)
        for label, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', whole.group(1), re.S)
    }
    assert list(rows) == ["Verwaltung", "Personal", "Finanzen", "Jugendamt", "Bauamt"]
    assert "not shown" in rows["Finanzen"] and not re.search(r"\d", rows["Finanzen"])
    assert re.search(r"^\s*8\b", rows["Jugendamt"])
    # The phone's sections stay beside it, opened; without ?units=open there is no second copy.
    assert '<details class="unit-section" open>' in units
    assert 'class="units-whole"' not in client.get(url).content.decode()


def test_the_distribution_of_answers_is_drawn_as_a_bar_per_scale(client, coordinator, closed_survey_with_answers):
    survey = closed_survey_with_answers
    client.force_login(coordinator)
    page = client.get(reverse("surveys:report", args=[survey.organisation.slug, survey.pk])).content.decode()
    start = page.index('aria-labelledby="distribution-heading"')
    section = page[start : page.index("</section>", start)]
    figure = section[: section.index("</figure>")]
    bars = re.findall(r'<svg class="dist-chart__bar".*?</svg>', figure, re.S)
    table_rows = re.findall(r"<td class=\"kern-table__cell\">(.*?)</td>", section, re.S)
    assert len(bars) == len(table_rows) == 9
    for bar, row in zip(bars, table_rows, strict=True):
        widths = [float(width) for width in re.findall(r'width="([\d.]+)"', bar)]
        shares = [int(share) for share in re.findall(r"(\d+)%", row)]
        assert len(widths) == len(shares) == 5
        assert sum(widths) == pytest.approx(100, abs=0.1)
        assert [round(width) for width in widths] == pytest.approx(shares, abs=1)
    assert "0 (lowest)" in _text(figure) and "4 (highest)" in _text(figure)


def test_results_of_too_few_answers_say_so_once_and_offer_nothing_to_export(client, coordinator, make_survey, respond):
    survey = make_survey(SurveyStatus.OPEN)
    Survey.objects.filter(pk=survey.pk).update(report_breakdowns=["age_band"])
    respond(survey, "Jugendamt", count=3, **(ALL_SCALES | {"age_band": 1}))
    survey_close(actor=coordinator, survey=survey)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:report", args=[survey.organisation.slug, survey.pk])).content.decode()
    notes = re.findall(r'<div class="kern-alert kern-alert--info">.*?<p class="kern-body">(.*?)</p>', page, re.S)
    assert notes == ["Fewer than 5 people answered: no results can be shown."]
    for tool in ("Create PDF", "Figures as CSV", "Compare with"):
        assert tool not in page
    assert "Back to the survey" in page


def test_answers_without_invitations_are_not_counted_against_nobody(client, coordinator, make_survey, respond):
    survey = make_survey(SurveyStatus.OPEN)  # answered by the open link only
    respond(survey, "Jugendamt", count=6, **ALL_SCALES)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:report", args=[survey.organisation.slug, survey.pk])).content.decode()
    text = _text(page)
    assert "of 0 invited" not in text
    assert "So far 6 people have answered; nobody has been invited by e-mail or printed code." in text
