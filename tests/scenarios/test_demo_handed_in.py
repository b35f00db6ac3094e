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
from vereinbar.site.demo_culture_index import INDEX

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


# What the other phases deliver (issue: an accepted workshop had no record, a target agreement
# handed in no goals): every kind that stores content has it, as the product's rules ask.
NOTE_KINDS = ("profile", "report", "review", "decision")
WORKSHOP_KINDS = ("workshop", "training", "meeting")


# What the made-up cycles hand in. They are all still in progress, in states the cycle services
# reach (tests/scenarios/test_demo_states.py): a decision is never handed in (it is taken, and taking
# it awards the cycle), and an annual report or a care-guide training runs only after the award.
# The five employers' replayed histories hand those in, through the services.
AFTER_THE_AWARD = {"decision", "annual_report", "training"}
MADE_UP_KINDS = {*WORKSHOP_KINDS, *NOTE_KINDS, "target_agreement", "signature"} - AFTER_THE_AWARD


def made_up_handed_in():
    return [
        run
        for run in handed_in().filter(cycle__organisation__is_example=True).select_related("cycle__programme")
        if not run.phase.records_answers
    ]


def test_no_made_up_phase_handed_in_that_stores_content_is_empty():
    runs = made_up_handed_in()
    kinds = {run.phase.deliverable for run in runs}
    assert kinds >= MADE_UP_KINDS
    # a survey phase is delivered by its staff survey, or by the report of one run elsewhere
    incomplete = {run.pk: problems for run in runs if (problems := deliverable_problems(run))}
    assert incomplete == {}
    without_text = [run.pk for run in runs if run.phase.deliverable in NOTE_KINDS and not run.note.strip()]
    assert without_text == []


def test_the_made_up_deliverables_are_dated_valid_and_in_the_employers_language():
    bank = yaml.safe_load((Path(settings.VEREINBAR_LIBRARY_DIR) / "demo" / "deliverables.yaml").read_text("utf-8"))
    # (the culture index's cycles are made by demo_culture_index, with texts of their own)
    runs = [run for run in made_up_handed_in() if run.cycle.programme.identifier != INDEX]
    signers = {
        language: [s for kind in by_kind.values() for s in kind] for language, by_kind in bank["signers"].items()
    }
    checked = set()
    for run in runs:
        kind, language = run.phase.deliverable, run.cycle.organisation.primary_language
        submitted = timezone.localdate(run.submitted_at)
        if kind in WORKSHOP_KINDS:
            texts = bank["workshops"][language][kind]
            for workshop in run.workshops.prefetch_related("outcomes"):
                assert (run.opened_on or submitted) <= workshop.held_on <= submitted, run
                assert workshop.moderator in bank["moderators"][language] and workshop.participants_count
                assert workshop.minutes in texts["minutes"]
                outcomes = [outcome.text for outcome in workshop.outcomes.all()]
                assert len(outcomes) >= 2 and set(outcomes) <= set(texts["outcomes"]), run
        elif kind == "target_agreement":
            agreement = run.cycle.target_agreement
            assert agreement.signed_on <= submitted
            assert [agreement.signer_name, agreement.signer_function] in signers[language]
            for goal in agreement.goals.prefetch_related("measures"):
                assert goal.code == f"{goal.action_field.code}.{goal.number}" and goal.success_measure, run
                assert goal.owner in bank["owners"][language]
                # one taken over by a renewal keeps the due day it was agreed with (perhaps passed)
                assert goal.carried_from_id or goal.due_on > agreement.signed_on, run
                measures = list(goal.measures.all())
                assert measures and all(m.code == f"{goal.code}.{m.number}" and m.owner and m.due_on for m in measures)
        elif kind == "annual_report":
            report = run.annual_report
            assert report.summary in bank["annual_report"][language]["summary"]
            progress = list(report.progress.select_related("goal"))
            # a goal has the status its latest report gave it (a cycle that ended has them all)
            later = run.cycle.phase_runs.filter(phase=run.phase, occurrence__gt=run.occurrence).exists()
            assert progress and (later or all(item.goal.status == item.status for item in progress)), run
        elif kind == "signature":
            signature = run.signature
            assert signature.signed_on <= submitted and signature.scan.storage.exists(signature.scan.name), run
            assert [signature.signer_name, signature.signer_function] in signers[language]
        elif kind in NOTE_KINDS:
            assert run.note in bank["notes"][language][kind], run
        else:
            continue
        checked.add(kind)
    assert checked >= MADE_UP_KINDS


def test_the_five_employers_histories_hand_in_what_comes_after_the_award():
    real = {run.phase.deliverable for run in handed_in().filter(cycle__organisation__is_example=False)}
    assert real >= AFTER_THE_AWARD, real
