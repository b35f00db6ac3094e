"""Background tasks (django.tasks; the worker is ``vereinbar db_worker``)."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Q
from django.tasks import TaskResultStatus, task, task_backends

logger = logging.getLogger(__name__)


@task()
def reminders_daily(today: str | None = None) -> dict[str, Any]:
    """The daily run: the work registered for it (certificates mark expired awards), then the
    reminders due (``reminders.daily_run``). Idempotent: run it as often as you like (cron
    ``vereinbar reminders``, or enqueue this task)."""
    from datetime import date

    from .reminders import daily_run

    return daily_run(today=date.fromisoformat(today) if today else None)


@task()
def outbox_send() -> dict[str, Any]:
    """Send the mails due in the outbox, and come back when the next retry is due."""
    from .outbox import outbox_deliver, outbox_next_attempt, outbox_prune

    sent = outbox_deliver()
    outbox_prune()
    next_at = outbox_next_attempt()
    if next_at is not None:
        _send_again_at(next_at)
    return {"sent": sent, "next": next_at.isoformat() if next_at else None}


def _send_again_at(moment: Any) -> None:
    """Enqueue ``outbox_send`` to run at ``moment``, unless a run is already waiting for then.

    Backends that cannot defer (the immediate one of the tests) leave it to the next mail or
    the daily run."""
    backend = task_backends[outbox_send.backend]
    if not backend.supports_defer:
        return
    try:
        from django_tasks_db.models import DBTaskResult, get_date_max
    except ImportError:  # another backend: it may run a few idle tasks, which do no harm
        pass
    else:
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=outbox_send.module_path)
        # A task enqueued to run at once has the largest date as its run_after.
        if waiting.filter(Q(run_after__lte=moment) | Q(run_after=get_date_max())).exists():
            return
    outbox_send.using(run_after=moment).enqueue()
