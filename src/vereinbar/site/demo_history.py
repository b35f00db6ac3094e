"""Replaying an organisation's real history from the demo file, through the services.

An employer in the demo file may list ``participations``: per programme (by identifier) its
cycles in order. The first cycle is applied for and accepted, each later one renews the one
before. A cycle lists ``steps``, one per phase in the order they were done, each with its
date (``date``, and ``accepted_on`` when the acceptor took longer; ``awaiting_review`` leaves it
submitted) and what the phase delivered (answers, workshops, goals, a signature, an annual
report, a note, a decision, a staff survey with made-up answers: ``survey``; files attached
for criteria: ``evidence``, each with its title and the lines it says). Every service call
runs inside ``recorded_at`` with the step's date, and is given that date explicitly, so
that the organisation's history, its awards and
their validity are those of the real events. Nothing here knows a programme or an
organisation: it reads what the file says and works with whatever the programme defines.

The replay stops at today: a step dated later is not done yet (so a test that travels back
in time sees the history up to then). Awards past their validity are then marked expired
on the day after they ran out, as the daily task would have done.

Notifications are not sent for replayed events (they would report years-old news as new).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.activity.services import recorded_at
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.services import awards_expire
from vereinbar.cycles import services
from vereinbar.cycles.models import Cycle, PhaseRun, PhaseStatus
from vereinbar.measures.models import Measure
from vereinbar.notifications.outbox import notifications_suppressed
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import DeliverableKind, Programme

WORKSHOP_KINDS = (DeliverableKind.WORKSHOP, DeliverableKind.TRAINING, DeliverableKind.MEETING)
WAITING = (PhaseStatus.OPEN, PhaseStatus.RETURNED)


class DemoHistoryError(ValueError):
    """The demo file describes a step the programme or the cycle's state does not allow."""


def moment(day: date) -> datetime:
    """The time a replayed event is dated with: noon of its day, local time."""
    return timezone.make_aware(datetime.combine(day, time(12)))


@contextmanager
def at(day: date) -> Iterator[None]:
    with recorded_at(moment(day)):
        yield


@contextmanager
def notifications_dropped() -> Iterator[None]:
    """Drop the after-commit callbacks (mails, inbox messages) registered inside the block.

    Must run inside a transaction; only callbacks added by the block are dropped."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("notifications_dropped needs a transaction")
    before = len(connection.run_on_commit)
    try:
        with notifications_suppressed():  # mails and inbox messages written in the transaction
            yield
    finally:
        del connection.run_on_commit[before:]


class People:
    """Who acts for whom in a cycle: the employer's coordinator and the operator's people."""

    def __init__(self, organisation: Organisation, programme: Programme) -> None:
        self.organisation = organisation
        self.programme = programme
        self._users: dict[tuple[int, str], User] = {}

    def _member(self, organisation_id: int | None, role: str) -> User:
        if organisation_id is None:
            raise DemoHistoryError(f"demo: {self.programme} has no operator")
        if (organisation_id, role) not in self._users:
            membership = (
                Membership.objects.filter(organisation_id=organisation_id, role=role)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if membership is None:
                raise DemoHistoryError(f"demo: no {role} in organisation #{organisation_id} for {self.programme}")
            self._users[organisation_id, role] = membership.user
        return self._users[organisation_id, role]

    def coordinator(self) -> User:
        return self._member(self.organisation.pk, Role.COORDINATOR)

    def operator(self) -> User:
        return self._member(self.programme.operator_id, Role.OPERATOR_ADMIN)

    def board(self) -> User:
        return self._member(self.programme.operator_id, Role.BOARD_MEMBER)

    def for_role(self, role: str, cycle: Cycle) -> User:
        """The user who acts as ``role`` (a phase's actor or acceptor) in this cycle."""
        if role in ("coordinator", "contributor"):
            return self.coordinator()  # only the coordinator submits and signs
        if role == "auditor":
            if cycle.auditor is None:
                raise DemoHistoryError(f"demo: {cycle} needs an auditor")
            return cycle.auditor
        if role == "board":
            return self.board()
        return self.operator()


def participations_load(organisation: Organisation, items: list[dict[str, Any]], *, today: date) -> int:
    """Replay the employer's participations that have no cycle yet; return how many cycles were made."""
    made = 0
    for item in items:
        programme = Programme.objects.filter(identifier=item["programme"]).first()
        if programme is None:
            raise DemoHistoryError(f"demo: unknown programme {item['programme']}")
        if Cycle.objects.filter(organisation=organisation, programme=programme).exists():
            continue  # replayed before (or worked on since): leave it alone
        people = People(organisation, programme)
        previous: Cycle | None = None
        with notifications_dropped():
            for spec in item.get("cycles", []):
                cycle = _cycle_start(people, spec, previous, today=today)
                if cycle is None:
                    break
                made += 1
                if not _steps_replay(people, cycle, spec.get("steps", []), today=today):
                    break
                previous = cycle
    return made


def _cycle_start(people: People, spec: dict[str, Any], previous: Cycle | None, *, today: date) -> Cycle | None:
    programme = people.programme
    if previous is None:
        applied_on, started_on = spec["applied_on"], spec.get("started_on", spec["applied_on"])
        if applied_on > today:
            return None
        version = programme.current_version
        stage = version.stages.get(key=spec["stage"]) if version is not None and spec.get("stage") else None
        with at(applied_on):
            cycle = services.cycle_apply(
                actor=people.coordinator(),
                organisation=people.organisation,
                programme=programme,
                stage=stage,
                message=spec.get("message", ""),
                applied_on=applied_on,
            )
        if started_on > today:
            return cycle
        auditor = User.objects.get(email=spec["auditor"]) if spec.get("auditor") else None
        with at(started_on):
            return services.cycle_accept(actor=people.operator(), cycle=cycle, auditor=auditor, started_on=started_on)
    renewed_on = spec["renewed_on"]
    if renewed_on > today:
        return None
    with at(renewed_on):
        renewal = services.cycle_renew(actor=people.coordinator(), cycle=previous, started_on=renewed_on)
    if spec.get("stage") and renewal.stage.key != spec["stage"]:
        raise DemoHistoryError(f"demo: the renewal of {previous} opened {renewal.stage.key}, not {spec['stage']}")
    if spec.get("auditor"):
        with at(renewed_on):
            services.cycle_assign_auditor(
                actor=people.operator(), cycle=renewal, auditor=User.objects.get(email=spec["auditor"])
            )
    return renewal


def _waiting_run(cycle: Cycle, key: str) -> PhaseRun:
    run = (
        cycle.phase_runs.filter(phase__key=key, status__in=(*WAITING, PhaseStatus.SUBMITTED))
        .select_related("phase", "cycle")
        .order_by("occurrence")
        .first()
    )
    if run is None:
        states = dict(cycle.phase_runs.values_list("phase__key", "status"))
        raise DemoHistoryError(f"demo: phase {key} of {cycle} is not open (phases: {states})")
    return run


def _steps_replay(people: People, cycle: Cycle, steps: list[dict[str, Any]], *, today: date) -> bool:
    """Do the steps in order; False when a step lies after today (the replay stops there)."""
    for step in steps:
        if step["date"] > today:
            return False
        cycle.refresh_from_db()
        run = _waiting_run(cycle, step["phase"])
        if run.phase.deliverable == DeliverableKind.DECISION:
            _decide(people, cycle, step)
            continue
        if step.get("survey") and run.status in WAITING and not run.surveys.exists():
            _survey_run(people, run, step)
            run.refresh_from_db()
            if step.get("note") and run.status not in WAITING:
                # The survey's close completed the phase, as the platform does, without a note;
                # the file's note is what the coordinator wrote with it.
                PhaseRun.objects.filter(pk=run.pk).update(note=step["note"])
        if run.status in WAITING:
            _deliver(people, run, step)
            with at(step["date"]):
                services.phase_submit(
                    actor=people.for_role(run.phase.actor, cycle),
                    run=run,
                    note=step.get("note"),
                    submitted_at=moment(step["date"]),
                )
        accepted_on = step.get("accepted_on", step["date"])
        run.refresh_from_db()
        if run.status == PhaseStatus.SUBMITTED and not step.get("awaiting_review"):
            if accepted_on > today:
                return False
            with at(accepted_on):
                services.phase_accept(
                    actor=people.for_role(run.phase.accepted_by, cycle),
                    run=run,
                    comment=step.get("review", ""),
                    accepted_at=moment(accepted_on),
                )
    return True


def _survey_run(people: People, run: PhaseRun, step: dict[str, Any]) -> None:
    """The phase's survey, with made-up answers (the sources give no results): it closes on the
    step's date, which moves the phase on as a real close would."""
    from vereinbar.site.demo_examples import demo_survey_run
    from vereinbar.surveys.selectors import stage_instrument_version

    spec = step["survey"]
    version = stage_instrument_version(run.cycle)
    if version is None:
        raise DemoHistoryError(f"demo: the instrument of {run.cycle.stage} is not loaded")
    closes_on = spec.get("closes_on", step["date"])
    demo_survey_run(
        actor=people.coordinator(),
        organisation=people.organisation,
        version=version,
        title=spec["title"],
        units=spec.get("units", []),
        responses=spec["responses"],
        comments=spec.get("comments", 0),
        opens_on=spec.get("opens_on", closes_on - timedelta(days=28)),
        closes_on=closes_on,
        seed=spec.get("seed", run.pk),
        run=run,
        invited=spec.get("invited"),
    )


def _decide(people: People, cycle: Cycle, step: dict[str, Any]) -> None:
    run = _waiting_run(cycle, step["phase"])
    with at(step["date"]):
        services.cycle_decide(
            actor=people.for_role(run.phase.actor, cycle),
            cycle=cycle,
            outcome=step.get("decision", "grant"),
            level_key=step.get("level"),
            comment=step.get("comment", ""),
            board_round=step.get("board_round", ""),
            decided_on=step["date"],
        )


def _deliver(people: People, run: PhaseRun, step: dict[str, Any]) -> None:
    """Put into the run what the step says it delivered."""
    cycle = run.cycle
    editor = people.for_role(run.phase.actor, cycle)
    kind = run.phase.deliverable
    with at(step["date"]):
        if step.get("answers"):
            services.answers_save(actor=editor, run=run, answers=step["answers"])
        for document in step.get("evidence", []):
            _evidence_attach(editor, run, document, day=step["date"])
        for meeting in step.get("workshops", []):
            workshop = services.workshop_save(
                actor=editor,
                run=run,
                held_on=meeting["held_on"],
                title=meeting.get("title", ""),
                moderator=meeting.get("moderator", ""),
                participants_count=meeting.get("participants"),
                minutes=meeting.get("minutes", ""),
            )
            for outcome in meeting.get("outcomes", []):
                services.outcome_add(
                    actor=editor, workshop=workshop, text=outcome["text"], action_field_code=outcome.get("action_field")
                )
        if step.get("goals"):
            _goals_save(people, cycle, step["goals"])
        if step.get("signed") and kind == DeliverableKind.TARGET_AGREEMENT:
            signed = step["signed"]
            services.agreement_sign(
                actor=people.coordinator(),
                cycle=cycle,
                signer_name=signed["name"],
                signer_function=signed.get("function", ""),
                signed_on=signed["date"],
            )
        if step.get("signed") and kind == DeliverableKind.SIGNATURE:
            signed = step["signed"]
            services.signature_record(
                actor=people.coordinator(),
                run=run,
                signer_name=signed["name"],
                signer_function=signed.get("function", ""),
                signed_on=signed["date"],
            )
        if "summary" in step or step.get("progress"):
            services.annual_report_save(
                actor=editor,
                run=run,
                summary=step.get("summary", ""),
                progress=[
                    {"goal": code, "status": value["status"], "comment": value.get("comment", "")}
                    for code, value in (step.get("progress") or {}).items()
                ],
            )


def _evidence_attach(actor: User, run: PhaseRun, document: dict[str, Any], *, day: date) -> None:
    """Attach the file the step names, uploaded as a person would: a PDF with its title, the
    organisation and what the file says (``lines``), for one criterion or the whole phase."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vereinbar.cycles.models import Evidence
    from vereinbar.site.demo_desk import pdf_document

    title = document["title"]
    data = pdf_document(title, [run.cycle.organisation.name, "", *document.get("lines", [])])
    evidence = services.evidence_add(
        actor=actor,
        run=run,
        upload=SimpleUploadedFile(f"{title}.pdf", data, content_type="application/pdf"),
        criterion_code=document.get("criterion"),
        description=document.get("description", ""),
    )
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=moment(day))  # the model dates it now


def _goals_save(people: People, cycle: Cycle, goals: list[dict[str, Any]]) -> None:
    coordinator = people.coordinator()
    language = cycle.organisation.primary_language
    for item in goals:
        goal = services.goal_save(
            actor=coordinator,
            cycle=cycle,
            action_field_code=str(item["action_field"]),
            title=item["title"],
            success_measure=item.get("success_measure", ""),
            owner=item.get("owner", ""),
            due_on=item.get("due_on"),
        )
        for measure in item.get("measures", []):
            linked = None
            if measure.get("measure"):
                # One of the organisation's measures, by its title; one not recorded yet (the
                # demo loaded at an earlier date) is named by its title only.
                linked = Measure.objects.filter(
                    organisation=cycle.organisation, **{f"title_{language}": measure["measure"]}
                ).first()
            services.goal_measure_save(
                actor=coordinator,
                goal=goal,
                title=measure.get("title", "") or ("" if linked else measure.get("measure", "")),
                measure=linked,
                owner=measure.get("owner", ""),
                due_on=measure.get("due_on"),
                status=measure.get("status", "planned"),
            )


def awards_expire_replayed(*, today: date) -> int:
    """Mark awards past their validity expired, each dated the day after it ran out (as the
    daily task would have done on that day)."""
    ran_out = Award.objects.filter(status=AwardStatus.VALID, valid_until__lt=today).values_list(
        "valid_until", flat=True
    )
    days = sorted({day for day in ran_out if day is not None})
    expired = 0
    for day in days:
        following = day + timedelta(days=1)
        with at(following):
            expired += len(awards_expire(today=following))
    return expired
