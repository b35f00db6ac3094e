"""What the demo's auditor opens looks real (issue: the made-up submitted phases had no date, so
they sorted as the oldest on the auditor's home, and their self-assessments no answers): every
phase handed in has the day it was submitted, a returned one the review that says what to change,
and a self-assessment (or a phase assessing criteria) handed in answers every required criterion
with values the product accepts, commented in the employer's language. (The package's demo: see
conftest.py.)"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils import timezone

from vereinbar.cycles.models import PhaseRun, PhaseStatus
from vereinbar.cycles.models.review import ReviewOutcome
from vereinbar.cycles.services.content import _answered, _score, deliverable_problems
from vereinbar.programmes.models import AssessmentKind

pytestmark = pytest.mark.django_db

HANDED_IN = (PhaseStatus.SUBMITTED, PhaseStatus.RETURNED, PhaseStatus.ACCEPTED)


def handed_in():
    return PhaseRun.objects.filter(status__in=HANDED_IN).select_related("phase", "cycle__organisation")


def test_every_phase_handed_in_says_when_it_was_submitted():
    today = timezone.localdate()
    runs = list(handed_in())
    assert sum(run.status == PhaseStatus.SUBMITTED for run in runs) >= 20
    undated = [run.pk for run in runs if run.submitted_at is None]
    assert undated == []
    for run in runs:
        submitted = timezone.localdate(run.submitted_at)
        assert run.opened_on is None or run.opened_on <= submitted <= today, run
        if run.status == PhaseStatus.ACCEPTED:
            assert run.accepted_at is not None and run.accepted_at >= run.submitted_at, run


def test_every_returned_phase_has_the_review_that_says_what_to_change():
    returned = list(handed_in().filter(status=PhaseStatus.RETURNED))
    assert returned
    for run in returned:
        review = run.reviews.first()
        assert review is not None and review.outcome == ReviewOutcome.RETURN, run
        assert review.comment.strip() and review.reviewer_id is not None, run
        assert run.submitted_at < review.created_at <= timezone.now(), run


def test_every_self_assessment_handed_in_answers_every_required_criterion():
    runs = [run for run in handed_in() if run.phase.records_answers]
    assert sum(run.status == PhaseStatus.SUBMITTED for run in runs) >= 10
    incomplete = {run.pk: problems for run in runs if (problems := deliverable_problems(run))}
    assert incomplete == {}


def test_the_answers_are_valid_and_commented_in_the_employers_language():
    bank = yaml.safe_load((Path(settings.VEREINBAR_LIBRARY_DIR) / "demo" / "answers.yaml").read_text("utf-8"))
    for run in (
        handed_in().filter(cycle__organisation__is_example=True).prefetch_related("answers__criterion__scale__options")
    ):
        if not run.phase.records_answers:
            continue
        language = run.cycle.organisation.primary_language
        comments = {text for band in bank["comments"][language].values() for text in band}
        for answer in run.answers.all():
            criterion = answer.criterion
            assert _answered(criterion, answer), (run, criterion.code)
            if criterion.assessment_kind == AssessmentKind.STATUS:
                assert answer.status in {option.value for option in criterion.scale.options.all()}
            elif criterion.assessment_kind == AssessmentKind.SCORE:
                assert _score(answer.score, criterion) == answer.score
            assert not answer.comment or answer.comment in comments, (run, answer.comment)


def test_a_made_up_phase_in_progress_waits_since_months_not_years():
    today = timezone.localdate()
    in_progress = PhaseRun.objects.filter(
        cycle__organisation__is_example=True,
        status__in=(PhaseStatus.OPEN, PhaseStatus.SUBMITTED, PhaseStatus.RETURNED),
        cycle__status="open",
    ).exclude(opened_on=None)
    assert in_progress.count() >= 100
    oldest = min(in_progress.values_list("opened_on", flat=True))
    assert (today - oldest).days <= 200
