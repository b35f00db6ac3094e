"""Reminders, sent by the daily run (task ``reminders_daily`` or ``vereinbar reminders``):

- an award's expiry: 6 months before, 1 month before and on the day (mail and inbox, to the
  organisation's coordinators), unless the next stage has already started;
- a phase's due date: 14 days before and on the day, to whoever submits the phase.

Each reminder has a key (``award:12:6m``); ``ReminderSent`` holds the keys already sent, so a
reminder never goes out twice, however often the run is repeated. The key, the inbox
messages and the mails (``OutgoingMail``) are recorded in one transaction and the mails
sent after it, so a run killed at any point is completed by the next run, without repeats. When the run was missed
for a while, only the latest reminder due is sent and the earlier ones are marked as passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.models import CycleStatus, PhaseRun, PhaseStatus
from vereinbar.cycles.permissions import PHASE_DECIDERS
from vereinbar.cycles.services import cycle_path, users_of
from vereinbar.cycles.workflow import Party

from .models import ReminderSent
from .outbox import outbox_deliver
from .services import notification_send

# (key, how far before the date it goes out); latest last.
AWARD_STEPS = (("6m", lambda d: add_months(d, -6)), ("1m", lambda d: add_months(d, -1)), ("0d", lambda d: d))
PHASE_STEPS = (("14d", lambda d: d - timedelta(days=14)), ("0d", lambda d: d))
# How long after its date a missed last reminder is still worth sending.
LATE_DAYS = 7


@dataclass
class ReminderRun:
    sent: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)


def _due_step(steps: tuple[Any, ...], day: date, today: date) -> tuple[str | None, list[str]]:
    """The latest step whose time has come (None if none, or too late), and the earlier ones."""
    reached = [key for key, moment in steps if moment(day) <= today]
    if not reached or today > day + timedelta(days=LATE_DAYS):
        return None, reached
    return reached[-1], reached[:-1]


def _claim(key: str) -> bool:
    """Record the key; False when it was recorded before (by this or a concurrent run)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def _send(
    key: str, recipients: list[tuple[Any, str]], template: str, context: dict[str, Any], run: ReminderRun
) -> None:
    # The key, the inbox notifications and the mails to send commit together or not at all;
    # the mails go out afterwards (outbox_deliver), each once.
    with transaction.atomic():
        if not _claim(key):
            return
        sent = notification_send(
            recipients=recipients,
            event=template.rsplit("/", 1)[-1],
            template=template,
            context=context,
            outbox_key=f"reminder:{key}",
        )
        ReminderSent.objects.filter(key=key).update(recipients=len(sent))
    run.sent.append(key)


def _pass(keys: list[str], run: ReminderRun) -> None:
    for key in keys:
        if _claim(key):
            run.passed.append(key)


def award_reminders(*, today: date, run: ReminderRun) -> None:
    awards = Award.objects.filter(
        status=AwardStatus.VALID, valid_until__isnull=False, cycle__isnull=False
    ).select_related(
        "cycle", "cycle__organisation", "cycle__programme", "cycle__version", "cycle__stage", "organisation"
    )
    for award in awards.filter(
        valid_until__lte=add_months(today, 6), valid_until__gte=today - timedelta(days=LATE_DAYS)
    ):
        cycle = award.cycle
        assert cycle is not None and award.valid_until is not None
        if cycle.renewals.filter(status__in=[CycleStatus.APPLIED, CycleStatus.OPEN]).exists():
            continue  # the next stage has started
        step, earlier = _due_step(AWARD_STEPS, award.valid_until, today)
        _pass([f"award:{award.pk}:{key}" for key in earlier], run)
        if step is None:
            continue
        template = "cycles/mail/reminder_award_expired" if step == "0d" else "cycles/mail/reminder_award_expiry"
        recipients = [(user, cycle_path(user, cycle)) for user in users_of(cycle, {Party.COORDINATOR})]
        _send(
            f"award:{award.pk}:{step}",
            recipients,
            template,
            {"cycle": cycle, "organisation": cycle.organisation, "award": award},
            run,
        )


def phase_reminders(*, today: date, run: ReminderRun) -> None:
    runs = PhaseRun.objects.filter(
        status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED],
        cycle__status__in=[CycleStatus.OPEN, CycleStatus.AWARDED],
        due_on__lte=today + timedelta(days=14),
        due_on__gte=today - timedelta(days=LATE_DAYS),
    ).select_related("phase", "cycle", "cycle__organisation", "cycle__programme", "cycle__version", "cycle__stage")
    for phase_run in runs:
        assert phase_run.due_on is not None
        step, earlier = _due_step(PHASE_STEPS, phase_run.due_on, today)
        _pass([f"run:{phase_run.pk}:{key}" for key in earlier], run)
        if step is None:
            continue
        cycle = phase_run.cycle
        people = users_of(cycle, PHASE_DECIDERS[phase_run.phase.actor])
        recipients = [(user, cycle_path(user, cycle, phase_run)) for user in people]
        context = {"cycle": cycle, "organisation": cycle.organisation, "run": phase_run}
        _send(f"run:{phase_run.pk}:{step}", recipients, "cycles/mail/reminder_phase_due", context, run)


def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Send every reminder due today that was not sent before."""
    today = today or timezone.localdate()
    run = ReminderRun()
    award_reminders(today=today, run=run)
    phase_reminders(today=today, run=run)
    outbox_deliver()  # also what an interrupted earlier run recorded but did not send
    return run
