"""The daily run (task ``reminders_daily`` or ``vereinbar reminders``) and the sending of
reminders, which the apps that know what is due register here in their ``AppConfig.ready()``:

- ``register_daily(name, step)``: work done first each day, e.g. certificates marking awards
  expired (``step(today)`` returns what it changed, reported under ``name``);
- ``register_reminders(step, order=…)``: ``step(today=…, run=…)`` sends the reminders due, e.g. an
  award's expiry (``certificates.reminders``) or a phase's due date (``cycles.reminders``),
  through ``reminder_send`` and ``reminders_pass``.

Each reminder has a key (``award:12:6m``); ``ReminderSent`` holds the keys already sent, so a
reminder never goes out twice, however often the run is repeated. The key, the inbox
messages and the mails (``OutgoingMail``) are recorded in one transaction and the mails
sent after it, so a run killed at any point is completed by the next run, without repeats. When the run was missed
for a while, only the latest reminder due is sent and the earlier ones are marked as passed
(``due_step``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone

from vereinbar.core.hooks import Hook

from .models import ReminderSent
from .outbox import INSTALLATION, Sender, outbox_deliver
from .services import notification_send

# How long after its date a missed last reminder is still worth sending.
LATE_DAYS = 7


@dataclass
class ReminderRun:
    sent: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)


class Reminders(Protocol):
    def __call__(self, *, today: date, run: ReminderRun) -> None: ...


DAILY_STEPS: Hook[Callable[[date | None], list[str]]] = Hook("work done first in each daily run")
REMINDERS: Hook[Reminders] = Hook("the reminders each daily run sends")


def register_daily(name: str, step: Callable[[date | None], list[str]]) -> None:
    """Run ``step(today)`` at the start of every daily run; what it returns is the run's ``name``."""
    DAILY_STEPS.register(step, key=name)


def register_reminders(step: Reminders, *, order: int) -> None:
    """Have ``step(today=…, run=…)`` send its reminders in every run (lowest ``order`` first)."""
    REMINDERS.register(step, order=order)


def due_step(steps: tuple[Any, ...], day: date, today: date) -> tuple[str | None, list[str]]:
    """Of ``steps`` (key, moment before ``day``; latest last), the latest whose time has come
    (None if none, or too late), and the earlier ones."""
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


def reminder_send(
    key: str,
    recipients: list[tuple[Any, str]],
    template: str,
    context: dict[str, Any],
    run: ReminderRun,
    *,
    sender: Sender = INSTALLATION,
) -> None:
    """Send the reminder ``key`` (mail and inbox, from ``sender``) unless it was sent before."""
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
            sender=sender,
        )
        ReminderSent.objects.filter(key=key).update(recipients=len(sent))
    run.sent.append(key)


def reminders_pass(keys: list[str], run: ReminderRun) -> None:
    """Mark reminders whose time has passed unsent as done."""
    for key in keys:
        if _claim(key):
            run.passed.append(key)


def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Send every reminder due today that was not sent before."""
    today = today or timezone.localdate()
    run = ReminderRun()
    for step in REMINDERS:
        step(today=today, run=run)
    outbox_deliver()  # also what an interrupted earlier run recorded but did not send
    return run


def daily_run(*, today: date | None = None) -> dict[str, list[str]]:
    """The registered daily work, then the reminders due."""
    result = {str(name): step(today) for name, step in DAILY_STEPS.items()}
    run = reminders_send(today=today)
    return {**result, "sent": run.sent, "passed": run.passed}
