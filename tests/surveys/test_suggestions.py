"""Measures suggested beside a hotspot: the catalogue entries of the categories the scale names,
ranked by how many organisations that improved on the scale between two surveys had them in
place; computed from stored scale results and measure rows only; plainly "too little data" with
fewer than five such organisations."""

from __future__ import annotations

import datetime

import pytest
import yaml
from django.utils import timezone

from tests.factories import OrganisationFactory
from vereinbar.measures.models import Measure, MeasureStatus, MeasureType
from vereinbar.measures.services import catalogue_load
from vereinbar.surveys.instrument import instrument_check
from vereinbar.surveys.models import Response, ScaleResult, Survey, SurveyStatus
from vereinbar.surveys.suggestions import MIN_ORGANISATIONS, suggestions_for

from .conftest import SHIPPED

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2024, 3, 1)
SECOND = datetime.date(2026, 3, 1)


def closed(organisation, version, on: datetime.date, means: dict[str, float], n: int = 40) -> Survey:
    """A closed survey with only its stored whole-organisation results (no answers)."""
    survey = Survey.objects.create(
        organisation=organisation,
        instrument_version=version,
        title=f"Survey {on.year}",
        status=SurveyStatus.CLOSED,
        languages=["en"],
        closed_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))),
    )
    ScaleResult.objects.bulk_create(
        ScaleResult(survey=survey, scale=scale, n=n, mean=mean, m2=100.0 * n) for scale, mean in means.items()
    )
    return survey


def in_place(organisation, key: str, since: datetime.date, ended_on: datetime.date | None = None) -> Measure:
    entry = MeasureType.objects.get(key=key)
    return Measure.objects.create(
        organisation=organisation,
        type=entry,
        category=entry.category,
        title=entry.name,
        status=MeasureStatus.ENDED if ended_on else MeasureStatus.IN_PLACE,
        since=since,
        ended_on=ended_on,
    )


@pytest.fixture
def catalogue(db):
    catalogue_load()


@pytest.fixture
def asking(employer_org, instrument_version):
    return closed(employer_org, instrument_version, SECOND, {"flexibility": 30.0})


def improvers(count: int, version, *, measure: str | None = None, since=datetime.date(2025, 1, 1)):
    for i in range(count):
        organisation = OrganisationFactory(slug=f"improver-{i}")
        closed(organisation, version, FIRST, {"flexibility": 40.0})
        closed(organisation, version, SECOND, {"flexibility": 55.0})
        if measure:
            in_place(organisation, measure, since)


def test_with_too_little_data_the_catalogue_entries_are_listed_unranked(catalogue, asking, instrument_version):
    improvers(MIN_ORGANISATIONS - 1, instrument_version, measure="home_office_agreement")
    result = suggestions_for(survey=asking, scales=["flexibility"])["flexibility"]
    assert not result.ranked and result.improved_organisations == MIN_ORGANISATIONS - 1
    keys = {item.type.key for item in result.items}
    expected = set(
        MeasureType.objects.filter(
            category__key__in=["working_time", "place_of_work", "work_organisation"], statutory=False, is_active=True
        ).values_list("key", flat=True)
    )
    assert keys == expected and all(item.organisations is None for item in result.items)
    assert {c.key for c in result.categories} == {"working_time", "place_of_work", "work_organisation"}


def test_measures_are_ranked_by_the_organisations_that_improved_with_them(catalogue, asking, instrument_version):
    improvers(6, instrument_version, measure="home_office_agreement")
    for i in range(3):
        in_place(Survey.objects.filter(organisation__slug=f"improver-{i}").first().organisation, "job_sharing", FIRST)
    result = suggestions_for(survey=asking, scales=["flexibility"])["flexibility"]
    assert result.ranked and result.improved_organisations == 6
    assert [(item.type.key, item.organisations) for item in result.items] == [
        ("home_office_agreement", 6),
        ("job_sharing", 3),
    ]
    assert result.items[1].share == pytest.approx(0.5)


def test_only_improvements_and_measures_in_place_between_the_surveys_count(catalogue, asking, instrument_version):
    improvers(5, instrument_version)
    organisations = [Survey.objects.filter(organisation__slug=f"improver-{i}").first().organisation for i in range(5)]
    in_place(organisations[0], "sabbatical", datetime.date(2025, 6, 1))  # between the surveys: counts
    in_place(organisations[1], "sabbatical", datetime.date(2020, 1, 1))  # in place all along: counts
    in_place(organisations[2], "sabbatical", datetime.date(2027, 1, 1))  # only after the second survey
    in_place(
        organisations[3], "cover_pool", datetime.date(2019, 1, 1), ended_on=datetime.date(2023, 1, 1)
    )  # ended before
    Measure.objects.create(  # planned, never in place
        organisation=organisations[4],
        type=MeasureType.objects.get(key="team_days"),
        category=MeasureType.objects.get(key="team_days").category,
        title="Team days",
        status=MeasureStatus.PLANNED,
    )
    # Organisations that got worse, or whose results were below their minimum group size, add nothing.
    worse = OrganisationFactory(slug="worse")
    closed(worse, instrument_version, FIRST, {"flexibility": 60.0})
    closed(worse, instrument_version, SECOND, {"flexibility": 50.0})
    in_place(worse, "team_days", FIRST)
    small = OrganisationFactory(slug="small")
    closed(small, instrument_version, FIRST, {"flexibility": 10.0}, n=3)
    closed(small, instrument_version, SECOND, {"flexibility": 90.0}, n=3)
    in_place(small, "team_days", FIRST)
    result = suggestions_for(survey=asking, scales=["flexibility"])["flexibility"]
    assert result.improved_organisations == 5
    assert [(item.type.key, item.organisations) for item in result.items] == [("sabbatical", 2)]


def test_a_strain_scale_improves_when_it_falls(catalogue, asking, instrument_version):
    for i in range(5):
        organisation = OrganisationFactory(slug=f"calmer-{i}")
        closed(organisation, instrument_version, FIRST, {"strain": 70.0})
        closed(organisation, instrument_version, SECOND, {"strain": 55.0})
        in_place(organisation, "home_office_agreement", FIRST)  # place of work: not a category of strain
    result = suggestions_for(survey=asking, scales=["strain"])["strain"]
    assert result.ranked and result.improved_organisations == 5
    assert result.items == ()  # none of their measures is in the strain scale's categories


def test_no_answers_are_read(catalogue, asking, instrument_version, django_assert_max_num_queries):
    improvers(5, instrument_version, measure="home_office_agreement")
    assert not Response.objects.exists()  # the figures come from stored results alone
    with django_assert_max_num_queries(6):
        suggestions_for(survey=asking, scales=["flexibility", "strain"])


def test_the_organisations_own_measures_are_marked(catalogue, asking, instrument_version, employer_org):
    in_place(employer_org, "job_sharing", FIRST)
    result = suggestions_for(survey=asking, scales=["flexibility"])["flexibility"]
    assert [item.type.key for item in result.items if item.in_place_here] == ["job_sharing"]


def test_the_report_says_plainly_when_there_is_too_little_data(
    client, login, coordinator, catalogue, make_survey, respond
):
    from vereinbar.surveys.services.surveys import survey_close

    from .conftest import ALL_SCALES

    survey = make_survey(SurveyStatus.OPEN)
    respond(survey, "Jugendamt", count=8, **(ALL_SCALES | {"info_where": 1, "info_whom": 1, "info_clear": 1}))
    survey_close(actor=coordinator, survey=survey)
    login(coordinator)
    page = client.get(f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/").content.decode()
    assert 'id="hotspot-information"' in page
    assert "Too little data to rank measures: only 0 organisations improved" in page
    assert MeasureType.objects.get(key="care_toolkit").name in page  # an information measure, unranked
    assert "Create a goal in the target agreement" not in page  # a survey without a cycle to put goals in


# --- the instrument format -------------------------------------------------------------


def _with(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_scales_name_catalogue_categories_and_programme_action_fields():
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    checked = instrument_check(_with(data), filename="wfc.yaml")
    assert checked.ok
    scale = next(s for s in checked.definition["scales"] if s["key"] == "flexibility")
    assert scale["measure_categories"] == ["working_time", "place_of_work", "work_organisation"]
    assert scale["programme_action_fields"]["urn:vereinbar:programme:audit-berufundfamilie"] == ["1", "3", "2"]


def test_without_the_new_fields_the_canonical_form_does_not_mention_them():
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    for scale in data["scales"]:
        scale.pop("measure_categories", None)
        scale.pop("programme_action_fields", None)
    checked = instrument_check(_with(data), filename="wfc.yaml")
    assert checked.ok
    assert all(
        "measure_categories" not in s and "programme_action_fields" not in s for s in checked.definition["scales"]
    )


@pytest.mark.parametrize(
    "field,value",
    [
        ("measure_categories", ["Working Time"]),
        ("measure_categories", ["health", "health"]),
        ("programme_action_fields", {"not-a-urn": ["1"]}),
        ("programme_action_fields", {"urn:vereinbar:programme:x": []}),
        ("programme_action_fields", {"urn:vereinbar:programme:x": [1]}),
    ],
)
def test_bad_mappings_are_refused_with_their_place(field, value):
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["scales"][0][field] = value
    checked = instrument_check(_with(data), filename="wfc.yaml")
    assert not checked.ok
    assert any(field in problem.path for problem in checked.problems), [str(p) for p in checked.problems]
