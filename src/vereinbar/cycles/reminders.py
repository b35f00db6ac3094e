"""Reminders of a phase's due date: 14 days before and on the day, to whoever submits the
phase. Sent by notifications' daily run, registered in ``CyclesConfig.ready()``."""

from __future__ import annotations

from datetime import date, timedelta

from vereinbar.notifications.reminders import LATE_DAYS, ReminderRun, due_step, reminder_send, reminders_pass

from .models import CycleStatus, PhaseRun, PhaseStatus
from .permissions import PHASE_DECIDERS
from .services import cycle_path, cycle_sender, users_of
from .workflow import Party

# (key, how far before the date it goes out); latest last.
PHASE_STEPS = (("14d", lambda d: d - timedelta(days=14)), ("0d", lambda d: d))


def phase_reminders(*, today: date, run: ReminderRun) -> None:
    runs = PhaseRun.objects.filter(
        status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED],
        cycle__status__in=[CycleStatus.OPEN, CycleStatus.AWARDED],
        due_on__lte=today + timedelta(days=14),
        due_on__gte=today - timedelta(days=LATE_DAYS),
    ).select_related(
        "phase",
        "cycle",
        "cycle__organisation",
        "cycle__programme",
        "cycle__version",
        "cycle__stage",
        "cycle__programme__operator",
    )
    for phase_run in runs:
        assert phase_run.due_on is not None
        step, earlier = due_step(PHASE_STEPS, phase_run.due_on, today)
        reminders_pass([f"run:{phase_run.pk}:{key}" for key in earlier], run)
        if step is None:
            continue
        cycle = phase_run.cycle
        parties = PHASE_DECIDERS[phase_run.phase.actor]
        people = users_of(cycle, parties)
        recipients = [(user, cycle_path(user, cycle, phase_run)) for user in people]
        # ``today``: on the day (and when a missed reminder goes out late) the mail says so
        # instead of naming a date the reader has to compare with the calendar.
        context = {"cycle": cycle, "organisation": cycle.organisation, "run": phase_run, "today": today}
        # The programme's reminder, for the employer's people and an auditor alike (cycle_sender).
        sender = cycle_sender(cycle, to_employer=Party.COORDINATOR in parties, event="reminder_phase_due")
        reminder_send(
            f"run:{phase_run.pk}:{step}", recipients, "cycles/mail/reminder_phase_due", context, run, sender=sender
        )
