"""The history of the made-up cycles (``demo_desk``): the entries the cycle services would have
recorded for what the demo gives them, at the times it gives them.

The example cycles are written in bulk, past the services (a thousand cycles replayed one
service call at a time would take minutes). What those calls would have written in the
history is written here instead, entry by entry as the services word it (the verb, who did
it, the object, the status before and after, the comment): applied for by the employer's
coordinator; accepted (with its auditor) or declined by the operator, or withdrawn by the
coordinator; a renewal opened at once by the coordinator instead; an auditor assigned to an
application; each phase opened by the platform, handed in by the coordinator, returned or
accepted by its acceptor (a phase with none is completed by handing it in); the award
granted by the decision's actor (by the platform's rules where the stage has no decision),
issued, superseded by the next and expired the day after it ran out; the cycle completed.
The entries are dated with the days the demo gave the cycle, its runs and reviews (a day's
event at noon, ``demo_history.moment``; a run's own moments where it has them).

Only cycles of example employers with no entry of their own are written (those made through
the services, like the culture index's, have theirs), so loading again adds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from vereinbar.cycles import verbs
from vereinbar.site.demo_rows import rows_insert

# How long before noon an application is sent and accepted (entries of one day in their order).
APPLIED_AT = timedelta(hours=-3)
ACCEPTED_AT = timedelta(hours=-1)
A_MOMENT = timedelta(seconds=1)


def cycle_histories_write(*, today: date) -> int:
    """Write the history of every example employer's cycle that has none; return how many
    entries were written."""
    from vereinbar.accounts.models import Membership, User
    from vereinbar.activity.models import Entry
    from vereinbar.certificates.models import Award
    from vereinbar.cycles.models import Cycle, PhaseRun
    from vereinbar.cycles.models.review import Review

    cycle_type = ContentType.objects.get_for_model(Cycle)
    written = set(Entry.objects.filter(target_type=cycle_type).values_list("target_id", flat=True))
    cycles = [
        cycle
        for cycle in Cycle.objects.filter(organisation__is_example=True).defer("optional_phases").order_by("pk")
        if str(cycle.pk) not in written
    ]
    if not cycles:
        return 0
    # What the cycles name, read once each (a version's definition is long: not once per cycle).
    from vereinbar.organisations.models import Organisation
    from vereinbar.programmes.models import Programme, ProgrammeVersion, Stage

    organisations = Organisation.objects.in_bulk({cycle.organisation_id for cycle in cycles})
    programmes = Programme.objects.in_bulk({cycle.programme_id for cycle in cycles})
    versions = ProgrammeVersion.objects.defer("definition", "published_items").in_bulk(
        {cycle.version_id for cycle in cycles}
    )
    renewed = dict(  # a renewal's entry names the stage of the cycle it renews
        Cycle.objects.filter(pk__in={cycle.previous_id for cycle in cycles if cycle.previous_id}).values_list(
            "pk", "stage_id"
        )
    )
    stages = Stage.objects.in_bulk({cycle.stage_id for cycle in cycles} | set(renewed.values()))
    for cycle in cycles:
        cycle.organisation = organisations[cycle.organisation_id]
        cycle.programme = programmes[cycle.programme_id]
        cycle.version = versions[cycle.version_id]
        cycle.stage = stages[cycle.stage_id]
    ids = [cycle.pk for cycle in cycles]
    runs: dict[int, list[Any]] = defaultdict(list)
    for run in (
        PhaseRun.objects.filter(cycle_id__in=ids)
        .select_related("phase")
        .defer("phase__scope")
        .order_by("phase__order", "occurrence", "pk")
    ):
        runs[run.cycle_id].append(run)
    reviews: dict[int, list[Any]] = defaultdict(list)
    for review in Review.objects.filter(phase_run__cycle_id__in=ids).order_by("created_at", "pk"):
        reviews[review.phase_run_id].append(review)
    awards = {
        award.cycle_id: award
        for award in Award.objects.filter(cycle_id__in=ids).select_related("level", "superseded_by")
    }
    decisions = _decision_phases({cycle.stage_id for cycle in cycles})
    members: dict[tuple[int, str], int] = {}
    operators = {cycle.programme.operator_id for cycle in cycles}
    for organisation_id, role, user_id in (
        Membership.objects.filter(organisation_id__in={cycle.organisation_id for cycle in cycles} | operators)
        .order_by("-pk")
        .values_list("organisation_id", "role", "user_id")
    ):
        members[organisation_id, role] = user_id  # the first member of each role, as the replay takes it
    users = User.objects.in_bulk(
        set(members.values())
        | {cycle.auditor_id for cycle in cycles if cycle.auditor_id}
        | {run.submitted_by_id for items in runs.values() for run in items if run.submitted_by_id}
        | {run.accepted_by_id for items in runs.values() for run in items if run.accepted_by_id}
        | {review.reviewer_id for items in reviews.values() for review in items if review.reviewer_id}
    )
    history = _History(users)
    taken = _taken_over([cycle for cycle in cycles if cycle.previous_id in renewed])
    for cycle in cycles:
        people = _People(cycle, members, users)
        renews = stages[renewed[cycle.previous_id]].key if cycle.previous_id in renewed else None
        _cycle_write(
            history,
            cycle,
            runs[cycle.pk],
            reviews,
            awards.get(cycle.pk),
            decisions,
            people,
            renews,
            today=today,
            taken=taken.get(cycle.pk, {}),
        )
    rows_insert(history.entries)
    return len(history.entries)


def _taken_over(renewals: list[Any]) -> dict[int, dict[str, int]]:
    """What each renewal took over (``demo_desk._renewals_carry``), counted as ``cycle_renew``
    records it: goals where the cycle renewed agreed any, answers where it gave any (the answers
    of criteria left out are none here: a renewal keeps its programme version), files where some
    were copied."""
    from django.db.models import Count

    from vereinbar.cycles.models import AssessmentAnswer, Evidence, Goal, TargetAgreement
    from vereinbar.cycles.services.answers_carry import EMPLOYER_ACTORS

    previous = {cycle.previous_id for cycle in renewals}
    agreed = set(TargetAgreement.objects.filter(cycle_id__in=previous).values_list("cycle_id", flat=True))
    answered = set(
        AssessmentAnswer.objects.filter(cycle_id__in=previous, phase_run__phase__actor__in=EMPLOYER_ACTORS)
        .values_list("cycle_id", flat=True)
        .distinct()
    )

    def counted(rows: Any, key: str) -> dict[int, int]:
        return dict(rows.filter(carried_from__isnull=False).values_list(key).annotate(n=Count("pk")).order_by())

    ids = [cycle.pk for cycle in renewals]
    goals = counted(Goal.objects.filter(agreement__cycle_id__in=ids), "agreement__cycle_id")
    answers = counted(AssessmentAnswer.objects.filter(cycle_id__in=ids), "cycle_id")
    files = counted(Evidence.objects.filter(cycle_id__in=ids), "cycle_id")
    taken: dict[int, dict[str, int]] = {}
    for cycle in renewals:
        taken[cycle.pk] = (
            ({"goals_carried_over": goals.get(cycle.pk, 0)} if cycle.previous_id in agreed else {})
            | ({"answers_carried_over": answers.get(cycle.pk, 0)} if cycle.previous_id in answered else {})
            | ({"evidence_carried_over": files[cycle.pk]} if files.get(cycle.pk) else {})
        )
    return taken


class _People:
    """Who acts in a cycle: as ``demo_history.People`` takes them (the first of each role)."""

    def __init__(self, cycle: Any, members: dict[tuple[int, str], int], users: dict[int, Any]) -> None:
        from vereinbar.accounts.roles import Role

        def member(organisation_id: int | None, role: str) -> Any:
            return users.get(members.get((organisation_id, role), 0)) if organisation_id else None

        self.coordinator = member(cycle.organisation_id, Role.COORDINATOR)
        self.operator = member(cycle.programme.operator_id, Role.OPERATOR_ADMIN)
        self.board = member(cycle.programme.operator_id, Role.BOARD_MEMBER) or self.operator
        self.auditor = users.get(cycle.auditor_id) if cycle.auditor_id else None

    def for_role(self, role: str) -> Any:
        """The person who acts as ``role`` (a phase's actor), as ``demo_history.People.for_role``."""
        if role in ("coordinator", "contributor"):
            return self.coordinator
        if role == "auditor":
            return self.auditor or self.operator
        if role == "board":
            return self.board
        return self.operator


class _History:
    """The entries being written, each as ``activity.services.entry_record`` makes it."""

    def __init__(self, users: dict[int, Any]) -> None:
        self.users = users
        self.entries: list[Any] = []
        self.types: dict[type, Any] = {}

    def record(
        self,
        *,
        actor: Any,
        verb: str,
        target: Any,
        organisation_id: int,
        when: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        comment: str = "",
    ) -> None:
        from vereinbar.activity.models import Entry

        kind = type(target)
        if kind not in self.types:
            self.types[kind] = ContentType.objects.get_for_model(target)
        self.entries.append(
            Entry(
                actor=actor,
                actor_label=(str(actor.email) if actor is not None else "system")[:200],
                verb=verb,
                organisation_id=organisation_id,
                target_type=self.types[kind],
                target_id=str(target.pk),
                target_label=str(target)[:300],
                before=before,
                after=after,
                comment=comment,
                created_at=when,
            )
        )


def _decision_phases(stage_ids: set[int]) -> dict[int, Any]:
    """Each stage's decision phase (None: the stage's award follows from the rules)."""
    from vereinbar.programmes.models import DeliverableKind, Phase

    found: dict[int, Any] = dict.fromkeys(stage_ids)
    for phase in Phase.objects.filter(stage_id__in=stage_ids, deliverable=DeliverableKind.DECISION):
        found[phase.stage_id] = phase
    return found


def _noon(day: date) -> datetime:
    from vereinbar.site.demo_history import moment

    return moment(day)


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _cycle_write(
    history: _History,
    cycle: Any,
    runs: list[Any],
    reviews: dict[int, list[Any]],
    award: Any,
    decisions: dict[int, Any],
    people: _People,
    renews: str | None,
    *,
    today: date,
    taken: dict[str, int],
) -> None:
    from vereinbar.certificates.services import VERB_EXPIRED as AWARD_EXPIRED
    from vereinbar.certificates.services import VERB_GRANTED as AWARD_GRANTED
    from vereinbar.certificates.services import VERB_SUPERSEDED as AWARD_SUPERSEDED
    from vereinbar.cycles.models import CycleStatus

    def record(**kwargs: Any) -> None:
        history.record(target=kwargs.pop("target", cycle), organisation_id=cycle.organisation_id, **kwargs)

    if renews is not None and cycle.started_on is not None:
        # a renewal: ``cycle_renew`` opens it at once, by the coordinator's hand here, with the
        # auditor of the cycle it renews (no application, no acceptance)
        record(
            actor=people.coordinator,
            verb=verbs.VERB_RENEWED,
            when=_noon(cycle.started_on) + ACCEPTED_AT,
            before={"cycle": cycle.previous_id, "stage": renews},
            after={"status": CycleStatus.OPEN.value, "stage": cycle.stage.key} | taken,
        )
    else:
        record(
            actor=people.coordinator,
            verb=verbs.VERB_APPLIED,
            when=_noon(cycle.applied_on) + APPLIED_AT,
            after={
                "status": CycleStatus.APPLIED.value,
                "programme": cycle.programme.identifier,
                "stage": cycle.stage.key,
            },
        )
    if cycle.auditor_id and cycle.started_on is None and people.auditor is not None:
        # an auditor chosen for an application, some days after it came in (never after today)
        assigned = min(cycle.applied_on + timedelta(days=2 + cycle.pk % 12), cycle.closed_on or today, today)
        record(
            actor=people.operator,
            verb=verbs.VERB_AUDITOR,
            when=max(_noon(assigned), _noon(cycle.applied_on)),
            before={"auditor": None},
            after={"auditor": people.auditor.email},
        )
    if cycle.status == CycleStatus.DECLINED:
        record(
            actor=people.operator,
            verb=verbs.VERB_DECLINED,
            when=_noon(cycle.closed_on),
            before={"status": CycleStatus.APPLIED.value},
            after={"status": CycleStatus.DECLINED.value},
            comment=cycle.status_reason,
        )
        return
    if cycle.started_on is not None and renews is None:
        # accepted with its auditor chosen (``cycle_accept`` records who)
        assigned = {"auditor": people.auditor.email} if people.auditor is not None else {}
        record(
            actor=people.operator,
            verb=verbs.VERB_ACCEPTED,
            when=_noon(cycle.started_on) + ACCEPTED_AT,
            before={"status": CycleStatus.APPLIED.value},
            after={"status": CycleStatus.OPEN.value} | assigned,
        )
    accepted_on: dict[date, datetime] = (
        {cycle.started_on: _noon(cycle.started_on) + ACCEPTED_AT} if cycle.started_on else {}
    )
    for run in runs:
        if run.accepted_at is not None:
            day = _day(run.accepted_at)
            accepted_on[day] = max(accepted_on.get(day, run.accepted_at), run.accepted_at)
    decision = decisions.get(cycle.stage_id)
    for run in runs:
        _run_write(history, cycle, run, reviews.get(run.pk, []), people, accepted_on)
    if cycle.status == CycleStatus.WITHDRAWN:
        record(
            actor=people.coordinator,
            verb=verbs.VERB_WITHDRAWN,
            when=_noon(cycle.closed_on),
            before={"status": (CycleStatus.OPEN if cycle.started_on else CycleStatus.APPLIED).value},
            after={"status": CycleStatus.WITHDRAWN.value},
            comment=cycle.status_reason,
        )
        return
    granted = None
    if award is not None:
        granted = _noon(award.issued_on)
        decider = people.for_role(decision.actor) if decision is not None else people.operator
        level = award.level.key if award.level is not None else None
        after = {"status": CycleStatus.AWARDED.value, "level": level}
        if decision is not None:  # cycle_decide; without one, award_grant_automatically
            after["computed_level"] = level
        record(
            actor=decider,
            verb=verbs.VERB_GRANTED,
            when=granted,
            before={"status": CycleStatus.OPEN.value},
            after=after | {"award": award.number},
        )
        record(
            actor=decider,
            verb=AWARD_GRANTED,
            target=award,
            when=granted,
            after={
                "number": award.number,
                "level": level,
                "issued_on": award.issued_on.isoformat(),
                "valid_until": award.valid_until.isoformat() if award.valid_until else None,
            },
        )
        successor = award.superseded_by
        if successor is not None:
            record(
                actor=None,
                verb=AWARD_SUPERSEDED,
                target=award,
                when=_noon(successor.issued_on) + A_MOMENT,
                before={"status": "valid"},
                after={"status": "superseded", "by": successor.number},
            )
        elif award.status == "expired" and award.valid_until is not None:
            record(
                actor=None,
                verb=AWARD_EXPIRED,
                target=award,
                when=_noon(award.valid_until + timedelta(days=1)),
                before={"status": "valid"},
                after={"status": "expired", "valid_until": award.valid_until.isoformat()},
            )
    if cycle.status == CycleStatus.COMPLETED and cycle.closed_on is not None:
        # completed by accepting its last phase (or by the award), the moment after it
        done = [granted] + [run.accepted_at for run in runs if run.accepted_at is not None]
        closed = max([_noon(cycle.closed_on)] + [moment + A_MOMENT for moment in done if moment is not None])
        record(
            actor=None,
            verb=verbs.VERB_COMPLETED,
            when=closed,
            before={"status": (CycleStatus.AWARDED if award is not None else CycleStatus.OPEN).value},
            after={"status": CycleStatus.COMPLETED.value},
        )


def _run_write(
    history: _History,
    cycle: Any,
    run: Any,
    reviews: list[Any],
    people: _People,
    accepted_on: dict[date, datetime],
) -> None:
    """A run's entries: opened, handed in, returned or accepted, as far as it came."""
    from vereinbar.cycles.models import PhaseStatus
    from vereinbar.cycles.models.review import ReviewOutcome
    from vereinbar.programmes.models import DeliverableKind

    def record(**kwargs: Any) -> None:
        history.record(target=run, organisation_id=cycle.organisation_id, **kwargs)

    if run.opened_on is None:
        return  # still locked
    # opened when the phase before it was accepted (or the cycle was), else at noon of its day
    opened = accepted_on[run.opened_on] + A_MOMENT if run.opened_on in accepted_on else _noon(run.opened_on)
    record(
        actor=None,
        verb=verbs.VERB_PHASE_OPENED,
        when=opened,
        before={"status": PhaseStatus.LOCKED.value},
        after={"status": PhaseStatus.OPEN.value, "due_on": run.due_on.isoformat() if run.due_on else None},
    )
    if run.submitted_at is None or run.phase.deliverable == DeliverableKind.DECISION:
        return  # not handed in yet; a decision is recorded on the cycle (``cycle.granted``)
    submitter = history.users.get(run.submitted_by_id) or people.coordinator
    reviewed = bool(run.phase.accepted_by)
    record(
        actor=submitter,
        verb=verbs.VERB_PHASE_SUBMITTED if reviewed else verbs.VERB_PHASE_COMPLETED,
        when=max(run.submitted_at, opened + A_MOMENT),
        before={"status": PhaseStatus.OPEN.value},
        after={"status": (PhaseStatus.SUBMITTED if reviewed else PhaseStatus.ACCEPTED).value},
    )
    if not reviewed:
        return
    for review in reviews:
        if review.outcome == ReviewOutcome.RETURN:
            record(
                actor=history.users.get(review.reviewer_id),
                verb=verbs.VERB_PHASE_RETURNED,
                when=review.created_at,
                before={"status": PhaseStatus.SUBMITTED.value},
                after={"status": PhaseStatus.RETURNED.value},
                comment=review.comment,
            )
    if run.status == PhaseStatus.ACCEPTED and run.accepted_at is not None:
        comment = next((r.comment for r in reviews if r.outcome == ReviewOutcome.ACCEPT), "")
        record(
            actor=history.users.get(run.accepted_by_id) or people.for_role(run.phase.accepted_by),
            verb=verbs.VERB_PHASE_ACCEPTED,
            when=run.accepted_at,
            before={"status": PhaseStatus.SUBMITTED.value},
            after={"status": PhaseStatus.ACCEPTED.value},
            comment=comment,
        )
