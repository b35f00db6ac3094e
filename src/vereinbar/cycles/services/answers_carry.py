"""What a renewal takes over from the cycle it renews besides its goals: the employer's answers to
the criteria and the files attached to them, put into the renewal's phases that ask the same
criteria (by code, so a new programme version works too), for the coordinator to check and update.

Only what the employer gave is taken over (phases the coordinator or a contributor acts in): an
auditor's or the board's assessment is made anew, and staff surveys are never copied. Nothing is
handed in: the phases stay open for the employer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files import File
from django.utils import timezone

from vereinbar.programmes.models import ActorRole, AssessmentKind, Criterion

from ..models import AssessmentAnswer, Cycle, Evidence, PhaseRun

# The phases whose answers and files are the employer's own.
EMPLOYER_ACTORS = (ActorRole.COORDINATOR, ActorRole.CONTRIBUTOR)


@dataclass(frozen=True)
class AnswersCarried:
    """What a renewal took over: answers, files, and the answers left out because the renewal
    no longer asks their criteria (or asks them so that the old answer does not fit)."""

    answers: int
    evidence: int
    left_out: int


def employer_answered(cycle: Cycle) -> bool:
    """Whether the employer answered a criterion in the cycle (what its renewal takes over)."""
    return AssessmentAnswer.objects.filter(cycle=cycle, phase_run__phase__actor__in=EMPLOYER_ACTORS).exists()


def _latest(source: Cycle) -> dict[str, AssessmentAnswer]:
    """The employer's latest answer to each criterion of ``source`` (by code)."""
    latest: dict[str, AssessmentAnswer] = {}
    for answer in (
        AssessmentAnswer.objects.filter(cycle=source, phase_run__phase__actor__in=EMPLOYER_ACTORS)
        .select_related("criterion__scale", "phase_run")
        .order_by("phase_run__phase__order", "phase_run__occurrence", "pk")
    ):
        if answer.is_answered or answer.comment.strip():
            latest[answer.criterion.code] = answer  # a later phase or occurrence has the newer answer
    return latest


def _asked(target: Cycle) -> dict[str, tuple[PhaseRun, Criterion]]:
    """Criterion code → the first phase of the employer in ``target`` that asks it."""
    from ..selectors import criteria_in_scope

    asked: dict[str, tuple[PhaseRun, Criterion]] = {}
    for run in (
        target.phase_runs.filter(phase__actor__in=EMPLOYER_ACTORS, occurrence=1)
        .select_related("phase")
        .order_by("phase__order")
    ):
        if run.phase.records_answers:
            for criterion in criteria_in_scope(run.phase):
                asked.setdefault(criterion.code, (run, criterion))
    return asked


def answers_carry_over(*, source: Cycle, target: Cycle) -> AnswersCarried | None:
    """Copy the employer's latest answer to each criterion of ``source`` (with the files attached
    to it) into the first phase of ``target`` of the employer that asks that criterion, unless
    that phase has an answer already. None when ``source`` has neither answers nor such files."""
    if source.organisation_id != target.organisation_id:
        raise ValueError("answers are only taken over within one organisation")
    latest = _latest(source)
    files = list(
        Evidence.objects.filter(cycle=source, criterion__isnull=False, phase_run__phase__actor__in=EMPLOYER_ACTORS)
        .select_related("criterion")
        .order_by("uploaded_at", "pk")
    )
    if not latest and not files:
        return None
    asked = _asked(target)
    # given already (a phase worked on before the answers came over): never overwritten
    answered = set(AssessmentAnswer.objects.filter(cycle=target).values_list("phase_run_id", "criterion__code"))
    copies: list[AssessmentAnswer] = []
    left_out = 0
    for code, answer in latest.items():
        place = asked.get(code)
        if place is None or not _fits(answer, place[1]):
            left_out += 1
            continue
        run, criterion = place
        if (run.pk, code) in answered:
            continue
        copies.append(
            AssessmentAnswer(
                cycle=target,
                phase_run=run,
                criterion=criterion,
                status=answer.status,
                score=answer.score,
                text=answer.text,
                comment=answer.comment,
                carried_from=answer,
            )
        )
    AssessmentAnswer.objects.bulk_create(copies)
    return AnswersCarried(answers=len(copies), evidence=_files_copy(files, asked, target), left_out=left_out)


@dataclass(frozen=True)
class TakenOver:
    """For a phase's page: what the renewal took over into it from ``previous``."""

    previous: Cycle
    run: PhaseRun
    answers: int  # taken over into this phase
    unchanged: int  # of those, not changed since
    evidence: int
    handed_in_on: date | None  # when the previous cycle's answers were handed in
    left_out: int  # answers of the previous cycle this cycle no longer asks (on its first such phase)


def taken_over(run: PhaseRun, asked: dict[str, tuple[PhaseRun, Criterion]] | None = None) -> TakenOver | None:
    """What the renewal ``run`` belongs to took over into it (None: nothing, or no renewal);
    ``asked``: the cycle's ``_asked``, when the caller has it already (one per cycle page)."""
    cycle = run.cycle
    previous = cycle.previous
    if previous is None or run.phase.actor not in EMPLOYER_ACTORS or not run.phase.records_answers:
        return None
    answers = list(run.answers.filter(carried_from__isnull=False).select_related("carried_from__phase_run"))
    evidence = run.evidence.filter(carried_from__isnull=False).count()
    asked = _asked(cycle) if asked is None else asked
    first = min((place[0] for place in asked.values()), key=lambda r: r.phase.order, default=None)
    left_out = 0
    if first is not None and first.pk == run.pk:
        left_out = sum(
            1 for code, answer in _latest(previous).items() if code not in asked or not _fits(answer, asked[code][1])
        )
    if not answers and not evidence and not left_out:
        return None
    handed_in = [
        timezone.localdate(a.carried_from.phase_run.submitted_at)
        for a in answers
        if a.carried_from is not None and a.carried_from.phase_run.submitted_at is not None
    ]
    return TakenOver(
        previous=previous,
        run=run,
        answers=len(answers),
        unchanged=sum(1 for a in answers if a.is_taken_over),
        evidence=evidence,
        handed_in_on=max(handed_in, default=previous.started_on),
        left_out=left_out,
    )


def _fits(answer: AssessmentAnswer, criterion: Criterion) -> bool:
    """Whether the old answer is a valid answer to the criterion as the renewal asks it."""
    kind = criterion.assessment_kind
    if kind != answer.criterion.assessment_kind:
        return False
    if kind == AssessmentKind.STATUS and answer.status:
        return criterion.scale is not None and any(o.value == answer.status for o in criterion.scale.options.all())
    if kind == AssessmentKind.SCORE and answer.score is not None:
        return criterion.max_score is None or answer.score <= criterion.max_score
    if kind == AssessmentKind.TEXT:
        return not criterion.max_length or len(answer.text) <= criterion.max_length
    return True


def _files_copy(files: list[Evidence], asked: dict[str, tuple[PhaseRun, Criterion]], target: Cycle) -> int:
    """Copy the files (each stored anew: removing it in one cycle leaves the other's) of the
    criteria the renewal asks; the same file twice for a criterion once. Return how many."""
    seen = set(Evidence.objects.filter(cycle=target).values_list("criterion__code", "sha256"))
    copied = 0
    for item in files:
        assert item.criterion is not None
        place = asked.get(item.criterion.code)
        if place is None or (item.criterion.code, item.sha256) in seen:
            continue
        run, criterion = place
        copy = Evidence(
            cycle=target,
            phase_run=run,
            criterion=criterion,
            original_name=item.original_name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            description=item.description,
            uploaded_by_id=item.uploaded_by_id,
            uploaded_at=item.uploaded_at,
            carried_from=item,
        )
        try:
            with item.file.open("rb") as handle:
                copy.file.save(item.original_name, File(handle), save=False)
        except FileNotFoundError:
            continue  # gone from the storage: nothing to copy
        copy.save()
        seen.add((item.criterion.code, item.sha256))
        copied += 1
    return copied


@dataclass(frozen=True)
class CycleTakenOver:
    """For a renewal's page: the goals it took over and, per phase, the answers."""

    goals: int
    phases: list[TakenOver]


def cycle_taken_over(cycle: Cycle) -> CycleTakenOver | None:
    """What the renewal ``cycle`` took over from the cycle before (None: nothing, or no renewal)."""
    from ..models import Goal

    if cycle.previous_id is None:
        return None
    goals = Goal.objects.filter(agreement__cycle=cycle, carried_from__isnull=False).count()
    asked = _asked(cycle)  # the same for each phase: worked out once
    phases = [
        found
        for run in cycle.phase_runs.filter(phase__actor__in=EMPLOYER_ACTORS, occurrence=1)
        .select_related("phase", "cycle__previous__stage")
        .order_by("phase__order")
        if run.phase.records_answers and (found := taken_over(run, asked)) is not None and found.answers
    ]
    return CycleTakenOver(goals=goals, phases=phases) if goals or phases else None
