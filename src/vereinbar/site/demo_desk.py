"""Made-up cycles of the example employers, so that the operator's desk in the demo shows what
it is for: about a thousand cycles across the operated programmes, in every status, with
phases in progress (some submitted, some returned, some overdue), auditors assigned or not, so
that the lists page, filter and count for real. Each is in a state the cycle services reach
(``phase_statuses`` walks the workflow's table): nothing handed in that nobody accepts, no
decision handed in, no cycle still in progress past its award. A cycle that ended has the
phases its end left (``_follow_ups_give``, ``_ended_runs_give``): all accepted in a completed
one (an award with yearly reports after it closes with the last report, not on the award's
day), those up to the one it was withdrawn in, none in a declined application (which says
why). Only example employers (``is_example``) get them; bulk inserts (the history the
services would have written: ``demo_cycle_history``), a second or two.

Dated like a real year (seeded, so every load alike): a cycle was applied for, started and
closed in that order, before today (a renewal started the day it was applied for, as
``cycle_renew`` opens it: ``_renewals_open``); a phase in progress opened days to months ago
(``OPENED_AGO``), the cycle's earlier ones weeks before it, the first on the day the cycle
started; a phase handed in waits days to weeks for its review (``WAITING``), and about one in
ten of those being worked on is past its due date. The staff surveys of the survey phases:
``demo_phase_surveys``.

What an auditor opens looks real (``_runs_fill``): a phase handed in has the day it was
submitted, by the party the programme names for it (the employer's coordinator, the cycle's
auditor, the operator's person), and, once reviewed, the day and the reviewer, with the
review (a returned one says what to change); a self-assessment (or a phase that assesses
criteria) handed in answers every required criterion as the product's
rules ask (an option of the criterion's scale, a score within its range and step, a text of
the length asked for), with comments in the employer's language from library/demo/answers.yaml,
and a short PDF where a criterion asks for evidence: the employer's own, naming it, the
criterion, one of its measures that fits, the answer and the dates (``evidence_lines``). What the other phases handed in deliver
(workshops, target agreements, annual reports, signatures, texts): ``demo_deliverables``.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.files.base import ContentFile

from vereinbar.site.demo_rows import rows_update

EXAMPLE_CYCLES = 1000
SEED = 20261206
# How the made-up cycles are spread over statuses (weights).
STATUSES = {"applied": 12, "open": 58, "completed": 18, "declined": 5, "withdrawn": 7}
# At most this many ended cycles of one employer in a programme are drawn (besides a running
# one): they follow one another (``renewals_give_history``), and more would reach back further
# than a platform's records.
PER_EMPLOYER = 2


def example_cycles_load(*, today: date) -> int:
    """About ``EXAMPLE_CYCLES`` cycles of example employers in the operated programmes that still
    take applications and whose language fits the employer's country (called once, when the examples are generated; an
    employer's running cycle in a programme is never doubled)."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role
    from vereinbar.cycles.models import Cycle, CycleStatus, Decision, PhaseRun, PhaseStatus
    from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType
    from vereinbar.programmes.models import Phase, Programme, Stage, closed_since
    from vereinbar.site.demo_culture_index import INDEX

    rng = random.Random(SEED)
    employers = list(
        Organisation.objects.filter(is_example=True, type=OrganisationType.EMPLOYER, status=OrganisationStatus.APPROVED)
        .order_by("pk")
        .only("pk", "country")
    )
    programmes = []
    every_stage: dict[int, list[Any]] = {}  # stage → its phases in order, of every programme below
    # The culture index certifies by generated staff answers alone (demo_culture_index): no
    # made-up cycles without a survey there.
    operated = Programme.objects.filter(operator__isnull=False, current_version__isnull=False).exclude(identifier=INDEX)
    for programme in operated.select_related("current_version"):
        version, operator_id = programme.current_version, programme.operator_id
        assert version is not None and operator_id is not None
        if closed_since(version, on=today) is not None:
            continue  # a programme that has ended takes no more applications
        stages = list(Stage.objects.filter(version=version).order_by("order"))
        if not stages:
            continue
        phases: dict[int, list[Any]] = {stage.pk: [] for stage in stages}
        rows = Phase.objects.filter(version=version).order_by("stage__order", "order")
        for phase in rows.only(
            "pk",
            "stage_id",
            "deliverable",
            "actor",
            "accepted_by",
            "due_anchor",
            "optional",
            "repeat_every_months",
            "repeat_count",
        ).prefetch_related("requires"):
            phases.setdefault(phase.stage_id, []).append(phase)
        auditors = list(
            Membership.objects.filter(organisation_id=operator_id, role=Role.AUDITOR).values_list("user_id", flat=True)
        )
        countries = {"nl": {"NL"}, "de": {"DE"}}.get(version.default_language, {"DE", "NL"})
        every_stage |= phases
        programmes.append((programme, version, stages, phases, auditors, countries))
    if not employers or not programmes:
        return 0
    eligible = [[e for e in employers if e.country in entry[5]] for entry in programmes]
    statuses, weights = list(STATUSES), list(STATUSES.values())
    cycles: list[Cycle] = []
    plan: list[tuple[Cycle, list[Any]]] = []
    running = set(
        Cycle.objects.filter(status__in=[CycleStatus.APPLIED, CycleStatus.OPEN]).values_list(
            "organisation_id", "programme_id"
        )
    )
    drawn: Counter[tuple[int, int]] = Counter()  # how many cycles each employer has in a programme
    spare = random.Random(SEED + 2)  # apart from ``rng``: the draws after a second choice stay as they were
    for number in range(EXAMPLE_CYCLES):  # the programmes in turn, a random employer each
        entry = programmes[number % len(programmes)]
        programme, version, stages, phases, auditors, _countries = entry
        if not eligible[number % len(programmes)]:
            continue
        employer = rng.choice(eligible[number % len(programmes)])
        status = rng.choices(statuses, weights)[0]
        key = (employer.pk, programme.pk)
        if status in ("applied", "open"):
            if key in running:  # one running cycle per employer and programme: this one is earlier
                status = "completed"
            running.add(key)
        if status not in ("applied", "open") and drawn[key] >= PER_EMPLOYER:
            # one ended, of an employer with enough already: another's (a running one stays
            # where it was drawn, and so do its phases and everything drawn after it)
            fewer = [e for e in eligible[number % len(programmes)] if drawn[e.pk, programme.pk] < PER_EMPLOYER]
            employer = spare.choice(fewer) if fewer else employer
            key = (employer.pk, programme.pk)
        drawn[key] += 1
        applied_on, started_on, closed_on = _cycle_dates(rng, status, today=today)
        stage = rng.choice(stages)
        cycle = Cycle(
            organisation_id=employer.pk,
            programme=programme,
            version=version,
            stage=stage,
            status=status,
            auditor_id=rng.choice(auditors) if auditors and (started_on or rng.random() < 0.4) else None,
            applied_on=applied_on,
            started_on=started_on,
            closed_on=closed_on,
        )
        cycles.append(cycle)
        plan.append((cycle, phases.get(stage.pk, [])))
    # The phases of the cycles in progress, dated first: the cycle started when its first
    # phase opened (and was applied for a few weeks before).
    progress: list[tuple[Cycle, list[Any], list[date], str, date | None, list[Any]]] = []
    for cycle, stage_phases in plan:
        if cycle.status != CycleStatus.OPEN or not stage_phases:
            continue
        # phases accepted before the one in progress; never past the award (that cycle is awarded)
        done = rng.randrange(_before_award(stage_phases, gives_award=cycle.stage.gives_award))
        current = stage_phases[done]
        status = rng.choice(
            [s for s in CURRENT_STATUSES if s in phase_statuses(current, auditor=bool(cycle.auditor_id))]
        )
        days = _opening_days(rng, done + 1, today=today)
        cycle.started_on = days[0]
        cycle.applied_on = days[0] - timedelta(days=rng.randint(5, 45))
        later = [phase for phase in stage_phases[done + 1 :] if not phase.optional]  # optional ones: not taken
        progress.append(
            (cycle, stage_phases[: done + 1], days, status, _due(rng, days[-1], status, today=today), later)
        )
    # An auditor looks after some twenty employers; a renewal follows the cycles before it.
    from vereinbar.site.demo_people import caseloads_spread, renewals_give_history

    caseloads_spread(cycles)
    Cycle.objects.bulk_create(cycles, batch_size=500)
    renewals_give_history(cycles, today=today)
    progress += _renewals_open(cycles, every_stage, today=today)
    runs: list[PhaseRun] = []
    for cycle, stage_phases, days, status, due_on, later in progress:
        for index, (phase, opened) in enumerate(zip(stage_phases, days, strict=True)):
            current = index == len(days) - 1
            runs.append(
                PhaseRun(
                    cycle=cycle,
                    phase=phase,
                    status=status if current else PhaseStatus.ACCEPTED,
                    opened_on=opened,
                    due_on=due_on if current else None,
                )
            )
        runs += _runs_later(cycle, later, done=stage_phases[:-1], days=days)
    follow_ups, decisions, ends = _follow_ups_give(every_stage, today=today)
    runs += follow_ups
    ended, closed = _ended_runs_give(every_stage, skip={run.cycle_id for run in follow_ups}, today=today)
    runs += ended
    _runs_fill(runs, today=today, ends=ends | closed)
    for decision in decisions:
        decision.phase_run = decision.phase_run  # stored now: its key
    Decision.objects.bulk_create(decisions, batch_size=500)
    from vereinbar.site.demo_phase_surveys import phase_surveys_fill

    phase_surveys_fill(runs, today=today)
    _renewals_carry()
    return len(cycles)


def _renewals_carry() -> None:
    """Give the example renewals what ``cycle_renew`` takes over (``renewal_carry_over``, the
    same function): the goals not yet reached with their measures, the employer's answers and
    their files. Oldest first, so that a renewal of a renewal takes over what the one before it
    took over. Where a renewal got goals drawn of its own (its agreement handed in), those are
    numbered after the goals taken over, as the employer would have added them after them; an
    answer drawn for the renewal stays (it is the updated one)."""
    from vereinbar.cycles.models import AssessmentAnswer, Cycle, Evidence, Goal
    from vereinbar.cycles.services.agreement import NOT_CARRIED
    from vereinbar.cycles.services.answers_carry import EMPLOYER_ACTORS
    from vereinbar.cycles.services.cycle import renewal_carry_over
    from vereinbar.site.demo_deliverables import deliverables_file

    rng = random.Random(SEED + 6)  # apart from the other draws: those stay as they were
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    texts = yaml.load(deliverables_file().read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    examples = {"cycle__organisation__is_example": True, "phase_run__phase__actor__in": EMPLOYER_ACTORS}
    # the cycles with something to take over (a renewal that took some over joins them below):
    # the others are passed by, which keeps the load a second or two longer rather than a minute
    holding = (
        set(
            Goal.objects.filter(agreement__cycle__organisation__is_example=True)
            .exclude(status__in=NOT_CARRIED)
            .values_list("agreement__cycle_id", flat=True)
        )
        | set(AssessmentAnswer.objects.filter(**examples).values_list("cycle_id", flat=True))
        | set(Evidence.objects.filter(criterion__isnull=False, **examples).values_list("cycle_id", flat=True))
    )
    renewals = (
        Cycle.objects.filter(organisation__is_example=True, previous__isnull=False, started_on__isnull=False)
        .select_related("previous", "organisation")
        .order_by("started_on", "pk")
    )
    for renewal in renewals:
        previous = renewal.previous
        assert previous is not None
        if previous.pk not in holding:
            continue
        taken: dict[str, int] = {}  # action field code → the highest number of a goal taken over there
        for code, number in (
            Goal.objects.filter(agreement__cycle=previous)
            .exclude(status__in=NOT_CARRIED)
            .values_list("action_field__code", "number")
        ):
            taken[code] = max(number, taken.get(code, 0))
        if taken:
            _drawn_goals_after(renewal, taken)
        carried = renewal_carry_over(source=previous, target=renewal)
        if any(carried.values()):
            holding.add(renewal.pk)
        if carried.get("goals_carried_over"):
            _carried_goals_reported(renewal, rng=rng, texts=texts)


def _carried_goals_reported(renewal: Any, *, rng: random.Random, texts: dict[str, Any]) -> None:
    """The renewal's annual reports handed in report on the goals it took over too (as the
    product asks of a report), each with the goal's status."""
    from vereinbar.cycles.models import AnnualReport, Goal, GoalProgress, GoalStatus

    reports = list(AnnualReport.objects.filter(phase_run__cycle=renewal))
    if not reports:
        return
    goals = list(
        Goal.objects.filter(agreement__cycle=renewal, carried_from__isnull=False).exclude(status=GoalStatus.DROPPED)
    )
    bank = _in(texts["annual_report"], renewal.organisation.primary_language)
    GoalProgress.objects.bulk_create(
        GoalProgress(report=report, goal=goal, status=goal.status, comment=rng.choice(bank[goal.status]))
        for report in reports
        for goal in goals
    )


def _drawn_goals_after(renewal: Any, taken: dict[str, int]) -> None:
    """Number the renewal's own drawn goals (and their measures) after those it takes over."""
    from vereinbar.cycles.models import Goal

    drawn = list(
        Goal.objects.filter(agreement__cycle=renewal, action_field__code__in=taken)
        .select_related("action_field")
        .prefetch_related("measures")
        .order_by("-number")  # the highest first: no number is taken twice on the way
    )
    for goal in drawn:
        goal.number += taken[goal.action_field.code]
        goal.code = f"{goal.action_field.code}.{goal.number}"
        goal.save(update_fields=["number", "code"])
        for measure in goal.measures.all():
            measure.code = f"{goal.code}.{measure.number}"
            measure.save(update_fields=["code"])


def _renewals_open(
    cycles: list[Any], stages: dict[int, list[Any]], *, today: date
) -> list[tuple[Any, list[Any], list[date], str, date, list[Any]]]:
    """Make the renewals among the saved ``cycles`` (those ``renewals_give_history`` gave the
    cycle they renew) what ``cycle_renew`` makes: it opens the next stage at once, started on
    the day it is applied for, with the auditor of the cycle renewed; a renewal is never an
    application waiting to be accepted, or declined. One drawn as an application is open since
    that day, at its first phase; one drawn as declined was opened and then withdrawn
    (``_ended_runs_give`` gives it its runs). Return the open ones' runs to make, as
    ``example_cycles_load`` plans those in progress."""
    from django.db.models import F

    from vereinbar.cycles.models import Cycle, CycleStatus, PhaseStatus

    rng = random.Random(SEED + 5)  # apart from the other draws: those stay as they were
    renewals = [cycle for cycle in cycles if cycle.previous_id is not None]
    caseload = {(c.organisation_id, c.programme.operator_id): c.auditor_id for c in cycles if c.auditor_id}
    staff = {c.programme.operator_id: c.auditor_id for c in cycles if c.auditor_id}  # one of each operator's
    progress = []
    for cycle in renewals:
        if cycle.status not in (CycleStatus.APPLIED, CycleStatus.DECLINED):
            cycle.applied_on = cycle.started_on  # drawn as accepted days after it came in: renewed on one day
            continue
        # the auditor of the cycle renewed; where that had none, the operator has since assigned
        # the employer's (``caseloads_spread``), or one of its auditors
        cycle.started_on = cycle.applied_on
        operator_id = cycle.programme.operator_id
        cycle.auditor_id = (
            cycle.previous.auditor_id or caseload.get((cycle.organisation_id, operator_id)) or staff.get(operator_id)
        )
        if cycle.status == CycleStatus.DECLINED:
            cycle.status = CycleStatus.WITHDRAWN
            continue
        cycle.status = CycleStatus.OPEN
        phases = stages.get(cycle.stage_id, [])
        if not phases:
            continue
        allowed = phase_statuses(phases[0], auditor=bool(cycle.auditor_id))
        if (today - cycle.started_on).days < 21:  # too new to have been handed in (and reviewed)
            allowed = {PhaseStatus.OPEN}
        status = rng.choice([s for s in CURRENT_STATUSES if s in allowed])
        due = _due(rng, cycle.started_on, status, today=today)
        progress.append((cycle, phases[:1], [cycle.started_on], status, due, [p for p in phases[1:] if not p.optional]))
    rows_update(renewals, ["status", "applied_on", "started_on", "auditor"])
    # and the stages passed before an employer's first drawn cycle (``renewals_give_history``)
    Cycle.objects.filter(organisation__is_example=True, previous__isnull=False, started_on__isnull=False).exclude(
        applied_on=F("started_on")
    ).update(applied_on=F("started_on"))
    return progress


def _runs_later(cycle: Any, phases: list[Any], *, done: list[Any], days: list[date]) -> list[Any]:
    """The runs of the phases after the one in progress, as the product made them when it
    accepted the cycle (``runs_create``): locked, but open where their gate is met (every phase
    they require is among those ``done``, and no award is needed) since that day: when the
    last phase they require was accepted (the day the phase after it opened, ``days``), or
    the cycle's first day for one that requires none."""
    from vereinbar.cycles.dates import due_date, needs_award
    from vereinbar.cycles.models import PhaseRun, PhaseStatus

    position = {phase.pk: index for index, phase in enumerate(done)}
    runs = []
    for phase in phases:
        required = [position.get(other.pk) for other in phase.requires.all()]
        if None in required or needs_award(phase):
            runs.append(PhaseRun(cycle=cycle, phase=phase, status=PhaseStatus.LOCKED))
            continue
        opened = days[max(required) + 1] if required else days[0]  # type: ignore[type-var, operator]
        due = due_date(phase, occurrence=1, cycle=cycle, opened_on=opened, award=None)
        runs.append(PhaseRun(cycle=cycle, phase=phase, status=PhaseStatus.OPEN, opened_on=opened, due_on=due))
    return runs


def _follow_ups_give(stages: dict[int, list[Any]], *, today: date) -> tuple[list[Any], list[Any], dict[int, date]]:
    """Give the example cycles completed with an award the runs the product made, and keep
    awarded those whose phases after the award (annual reports) are not all done by today,
    as the product does: a cycle completes only when its last phase is accepted, so one whose
    award is followed by yearly reports closed with the last of them (its agreement period),
    not on the day of the award. The runs: the phases before the award accepted (the first on
    the day the cycle started, the decision the day the award was issued, by the decision's
    actor, with its decision), then those after it as they fell due: each occurrence opened
    when the one before was accepted (the first with the award), due as the programme counts
    (``due_date``), accepted weeks around that day; in a cycle still awarded the one due next
    in progress. One whose award ran out or was renewed has all its reports in. Return the
    runs, the decisions (not stored: the runs are stored by ``_runs_fill``, the decisions
    after them) and the day each run that ended a stretch was accepted (for ``_runs_fill``)."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role
    from vereinbar.certificates.models import Award, AwardStatus
    from vereinbar.cycles.dates import due_date
    from vereinbar.cycles.models import Cycle, CycleStatus, Decision, DecisionOutcome, PhaseRun, PhaseStatus
    from vereinbar.programmes.models import DeliverableKind, DueAnchor
    from vereinbar.site.demo_history import moment

    rng = random.Random(SEED + 3)  # apart from the cycles' own draws: those stay as they were
    later = {
        stage: [phase for phase in phases if phase.due_anchor == DueAnchor.AWARD] for stage, phases in stages.items()
    }
    awards = list(
        Award.objects.filter(
            stage_id__in=later,
            cycle__status=CycleStatus.COMPLETED,
            cycle__organisation__is_example=True,
        )
        .select_related("cycle", "level")
        .order_by("pk")
    )
    _cycles_dress([award.cycle for award in awards])
    # one renewed was completed by its renewal: all its reports are in
    renewed = set(
        Cycle.objects.filter(organisation__is_example=True, previous__isnull=False).values_list(
            "previous_id", flat=True
        )
    )
    members: dict[tuple[int, str], int] = {}
    for organisation_id, role, user_id in Membership.objects.order_by("-pk").values_list(
        "organisation_id", "role", "user_id"
    ):
        members[organisation_id, role] = user_id  # the first member of each role wins
    runs: list[Any] = []
    decisions: list[Any] = []
    ends: dict[int, date] = {}
    awarded: list[Any] = []
    closing: list[Any] = []
    latest = today - timedelta(days=1)
    for award in awards:
        cycle: Any = award.cycle
        issued = award.issued_on
        # What came after the award, occurrence by occurrence: (phase, occurrence, opened, due, accepted).
        schedule = []
        for phase in later[cycle.stage_id]:
            opened = issued
            for occurrence in range(1, (phase.repeat_count or 1) + 1):
                due = due_date(phase, occurrence=occurrence, cycle=cycle, opened_on=issued, award=award)
                if due is not None and award.valid_until is not None and due > award.valid_until:
                    break  # none due after the award ran out (``phases._repeat``)
                done = (due or opened + timedelta(days=90)) - timedelta(days=rng.randint(-10, 40))
                schedule.append((phase, occurrence, opened, due, max(done, opened + timedelta(days=7))))
                opened = schedule[-1][4]
                if not phase.repeat_every_months:
                    break
        running = (
            award.status == AwardStatus.VALID
            and cycle.pk not in renewed
            and any(done >= today for *_rest, done in schedule)
        )
        if not running:  # all in, by yesterday at the latest
            schedule = [
                (phase, occurrence, opened, due, max(min(done, latest), opened))
                for phase, occurrence, opened, due, done in schedule
                if opened <= latest
            ]
        before = [
            phase for phase in stages[cycle.stage_id] if phase.due_anchor != DueAnchor.AWARD and not phase.optional
        ]
        assert cycle.started_on is not None
        span = max(1, (issued - cycle.started_on).days)
        for index, phase in enumerate(before):
            run = PhaseRun(
                cycle=cycle,
                phase=phase,
                status=PhaseStatus.ACCEPTED,
                opened_on=cycle.started_on + timedelta(days=span * index // len(before)),
            )
            if phase.deliverable == DeliverableKind.DECISION:
                role = {"board": Role.BOARD_MEMBER, "auditor": Role.AUDITOR}.get(phase.actor, Role.OPERATOR_ADMIN)
                run.accepted_by_id = (
                    cycle.auditor_id if phase.actor == "auditor" else members.get((cycle.programme.operator_id, role))
                )
                run.submitted_at = run.accepted_at = moment(issued)
                level = award.level
                decisions.append(
                    Decision(
                        cycle=cycle,
                        phase_run=run,
                        outcome=DecisionOutcome.GRANT,
                        level=level,
                        computed_level=level.key if level is not None else "",
                        decided_on=issued,
                        decided_by_id=run.accepted_by_id,
                        created_at=moment(issued),
                    )
                )
            runs.append(run)
        if before and runs[-1].accepted_at is None:
            ends[id(runs[-1])] = issued  # accepting the last phase before the award granted it
        if not any(phase.deliverable == DeliverableKind.DECISION for phase in before):
            # granted by the rules once the phases before the award were accepted (``award_grant_automatically``)
            decisions.append(
                Decision(
                    cycle=cycle,
                    outcome=DecisionOutcome.GRANT,
                    level=award.level,
                    computed_level=award.level.key if award.level is not None else "",
                    automatic=True,
                    decided_on=issued,
                    decided_by_id=members.get((cycle.programme.operator_id, Role.OPERATOR_ADMIN)),
                    created_at=moment(issued),
                )
            )
        if not running:
            for phase, occurrence, opened, due, done in schedule:
                run = PhaseRun(
                    cycle=cycle,
                    phase=phase,
                    occurrence=occurrence,
                    status=PhaseStatus.ACCEPTED,
                    opened_on=opened,
                    due_on=due,
                )
                ends[id(run)] = done
                runs.append(run)
            if schedule:  # closed with its last report, not with the award
                cycle.closed_on = max(done for *_rest, done in schedule)
                closing.append(cycle)
            continue
        for phase, occurrence, opened, due, done in schedule:
            if opened >= today:
                break  # not opened yet: the one before is still in progress
            statuses = [s for s in CURRENT_STATUSES if s in phase_statuses(phase, auditor=bool(cycle.auditor_id))]
            status = PhaseStatus.ACCEPTED if done < today else rng.choice(statuses)
            if due is not None and (due - today).days > 45 and status != PhaseStatus.ACCEPTED:
                status = PhaseStatus.OPEN  # not handed in long before it is due
            runs.append(
                PhaseRun(cycle=cycle, phase=phase, occurrence=occurrence, status=status, opened_on=opened, due_on=due)
            )
        cycle.status, cycle.closed_on = CycleStatus.AWARDED, None
        awarded.append(cycle)
    rows_update(awarded + closing, ["status", "closed_on"])
    return runs, decisions, ends


def _ended_runs_give(stages: dict[int, list[Any]], *, skip: set[int], today: date) -> tuple[list[Any], dict[int, date]]:
    """The runs the product left in the example cycles that ended without an award (those with
    one: ``_follow_ups_give``, not in ``skip``), and the reasons given. Completed (a stage with
    no award): every phase accepted, opened one after the other from the day the cycle started,
    the last accepted on the day it closed. Withdrawn while running: the phases before the one
    in progress accepted, that one open since it opened (weeks before the withdrawal), those
    after it as the product made them (``_runs_later``), none past the award. Withdrawn as an
    application, or declined: none (the phases are made when an application is accepted). A
    declined one says why (the product asks for a reason), about one withdrawn in two as well.
    Return the runs and the day each run that ended a cycle was accepted (for ``_runs_fill``)."""
    from vereinbar.cycles.models import Cycle, CycleStatus, PhaseRun, PhaseStatus
    from vereinbar.organisations.models import Organisation

    rng = random.Random(SEED + 4)  # apart from the other draws: those stay as they were
    texts = yaml.load(answers_file().read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    cycles = list(
        Cycle.objects.filter(
            organisation__is_example=True,
            stage_id__in=stages,
            status__in=[CycleStatus.COMPLETED, CycleStatus.WITHDRAWN, CycleStatus.DECLINED],
        )
        .exclude(pk__in=skip)
        .defer("optional_phases")
        .order_by("pk")
    )
    _cycles_dress(cycles)
    languages = {
        pk: Organisation(country=country).primary_language
        for pk, country in Organisation.objects.filter(pk__in={c.organisation_id for c in cycles}).values_list(
            "pk", "country"
        )
    }
    runs: list[Any] = []
    ends: dict[int, date] = {}
    reasoned: list[Any] = []
    for cycle in cycles:
        language = languages[cycle.organisation_id]
        if cycle.status == CycleStatus.DECLINED or (cycle.status == CycleStatus.WITHDRAWN and rng.random() < 0.5):
            cycle.status_reason = rng.choice(_in(texts[str(cycle.status)], language))
            reasoned.append(cycle)
        phases = [phase for phase in stages[cycle.stage_id] if not phase.optional]
        if cycle.started_on is None or cycle.closed_on is None or not phases:
            continue
        span = max(1, (cycle.closed_on - cycle.started_on).days)
        if cycle.status == CycleStatus.COMPLETED:
            for index, phase in enumerate(phases):
                opened = cycle.started_on + timedelta(days=span * index // len(phases))
                runs.append(PhaseRun(cycle=cycle, phase=phase, status=PhaseStatus.ACCEPTED, opened_on=opened))
            ends[id(runs[-1])] = cycle.closed_on
            continue
        # withdrawn: how far it came (never past the award), the phase in progress opened in
        # the first four fifths of its time
        done = rng.randrange(_before_award(phases, gives_award=cycle.stage.gives_award))
        days = [cycle.started_on + timedelta(days=span * 4 * index // (5 * (done + 1))) for index in range(done + 1)]
        for index, (phase, opened) in enumerate(zip(phases[: done + 1], days, strict=True)):
            runs.append(
                PhaseRun(
                    cycle=cycle,
                    phase=phase,
                    status=PhaseStatus.OPEN if index == done else PhaseStatus.ACCEPTED,
                    opened_on=opened,
                )
            )
        runs += _runs_later(cycle, list(phases[done + 1 :]), done=phases[:done], days=days)
    rows_update(reasoned, ["status_reason"])
    return runs, ends


def _cycles_dress(cycles: list[Any]) -> None:
    """Give the cycles their programme, version and stage, each read once (a version's
    definition is long: not once per cycle)."""
    from vereinbar.programmes.models import Programme, ProgrammeVersion, Stage

    programmes = Programme.objects.in_bulk({cycle.programme_id for cycle in cycles})
    versions = ProgrammeVersion.objects.in_bulk({cycle.version_id for cycle in cycles})
    stages = Stage.objects.in_bulk({cycle.stage_id for cycle in cycles})
    for cycle in cycles:
        cycle.programme = programmes[cycle.programme_id]
        cycle.version = versions[cycle.version_id]
        cycle.stage = stages[cycle.stage_id]


# How a phase in progress is spread over the statuses a phase can be in (weights, as a list).
CURRENT_STATUSES = ["open"] * 5 + ["submitted"] * 3 + ["returned"]


def phase_statuses(phase: Any, *, auditor: bool) -> set[str]:
    """The statuses a run of ``phase`` can reach, walked from the workflow's table: one the
    programme names an acceptor for is handed in ("submitted", then perhaps "returned") before
    it is accepted, any other (a decision too) goes from open to accepted at once. One the
    auditor accepts stays open while no auditor is assigned: handed in, nobody could take it."""
    from vereinbar.cycles.workflow import PHASE_TRANSITIONS
    from vereinbar.programmes.models import DeliverableKind

    reviewed = bool(phase.accepted_by) and phase.deliverable != DeliverableKind.DECISION
    stuck = phase.accepted_by == "auditor" and not auditor
    seen, todo = {"locked"}, ["locked"]
    while todo:
        source = todo.pop()
        for target in PHASE_TRANSITIONS[source]:  # type: ignore[index]
            if source == "open" and (stuck or target == ("accepted" if reviewed else "submitted")):
                continue
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return {str(status) for status in seen}


def _before_award(phases: list[Any], *, gives_award: bool) -> int:
    """How many of a stage's phases a cycle still "in progress" can have reached: up to its
    decision or, without one, to the first phase counted from the award (accepting that grants it)."""
    from vereinbar.programmes.models import DeliverableKind, DueAnchor

    if not gives_award:
        return len(phases)
    for index, phase in enumerate(phases):
        if phase.deliverable == DeliverableKind.DECISION:
            return index + 1
        if phase.due_anchor == DueAnchor.AWARD:
            return max(index, 1)
    return len(phases)


# How long ago the phase in progress opened (days, weights): most a few weeks or months ago, a
# few almost half a year, so that the desk's lists spread over the past months.
OPENED_AGO = {(1, 14): 25, (15, 45): 30, (46, 100): 30, (101, 175): 15}
# How long a phase handed in waits for its review (days, weights): mostly days, a few weeks.
WAITING = {(1, 7): 35, (8, 21): 35, (22, 45): 20, (46, 80): 10}
# The share of phases being worked on that are past their due date.
OVERDUE = 0.1


def _days(rng: random.Random, spans: dict[tuple[int, int], int]) -> int:
    low, high = rng.choices(list(spans), list(spans.values()))[0]
    return rng.randint(low, high)


def _cycle_dates(rng: random.Random, status: str, *, today: date) -> tuple[date, date | None, date | None]:
    """When a cycle was applied for, started and closed, in that order and before today (a
    cycle in progress gets its dates from its phases: ``_opening_days``). Drawn backwards from
    the latest, so that none has to be cut off at today (which would pile them up there)."""
    if status == "applied":
        return today - timedelta(days=rng.randint(1, 90)), None, None
    if status == "open":  # for now: ``example_cycles_load`` dates it by its phases
        started = today - timedelta(days=rng.randint(30, 400))
        return started - timedelta(days=rng.randint(3, 30)), started, None
    closed = today - timedelta(days=rng.randint(1, 900 if status == "completed" else 600))
    if status == "declined":
        return closed - timedelta(days=rng.randint(7, 60)), None, closed
    started = closed - timedelta(days=rng.randint(300, 720) if status == "completed" else rng.randint(30, 400))
    return started - timedelta(days=rng.randint(3, 30)), started, closed


def _opening_days(rng: random.Random, count: int, *, today: date) -> list[date]:
    """The days ``count`` phases of a cycle opened, one after the other: the last (in progress)
    days to months ago, each before it a few weeks earlier."""
    days = [today - timedelta(days=_days(rng, OPENED_AGO))]
    for _n in range(count - 1):
        days.insert(0, days[0] - timedelta(days=rng.randint(14, 70)))
    return days


def _due(rng: random.Random, opened: date, status: str, *, today: date) -> date:
    """The due date of a phase in progress: some weeks or months ahead, for a few of those being
    worked on (open or returned) already past."""
    if status != "submitted" and (today - opened).days > 30 and rng.random() < OVERDUE * 2:
        return max(opened + timedelta(days=21), today - timedelta(days=rng.randint(1, 40)))
    return max(opened + timedelta(days=30), today + timedelta(days=rng.randint(7, 200)))


HANDED_IN = ("submitted", "returned", "accepted")


def answers_file() -> Path:
    return Path(settings.VEREINBAR_LIBRARY_DIR) / "demo" / "answers.yaml"


def _when(rng: random.Random, day: date) -> datetime:
    """A moment in office hours on ``day`` (local time)."""
    from vereinbar.site.demo_history import moment

    return moment(day) + timedelta(minutes=rng.randint(-180, 300))


def _runs_fill(runs: list[Any], *, today: date, ends: dict[int, date] | None = None) -> None:
    """Store the runs, with dates, submitters, reviews, answers and evidence of those handed in.
    ``ends``: the day a run (by ``id``) was accepted where no run after it opened that day (the
    last of a cycle that ended, the last before an award)."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role
    from vereinbar.cycles.models import AssessmentAnswer, Evidence, PhaseRun, PhaseStatus, Review, ReviewComment
    from vereinbar.cycles.models.review import ReviewOutcome
    from vereinbar.organisations.models import Organisation
    from vereinbar.programmes.models import Phase

    rng = random.Random(SEED + 1)  # apart from the cycles' own draws: those stay as they were
    handed_in = [run for run in runs if run.status in HANDED_IN]
    if not handed_in:
        PhaseRun.objects.bulk_create(runs, batch_size=1000)
        return
    texts = yaml.load(answers_file().read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    phases = {phase.pk: phase for phase in Phase.objects.filter(pk__in={run.phase_id for run in handed_in})}
    criteria = _criteria_by_phase(phases)
    organisation_ids = {run.cycle.organisation_id for run in handed_in}
    languages = {
        pk: Organisation(country=country).primary_language
        for pk, country in Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "country")
    }
    members: dict[tuple[int, str], int] = {}
    for organisation_id, role, user_id in Membership.objects.order_by("-pk").values_list(
        "organisation_id", "role", "user_id"
    ):
        members[organisation_id, role] = user_id  # the first member of each role wins
    operator_roles = {"auditor": Role.AUDITOR, "board": Role.BOARD_MEMBER}

    def person(run: Any, party: str) -> int | None:
        """Who acts as ``party`` (a phase's ``actor`` or ``accepted_by``) in the run's cycle: the
        employer's coordinator for the employer's parties, the cycle's auditor, else the
        operator's member in that role (its admin for the operator)."""
        if party in ("coordinator", "contributor"):
            return members.get((run.cycle.organisation_id, Role.COORDINATOR))
        if party == "auditor" and run.cycle.auditor_id:
            return int(run.cycle.auditor_id)
        role = operator_roles.get(party, Role.OPERATOR_ADMIN)
        return members.get((run.cycle.programme.operator_id, role))

    # The next run's opening in the same cycle bounds when an accepted run was done.
    following: dict[int, date] = {}
    previous: Any = None
    for run in runs:
        if previous is not None and previous.cycle is run.cycle and run.opened_on:
            following[id(previous)] = run.opened_on
        previous = run
    following.update(ends or {})
    latest = today - timedelta(days=1)
    reviews: list[tuple[Any, Review, list[ReviewComment]]] = []
    returned_codes: dict[int, str] = {}
    for run in handed_in:
        phase = phases[run.phase_id]
        language = languages[run.cycle.organisation_id]
        if run.accepted_at is not None:
            continue  # decided already: the decision's actor accepted it
        opened = run.opened_on or latest
        run.submitted_by_id = person(run, phase.actor)  # an auditor's workshop is the auditor's
        if run.status == PhaseStatus.ACCEPTED:
            limit = max(opened, min(following.get(id(run), latest), latest))
            span = (limit - opened).days
            submitted = opened + timedelta(days=rng.randint(0, span * 2 // 3))
            accepted = submitted + timedelta(days=rng.randint(0, (limit - submitted).days))
            if following.get(id(run), today) < today:
                # accepting it opened the next phase (its gate): on that day; one with no
                # acceptor was accepted by handing it in
                accepted = limit
                submitted = submitted if phase.accepted_by else limit
                if id(run) in (ends or {}) and phase.accepted_by:  # ended a stretch: in days or weeks before
                    submitted = max(opened, limit - timedelta(days=rng.randint(2, 35)))
            run.submitted_at = _when(rng, submitted)
            run.accepted_at = max(_when(rng, accepted), run.submitted_at + timedelta(hours=1))
            if phase.accepted_by:
                run.accepted_by_id = person(run, phase.accepted_by)
                comment = rng.choice(_in(texts["accepted"], language)) if rng.random() < 0.3 else ""
                reviews.append(
                    (
                        run,
                        Review(
                            reviewer_id=run.accepted_by_id,
                            outcome=ReviewOutcome.ACCEPT,
                            comment=comment,
                            created_at=run.accepted_at,
                        ),
                        [],
                    )
                )
            else:  # handing it in accepted it
                run.accepted_at, run.accepted_by_id = run.submitted_at, run.submitted_by_id
            continue
        # Handed in days or weeks ago (returned ones long enough ago to have been reviewed since).
        wait = _days(rng, WAITING) + (0 if run.status == PhaseStatus.SUBMITTED else 3)
        span = (today - opened).days
        submitted = today - timedelta(days=wait if wait <= span else rng.randint(min(span, 1), span))
        run.submitted_at = _when(rng, submitted)
        if run.status == PhaseStatus.RETURNED:
            returned = min(submitted + timedelta(days=rng.randint(2, 14)), latest)
            comments = []
            if phase.records_answers:
                code = rng.choice([cr.code for cr in criteria[phase.pk][0] if cr.required] or [""])
                if code:
                    returned_codes[id(run)] = code
                    comments.append(ReviewComment(item=code, text=rng.choice(_in(texts["returned_item"], language))))
            reviews.append(
                (
                    run,
                    Review(
                        reviewer_id=person(run, phase.accepted_by),
                        outcome=ReviewOutcome.RETURN,
                        comment=rng.choice(_in(texts["returned"], language)),
                        created_at=max(_when(rng, returned), run.submitted_at + timedelta(hours=1)),
                    ),
                    comments,
                )
            )
    PhaseRun.objects.bulk_create(runs, batch_size=1000)
    for run, review, _notes in reviews:
        review.phase_run = run
    Review.objects.bulk_create([review for _run, review, _notes in reviews], batch_size=1000)
    for _run, review, notes in reviews:
        for note in notes:
            note.review = review
    ReviewComment.objects.bulk_create([note for _r, _v, notes in reviews for note in notes], batch_size=1000)
    answers: list[AssessmentAnswer] = []
    evidence: list[Evidence] = []
    employers = _employers(organisation_ids)
    for run in handed_in:
        phase = phases[run.phase_id]
        if not phase.records_answers:
            continue
        language = languages[run.cycle.organisation_id]
        maturity = random.Random(run.cycle.organisation_id).uniform(0.3, 0.95)
        reviewed = run.status == PhaseStatus.ACCEPTED and bool(phase.accepted_by)
        given: dict[int, Any] = {}
        for criterion in criteria[phase.pk][0]:
            answer = _answer(rng, criterion, run=run, maturity=maturity, language=language, texts=texts)
            if answer is None:
                continue
            answer.updated_by_id = run.submitted_by_id
            if reviewed:
                answer.accepted = True
            elif returned_codes.get(id(run)) == criterion.code:
                answer.accepted = False
            answers.append(answer)
            given[criterion.pk] = answer
        for criterion in criteria[phase.pk][1]:
            evidence.append(
                _evidence(
                    rng,
                    run,
                    criterion,
                    language=language,
                    texts=texts,
                    employer=employers[run.cycle.organisation_id],
                    answer=given.get(criterion.pk),
                )
            )
    AssessmentAnswer.objects.bulk_create(answers, batch_size=1000)
    Evidence.objects.bulk_create(evidence, batch_size=500)
    # What the other phases deliver: workshops, agreements, reports, signatures, notes.
    from vereinbar.site.demo_deliverables import deliverables_fill

    deliverables_fill(handed_in, phases, languages, today=today)


def _criteria_by_phase(phases: dict[int, Any]) -> dict[int, tuple[list[Any], list[Any]]]:
    """Per phase that records answers: its assessable criteria and those asking for evidence."""
    from vereinbar.cycles.selectors import assessable, criteria_in_scope

    found = {}
    for pk, phase in phases.items():
        if phase.records_answers:
            scope = criteria_in_scope(phase)
            found[pk] = (assessable(scope), [criterion for criterion in scope if criterion.evidence_required])
    return found


def _in(bank: dict[str, Any], language: str) -> Any:
    return bank.get(language) or bank["en"]


def _answer(
    rng: random.Random, criterion: Any, *, run: Any, maturity: float, language: str, texts: dict[str, Any]
) -> Any:
    """An answer the product accepts for the criterion (None: an optional one left out)."""
    from vereinbar.cycles.models import AssessmentAnswer
    from vereinbar.programmes.models import AssessmentKind

    if not criterion.required and rng.random() < 0.3:
        return None
    level = min(1.0, max(0.0, rng.gauss(maturity, 0.25)))
    answer = AssessmentAnswer(cycle=run.cycle, phase_run=run, criterion=criterion)
    kind = criterion.assessment_kind
    if kind == AssessmentKind.STATUS:
        options = [option.value for option in criterion.scale.options.all()] if criterion.scale else []
        if not options:
            return None
        index = round(level * (len(options) - 1))
        answer.status = options[index]
        level = index / max(1, len(options) - 1)
    elif kind == AssessmentKind.SCORE:
        top = criterion.max_score or Decimal(0)
        step = criterion.score_step or Decimal(1)
        answer.score = min(top, step * int(Decimal(str(level)) * top / step + Decimal("0.5")))
        level = float(answer.score / top) if top else 0.0
    elif kind == AssessmentKind.TEXT:
        by_code = texts["texts"].get(run.cycle.programme.identifier, {}).get(criterion.code, {})
        candidates = [
            text
            for text in (by_code.get(language) or _in(texts["text"], language))
            if len(text) >= (criterion.min_length or 0)
            and (not criterion.max_length or len(text) <= criterion.max_length)
        ]
        if not candidates:
            return None
        answer.text = rng.choice(candidates)
        return answer
    else:
        return None
    band = "low" if level < 0.34 else "mid" if level < 0.67 else "high"
    if rng.random() < 0.85:
        answer.comment = rng.choice(_in(texts["comments"], language)[band])
    return answer


def _employers(organisation_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Name, place and measures in place (title per language, since) of the employers, for
    the evidence they attach."""
    from vereinbar.measures.models import Measure, MeasureStatus
    from vereinbar.organisations.models import Organisation

    employers: dict[int, dict[str, Any]] = {
        pk: {"name": name, "place": city or region, "measures": []}
        for pk, name, city, region in Organisation.objects.filter(pk__in=organisation_ids).values_list(
            "pk", "name", "city", "region"
        )
    }
    rows = Measure.objects.filter(organisation_id__in=organisation_ids, status=MeasureStatus.IN_PLACE).order_by("pk")
    for organisation_id, de, nl, en, since, *field in rows.values_list(
        "organisation_id",
        "title_de",
        "title_nl",
        "title_en",
        "since",
        "category__name_de",
        "category__name_nl",
        "category__name_en",
    ):
        fields = {name.casefold() for name in field if name}
        employers[organisation_id]["measures"].append(({"de": de, "nl": nl, "en": en}, since, fields))
    return employers


def _evidence(
    rng: random.Random,
    run: Any,
    criterion: Any,
    *,
    language: str,
    texts: dict[str, Any],
    employer: dict[str, Any],
    answer: Any = None,
) -> Any:
    """The file an employer attached for ``criterion``: a short PDF about its own measure for it."""
    from vereinbar.cycles.models import Evidence

    title = rng.choice(_in(texts["evidence"], language))
    uploaded_at = run.submitted_at - timedelta(minutes=rng.randint(5, 600))
    # Drawn apart from ``rng`` (the answers after it stay as they were): the same employer and
    # criterion name the same measure.
    # One in the criterion's action field where the employer has one (the catalogue's
    # categories are the action fields of most programmes), else one whose title shares a
    # word with the criterion's ("Flexibles Arbeiten für Pflegende": "Flexible Arbeitszeit"),
    # else any of its measures.
    pick = random.Random(f"{run.cycle.organisation_id}:{criterion.pk}")
    field = criterion.action_field
    names = {str(getattr(field, f"title_{code}", "") or "").casefold() for code in ("de", "nl", "en")}
    words = _stems(str(getattr(criterion, f"title_{language}", "") or criterion.title))
    fitting = (
        [entry for entry in employer["measures"] if entry[2] & names]
        or [entry for entry in employer["measures"] if words & _stems(entry[0].get(language) or "")]
        or employer["measures"]
    )
    measure = pick.choice(fitting)[:2] if fitting else None
    data = pdf_document(
        title,
        evidence_lines(
            _in(texts["evidence_document"], language),
            language=language,
            organisation=employer["name"],
            place=employer["place"],
            programme=run.cycle.version,
            criterion=criterion,
            measure=measure,
            answer=answer,
            day=uploaded_at.date(),
        ),
    )
    item = Evidence(
        cycle=run.cycle,
        phase_run=run,
        criterion=criterion,
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=run.submitted_by_id,
        uploaded_at=uploaded_at,
    )
    item.file.save(f"{title}.pdf", ContentFile(data), save=False)
    return item


def evidence_lines(
    document: dict[str, Any],
    *,
    language: str,
    organisation: str,
    place: str,
    programme: Any,
    criterion: Any,
    measure: tuple[dict[str, str], date | None] | None,
    answer: Any,
    day: date,
) -> list[str]:
    """The lines of an evidence document (``answers.yaml``'s ``evidence_document`` in the
    employer's language), filled in; a line whose placeholder has no value is left out."""
    from django.utils import translation

    def dated(value: date | None) -> str:
        return value.strftime(document["date_format"]) if value else ""

    with translation.override(language):
        titles, since = measure if measure is not None else ({}, None)
        values = {
            "organisation": organisation,
            "place": place,
            "programme": str(programme.title or programme.programme.identifier),
            "code": criterion.code,
            "criterion": str(criterion.title),
            "measure": titles.get(language) or next((t for t in titles.values() if t), ""),
            "since": dated(since),
            "answer": _answer_text(answer),
            "date": dated(day),
        }
    lines = []
    for line in document["lines"]:
        names = [name for name in values if "{" + name + "}" in line]
        if all(values[name] for name in names):
            lines.append(line.format(**values))
    return lines


def _answer_text(answer: Any) -> str:
    """An answer as the self-assessment shows it: the option's label, the score out of the
    highest, or nothing."""
    if answer is None:
        return ""
    criterion = answer.criterion
    if answer.status and criterion.scale is not None:
        return next((str(o.label) for o in criterion.scale.options.all() if o.value == answer.status), "")
    if answer.score is not None and criterion.max_score:
        return f"{_number(answer.score)} / {_number(criterion.max_score)}"
    return ""


def _stems(text: str) -> set[str]:
    """The beginnings of a text's longer words, to tell whether two titles speak of the same."""
    import re

    return {word[:6] for word in re.findall(r"\w+", text.casefold()) if len(word) >= 5}


def _number(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def pdf_document(title: str, lines: tuple[str, ...] | list[str] = ()) -> bytes:
    """A one-page PDF with ``title`` on it and ``lines`` below it, wrapped to the page (a real
    document the viewer opens, a few hundred bytes)."""
    import textwrap

    def text(value: str) -> bytes:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252", "replace")

    shown = [b"BT /F1 16 Tf 72 760 Td (" + text(title) + b") Tj /F1 11 Tf 0 -30 Td"]
    wrapped = [part for line in lines for part in (textwrap.wrap(line, 88) or [""])][:48]
    shown += [b"(" + text(part) + b") Tj 0 -15 Td" for part in wrapped]
    stream = b"\n".join(shown) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
