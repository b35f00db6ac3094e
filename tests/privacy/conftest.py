"""Closed surveys with made-up answers, old enough for the retention period, and one whose
report shows every kind of figure (units, breakdowns, comparison, benchmark, trend)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory
from vereinbar.surveys.models import Response, ResponseComment, ScaleResult, Survey, SurveyStatus
from vereinbar.surveys.services.instruments import instrument_load
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open
from vereinbar.surveys.synthetic import responses_create

SHIPPED = Path(__file__).resolve().parents[2] / "library" / "instruments" / "work-family-care.yaml"


@pytest.fixture
def make_closed(coordinator, employer_org):
    """make_closed(title, days_ago, seed, breakdowns=(), n=150) → a survey of employer_org with n
    made-up responses and 40 comments, closed ``days_ago`` days ago."""
    version = instrument_load(raw=SHIPPED.read_bytes(), filename=SHIPPED.name).version

    def make(title: str, days_ago: int, seed: int, breakdowns: tuple[str, ...] = (), n: int = 150) -> Survey:
        survey = survey_create(
            actor=coordinator,
            organisation=employer_org,
            instrument_version=version,
            title=title,
            languages=["de", "en"],
            units="Administration\nAdministration / Personnel\nSocial services\nBuilding",
        )
        survey_open(actor=coordinator, survey=survey)
        responses_create(survey, n, seed=seed, comments=40)
        survey = survey_close(actor=coordinator, survey=survey)
        survey.closed_at = timezone.now() - timedelta(days=days_ago)
        survey.report_breakdowns = list(breakdowns)
        survey.save(update_fields=["closed_at", "report_breakdowns"])
        return survey

    return make


@pytest.fixture
def full_survey(make_closed):
    """A survey closed 400 days ago whose report has every part: an earlier survey to compare
    with, five other organisations for the benchmark, two breakdowns, a unit too small to show."""
    # Fewer answers than in 2024: two waves 1 to k - 1 answers apart hide what the difference
    # would give away (docs/anonymity.md), and this report is to show every part.
    make_closed("2022", days_ago=1100, seed=3, n=120)
    survey = make_closed("2024", days_ago=400, seed=1)
    building = survey.units.get(name="Building")
    ResponseComment.objects.filter(survey=survey, unit=building).update(unit=None)
    Response.objects.filter(survey=survey, unit=building).update(unit=survey.units.get(name="Social services"))
    small = Response.objects.filter(survey=survey, unit__name="Social services").order_by("pk")[:3]
    Response.objects.filter(pk__in=list(small.values_list("pk", flat=True))).update(unit=building)
    keys = [item.key for item in survey.instrument_version.spec.breakdown_items][:2]
    survey.report_breakdowns = keys
    survey.save(update_fields=["report_breakdowns"])
    for index in range(5):
        peer = Survey.objects.create(
            organisation=OrganisationFactory(slug=f"peer-{index}"),
            instrument_version=survey.instrument_version,
            title="peer",
            status=SurveyStatus.CLOSED,
            closed_at=survey.closed_at,
        )
        ScaleResult.objects.bulk_create(
            ScaleResult(survey=peer, scale=scale.key, n=50, mean=40.0 + index, m2=50 * 100.0)
            for scale in survey.instrument_version.spec.scales
        )
    return survey
