"""A programme's ranking list, "best employers by size band": only employers that agreed (and
not after they withdrew), only with a valid award and a survey whose report shows the figure,
in the band their staff count falls in, ties sharing a rank and listed by name; the public page
in three languages, its open data and the API give the same list."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from tests.conftest import _member
from tests.cycles.test_survey_conditions import answers
from tests.factories import OrganisationFactory
from tests.surveys.conftest import respond_rows
from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.programmes.services import programme_load
from vereinbar.surveys import ranking
from vereinbar.surveys.models import RankingConsent
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open

pytestmark = pytest.mark.django_db

PROGRAMME = """
format: 2
id: urn:vereinbar:programme:test-ranked-index
version: "1"
kind: certification
languages: [en, de, nl]
default_language: en
title: {en: Ranked index, de: Gereihter Index, nl: Gerangschikte index}
levels:
  - id: certified
    title: Certified
    rule:
      survey: {min_favourable_percent: 50}
stages:
  - id: index
    title: Index
    award: {validity_months: 24, levels: [certified]}
    survey_instrument: urn:vereinbar:instrument:work-family-care
    phases:
      - {id: staff_survey, title: Staff survey, deliverable: survey, actor: coordinator, gate: {requires: []}}
publication:
  directory: true
  ranking:
    min_answers: 6
    size_bands:
      - {id: large, title: {en: Large, de: Groß, nl: Groot}, min_staff: 50}
      - {id: small, title: {en: Small, de: Klein, nl: Klein}, min_staff: 10}
"""


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def programme(operator_org, operator_admin, auditor, instrument_version):
    data = yaml.safe_load(PROGRAMME) | {"operator": operator_org.slug}
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename="ranked.yaml", trusted=True)
    assert outcome.version is not None, outcome
    return outcome.version.programme


@pytest.fixture
def certify(programme, operator_admin, auditor, instrument_version):
    """certify(name, staff, good, neutral, consent=True): an employer whose survey (good
    favourable, neutral other answers) closes and so gets the award; returns its coordinator."""

    def make(name: str, staff: int | None, good: int, neutral: int, *, consent: bool = True):
        organisation = OrganisationFactory(name=name, slug=name.lower().replace(" ", "-"), staff_count=staff)
        coordinator = _member(organisation, "coordinator", f"{organisation.slug}@test.example")
        cycle = services.cycle_apply(actor=coordinator, organisation=organisation, programme=programme)
        cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
        survey = survey_create(
            actor=coordinator,
            organisation=organisation,
            instrument_version=instrument_version,
            cycle=cycle,
            title="Survey",
            languages=["en"],
            units="",
        )
        survey_open(actor=coordinator, survey=survey)
        for count, favourable in ((good, True), (neutral, False)):
            if count:
                respond_rows(survey, None, count, answers(instrument_version.spec, favourable))
        survey_close(actor=coordinator, survey=survey)
        if consent:
            ranking.consent_set(actor=coordinator, organisation=organisation, programme=programme, given=True)
        organisation.coordinator = coordinator
        return organisation

    return make


def listed(programme) -> dict[str, list[tuple[int, str, Decimal]]]:
    return {
        item.band.key: [(entry.rank, entry.name, entry.favourable_percent) for entry in item.entries]
        for item in ranking.ranking_build(programme).bands
    }


def test_ties_share_a_rank_listed_by_name_and_the_next_rank_counts_them(programme, certify):
    certify("Zeta Works", 20, 8, 2)
    certify("Alpha Care", 30, 8, 2)
    certify("Mid Office", 25, 7, 3)
    certify("Beta Town", 12, 9, 1)
    assert listed(programme)["small"] == [
        (1, "Beta Town", Decimal("90.0")),
        (2, "Alpha Care", Decimal("80.0")),
        (2, "Zeta Works", Decimal("80.0")),
        (4, "Mid Office", Decimal("70.0")),
    ]


def test_size_bands_follow_the_staff_count_and_the_smallest_band_s_minimum(programme, certify):
    certify("Just Small", 10, 8, 2)
    certify("Just Below Large", 49, 8, 2)
    certify("Just Large", 50, 8, 2)
    certify("Too Small", 9, 8, 2)
    certify("No Staff Count", None, 8, 2)
    bands = ranking.ranking_build(programme).bands
    assert [(item.band.key, item.band.min_staff, item.band.max_staff) for item in bands] == [
        ("small", 10, 49),
        ("large", 50, None),
    ]
    assert [name for _rank, name, _value in listed(programme)["small"]] == ["Just Below Large", "Just Small"]
    assert [name for _rank, name, _value in listed(programme)["large"]] == ["Just Large"]


def test_fewer_answers_than_the_minimum_or_than_the_report_shows_are_not_listed(programme, certify):
    certify("Six Answers", 20, 5, 1)  # min_answers 6: listed
    certify("Five Answers", 20, 5, 0)  # shown by the report (k = 5), but fewer than 6
    certify("Four Answers", 20, 4, 0)  # the report shows nothing: no award either
    assert [name for _rank, name, _value in listed(programme)["small"]] == ["Six Answers"]


def test_nobody_is_listed_without_consent_and_withdrawing_takes_the_employer_off(programme, certify):
    certify("Never Asked", 20, 8, 2, consent=False)
    leaving = certify("Leaving Soon", 20, 8, 2)
    assert [name for _rank, name, _value in listed(programme)["small"]] == ["Leaving Soon"]
    ranking.consent_set(actor=leaving.coordinator, organisation=leaving, programme=programme, given=False)
    assert listed(programme)["small"] == []
    assert (
        ranking.consent_set(actor=leaving.coordinator, organisation=leaving, programme=programme, given=False) is None
    )
    history = ranking.consent_history(leaving, programme)
    assert [row.given for row in history] == [False, True] and history[0].changed_by == leaving.coordinator
    verbs = Entry.objects.filter(organisation=leaving, verb__startswith="ranking.").values_list("verb", flat=True)
    assert sorted(verbs) == ["ranking.consent_given", "ranking.consent_withdrawn"]


def test_only_the_coordinator_decides_about_the_consent(programme, certify):
    organisation = certify("Careful Ltd", 20, 8, 2, consent=False)
    contributor = _member(organisation, "contributor", "contributor@careful.example")
    with pytest.raises(PermissionDenied):
        ranking.consent_set(actor=contributor, organisation=organisation, programme=programme, given=True)
    assert not RankingConsent.objects.exists()


def test_the_public_page_the_open_data_and_the_api_give_the_same_list(programme, certify, client):
    certify("Alpha Care", 20, 8, 2)
    certify("Big Employer", 80, 9, 1)
    for language, heading in (("de", "Klein"), ("nl", "Klein"), ("en", "Small")):
        with translation.override(language):
            page = client.get(reverse("rankings:page", args=["test-ranked-index"]))
        assert page.status_code == 200
        text = page.content.decode()
        assert heading in text and "Alpha Care" in text and "Big Employer" in text
    rows = list(csv.DictReader(io.StringIO(client.get("/en/rankings/test-ranked-index/ranking.csv").content.decode())))
    assert [(row["size_band"], row["rank"], row["employer"], row["favourable_percent"]) for row in rows] == [
        ("small", "1", "Alpha Care", "80.0"),
        ("large", "1", "Big Employer", "90.0"),
    ]
    data = json.loads(client.get("/en/rankings/test-ranked-index/ranking.json").content)
    api = client.get("/api/v1/rankings/test-ranked-index")
    assert api.status_code == 200 and api.json() == data
    assert data["size_bands"][1]["entries"][0] == {
        "rank": 1,
        "employer": "Big Employer",
        "slug": "big-employer",
        "city": data["size_bands"][1]["entries"][0]["city"],
        "level": "Certified",
        "favourable_percent": 90.0,
        "awarded_on": data["size_bands"][1]["entries"][0]["awarded_on"],
    }
    assert client.get("/en/rankings/no-such-programme/").status_code == 404
    assert client.get("/api/v1/rankings/no-such-programme").status_code == 404


def test_the_coordinator_takes_part_and_withdraws_on_the_workspace_page(programme, certify, login):
    organisation = certify("Alpha Care", 20, 8, 2, consent=False)
    client = login(organisation.coordinator)
    page = client.get(f"/en/workspace/{organisation.slug}/surveys/rankings/")
    assert page.status_code == 200 and "Does not take part" in page.content.decode()
    change = f"/en/workspace/{organisation.slug}/surveys/rankings/{programme.pk}/"
    assert client.post(change, {"given": "1"}).status_code == 302
    assert ranking.consent_current(organisation, programme)
    page = client.get(f"/en/workspace/{organisation.slug}/surveys/rankings/")
    assert "Takes part" in page.content.decode() and "agreed" in page.content.decode()
    client.post(change, {"given": "0"})
    assert not ranking.consent_current(organisation, programme)


def test_a_ranking_list_is_part_of_format_2():
    from vereinbar.programmes.definition import definition_check

    data = yaml.safe_load(PROGRAMME) | {"format": 1}
    data["levels"][0]["rule"] = {"all_required_met": True}
    checked = definition_check(yaml.safe_dump(data), filename="ranked.yaml")
    assert [problem.code for problem in checked.problems] == ["needs_format_2"], [str(p) for p in checked.problems]


@pytest.fixture
def reports_rebuilt(monkeypatch):
    """Counts the survey reports the ranking reads (each one decodes every answer)."""
    from vereinbar.surveys import cycle_figures as survey_figures

    calls: list[int] = []
    original = survey_figures.survey_figures

    def counting(survey):
        calls.append(survey.pk)
        return original(survey)

    monkeypatch.setattr(survey_figures, "survey_figures", counting)
    return calls


def test_the_list_reads_the_figures_stored_when_each_survey_closed_and_no_report(programme, certify, reports_rebuilt):
    from vereinbar.surveys.models import Survey

    certify("Alpha Care", 20, 8, 2)
    certify("Beta Town", 30, 9, 1)
    assert {Survey.objects.get(organisation__name=name).pk for name in ("Alpha Care", "Beta Town")} <= set(
        reports_rebuilt
    )  # read when each survey closed
    reports_rebuilt.clear()
    first = listed(programme)
    assert reports_rebuilt == []
    for language in ("de", "nl"):
        with translation.override(language):
            assert [entry.name for entry in ranking.ranking_build(programme).bands[0].entries] == [
                "Beta Town",
                "Alpha Care",
            ]
    assert listed(programme) == first and reports_rebuilt == []


def test_a_withdrawn_consent_or_a_revoked_award_leaves_the_list_at_once(
    programme, certify, operator_admin, reports_rebuilt
):
    from vereinbar.certificates.models import Award
    from vereinbar.certificates.services import award_revoke

    leaving = certify("Leaving Soon", 20, 8, 2)
    revoked = certify("Revoked Ltd", 20, 9, 1)
    certify("Staying Put", 20, 7, 3)
    assert [name for _rank, name, _value in listed(programme)["small"]] == [
        "Revoked Ltd",
        "Leaving Soon",
        "Staying Put",
    ]
    reports_rebuilt.clear()
    ranking.consent_set(actor=leaving.coordinator, organisation=leaving, programme=programme, given=False)
    assert [name for _rank, name, _value in listed(programme)["small"]] == ["Revoked Ltd", "Staying Put"]
    award_revoke(actor=operator_admin, award=Award.objects.get(organisation=revoked), reason="Misconduct.")
    assert listed(programme)["small"] == [(1, "Staying Put", Decimal("70.0"))]
    ranking.consent_set(actor=leaving.coordinator, organisation=leaving, programme=programme, given=True)
    assert [name for _rank, name, _value in listed(programme)["small"]] == ["Leaving Soon", "Staying Put"]
    assert reports_rebuilt == []  # none of it needed a report read again


def test_a_survey_whose_stored_figures_are_stale_is_read_again(programme, certify, reports_rebuilt):
    from vereinbar.surveys.models import Survey, TotalFigures

    organisation = certify("Alpha Care", 20, 8, 2)
    assert listed(programme)["small"] == [(1, "Alpha Care", Decimal("80.0"))]
    survey = Survey.objects.get(organisation=organisation)
    respond_rows(survey, None, 10, answers(survey.instrument_version.spec, True))
    reports_rebuilt.clear()
    assert listed(programme)["small"] == [(1, "Alpha Care", Decimal("80.0"))] and reports_rebuilt == []
    # Closed again (its results are final only then): a new closing time, so the report is read anew
    # (the service refuses this; a change in the database, or a restore, is noticed all the same).
    Survey.objects.filter(pk=survey.pk).update(closed_at=survey.closed_at + timedelta(minutes=1))
    assert listed(programme)["small"] == [(1, "Alpha Care", Decimal("90.0"))] and reports_rebuilt == [survey.pk]
    Survey.objects.filter(pk=survey.pk).update(
        min_group_size=25, min_group_size_comments=25
    )  # the report now shows nothing
    assert listed(programme)["small"] == []
    stored = TotalFigures.objects.get(survey=survey)  # read again and stored: nothing below k
    assert (stored.k, stored.responses, stored.favourable) == (25, None, [])
    organisation.staff_count = 60
    organisation.save(update_fields=["staff_count"])
    Survey.objects.filter(pk=survey.pk).update(min_group_size=5)
    assert listed(programme)["large"] == [(1, "Alpha Care", Decimal("90.0"))] and listed(programme)["small"] == []
