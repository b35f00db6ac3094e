"""The operator's desk in the demo looks like a real year (issue: many made-up phases had opened
and been handed in the day before the demo's today, so the desk's lists showed one date
everywhere; and the made-up survey phases had no survey behind them): the made-up cycles and
their phases are dated over the past months, in order, with varied waiting times and a few
overdue, and every made-up survey phase under way or handed in has its survey, or (for a
sample of those accepted long ago) the report of a survey run elsewhere. (The package's demo:
see conftest.py.)"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from vereinbar.cycles.models import Cycle, PhaseRun, PhaseStatus
from vereinbar.cycles.services.content import deliverable_problems
from vereinbar.organisations.models import Organisation
from vereinbar.site.demo_culture_index import INDEX
from vereinbar.site.demo_examples import survey_languages
from vereinbar.surveys.models import InstrumentVersion, SurveyStatus

pytestmark = pytest.mark.django_db

IN_PROGRESS = (PhaseStatus.OPEN, PhaseStatus.SUBMITTED, PhaseStatus.RETURNED)


def made_up_runs():
    return (
        PhaseRun.objects.filter(cycle__organisation__is_example=True)
        .exclude(cycle__programme__identifier=INDEX)  # made by demo_culture_index, dated by its story
        .select_related("phase", "cycle__organisation")
    )


def test_the_phases_in_progress_opened_and_were_handed_in_over_the_past_months():
    today = timezone.localdate()
    runs = list(made_up_runs().filter(status__in=IN_PROGRESS, cycle__status="open"))
    assert len(runs) >= 200
    opened = Counter(run.opened_on for run in runs)
    handed_in = Counter(timezone.localdate(run.submitted_at) for run in runs if run.submitted_at)
    # no day stands out, yesterday least of all: the busiest has at most 5 % of them. A day of
    # the last two weeks gets about 1.8 % by chance (a quarter of them over 14 days): 3 % leaves
    # room for the draw; a pile-up at the cut-off would be far more.
    assert opened[today - timedelta(days=1)] <= 0.03 * len(runs), opened.most_common(3)
    assert max(opened.values()) <= 0.05 * len(runs), opened.most_common(3)
    # handed in: a day of the last week gets about 5 % by chance (of some 80): at most 12 %
    assert max(handed_in.values()) <= 0.12 * sum(handed_in.values()), handed_in.most_common(3)
    ages = sorted((today - day).days for day in opened.elements())
    assert ages[0] >= 1 and ages[-1] <= 200
    assert ages[len(ages) // 4] >= 7 and ages[3 * len(ages) // 4] >= 45, "spread over months, not days"
    assert all(run.opened_on <= timezone.localdate(run.submitted_at) < today for run in runs if run.submitted_at)


def test_reviews_wait_days_to_weeks_and_a_few_phases_are_overdue():
    today = timezone.localdate()
    runs = list(made_up_runs().filter(status__in=IN_PROGRESS, cycle__status="open"))
    waits = [(today - timezone.localdate(run.submitted_at)).days for run in runs if run.status == "submitted"]
    assert min(waits) <= 3 and max(waits) >= 30 and len(set(waits)) >= 15
    working = [run for run in runs if run.status != PhaseStatus.SUBMITTED]
    overdue = [run for run in working if run.is_overdue(today)]
    assert 0.03 * len(working) <= len(overdue) <= 0.2 * len(working)
    assert all(run.due_on > run.opened_on for run in runs)


def test_the_made_up_cycles_are_dated_in_order_and_before_today():
    today = timezone.localdate()
    cycles = list(Cycle.objects.filter(organisation__is_example=True).exclude(programme__identifier=INDEX))
    assert len(cycles) >= 500
    for cycle in cycles:
        assert cycle.applied_on <= (cycle.started_on or cycle.applied_on) <= (cycle.closed_on or today) <= today
        assert (cycle.started_on is None) == (cycle.status in ("applied", "declined")), cycle
        assert (cycle.closed_on is None) == (cycle.status in ("applied", "open", "awarded")), cycle
    closed = Counter(cycle.closed_on for cycle in cycles if cycle.closed_on)
    assert max(closed.values()) <= 0.02 * sum(closed.values()), closed.most_common(3)
    first_opened: dict[int, object] = {}
    for run in made_up_runs().filter(opened_on__isnull=False).order_by("opened_on"):  # locked: not yet
        first_opened.setdefault(run.cycle_id, run.opened_on)
    for cycle in cycles:
        if cycle.pk in first_opened:
            assert cycle.started_on == first_opened[cycle.pk], cycle


def test_every_made_up_survey_phase_under_way_or_handed_in_has_its_survey_or_report():
    runs = list(made_up_runs().filter(phase__deliverable="survey").prefetch_related("surveys", "evidence"))
    statuses = Counter(run.status for run in runs)
    assert statuses[PhaseStatus.ACCEPTED] and statuses[PhaseStatus.OPEN] and statuses[PhaseStatus.SUBMITTED]
    with_survey = elsewhere = 0
    for run in runs:
        surveys = list(run.surveys.all())
        if run.status == PhaseStatus.LOCKED:  # not open yet: nothing to run
            assert surveys == [], run
            continue
        if run.status == PhaseStatus.OPEN:
            assert len(surveys) == 1 and surveys[0].status in (SurveyStatus.DRAFT, SurveyStatus.OPEN), run
            assert surveys[0].cycle_id == run.cycle_id
            continue
        assert deliverable_problems(run) == [], run
        if surveys:
            (survey,) = surveys
            assert survey.status == SurveyStatus.CLOSED and survey.has_results, run
            assert survey.closes_on == timezone.localdate(run.submitted_at), "its close handed the phase in"
            assert (survey.closes_on - survey.opens_on).days >= 7 and survey.opens_on >= run.cycle.started_on
            assert 6 <= survey.responses.count() <= 60 and survey.cycle_id == run.cycle_id
            with_survey += 1
        else:
            assert run.status == PhaseStatus.ACCEPTED, "only phases accepted long ago ran elsewhere"
            assert run.note.strip() and [e.original_name[-4:] for e in run.evidence.all()] == [".pdf"], run
            elsewhere += 1
    assert with_survey >= 10 and elsewhere >= 10


def test_a_made_up_survey_of_a_phase_speaks_the_employers_language_first():
    version = InstrumentVersion.objects.filter(instrument__urn__endswith=":work-family-care").latest("pk")
    assert survey_languages(version, Organisation(country="NL")) == ["nl", "de", "en"]
    assert survey_languages(version, Organisation(country="DE")) == ["de", "nl", "en"]
    assert survey_languages(version) == ["de", "nl", "en"], "the examples' peer surveys as before"
