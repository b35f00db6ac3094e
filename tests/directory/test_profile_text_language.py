"""The employer's own words on its public profile (its description, its measures, its answers to
the programme's criteria) carry their language where the page is in another, so that a screen
reader reads a Dutch text on the German page in Dutch."""

from __future__ import annotations

from datetime import date

import pytest

from tests.directory.conftest import award_issue
from tests.measures.factories import MeasureFactory
from vereinbar.cycles.models import AssessmentAnswer, Cycle, CycleStatus, PhaseRun, PhaseStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


@pytest.fixture
def answered(leiderdorp, library_programme):
    """Leiderdorp recognised, its answer to a public criterion and a measure written in Dutch only."""
    MeasureFactory(
        organisation=leiderdorp,
        title_nl="Mantelzorgverlof op maat",
        title_de="",
        title_en="",
        in_place=True,
        public=True,
    )
    programme = library_programme(
        "erkenning-mantelzorgvriendelijk", show=["profile", "award", "first_awarded_on", "measures", "answers"]
    )
    version = programme.current_version
    stage = version.stages.filter(gives_award=True).order_by("order").first()
    cycle = Cycle.objects.create(
        organisation=leiderdorp, programme=programme, version=version, stage=stage, status=CycleStatus.AWARDED
    )
    run = PhaseRun.objects.create(cycle=cycle, phase=stage.phases.first(), status=PhaseStatus.ACCEPTED)
    criterion = version.criteria.filter(public=True).first()
    AssessmentAnswer.objects.create(
        cycle=cycle, phase_run=run, criterion=criterion, text="Er is aandacht voor mantelzorg."
    )
    award = award_issue(leiderdorp, programme, issued_on=date(2017, 2, 20), valid_until=date(2029, 2, 20))
    award.cycle = cycle
    award.save(update_fields=["cycle"])
    return award


@pytest.mark.parametrize(("language", "marked"), [("de", ' lang="nl"'), ("en", ' lang="nl"'), ("nl", "")])
def test_an_answer_in_the_employers_language_is_marked_on_other_pages(client, answered, language, marked):
    page = client.get(f"/{language}/employers/gemeente-leiderdorp/").content.decode()
    assert f"<dd{marked}>Er is aandacht voor mantelzorg.</dd>" in page


@pytest.mark.parametrize(("language", "marked"), [("de", ' lang="nl"'), ("en", ' lang="nl"'), ("nl", "")])
def test_a_description_and_a_measure_in_dutch_only_are_marked_dutch(client, answered, language, marked):
    page = client.get(f"/{language}/employers/gemeente-leiderdorp/").content.decode()
    assert f'<p class="lead"{marked}>Een gemeente die werk en mantelzorg bespreekbaar maakt.</p>' in page
    assert f"<strong{marked}>Mantelzorgverlof op maat</strong>" in page


def test_a_measure_written_in_the_pages_language_is_not_marked(client, answered):
    page = client.get("/de/employers/gemeente-leiderdorp/").content.decode()
    assert "<strong>Café für pflegende Beschäftigte</strong>" in page
