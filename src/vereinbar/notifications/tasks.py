"""Background tasks (django.tasks; the worker is ``vereinbar db_worker``)."""

from __future__ import annotations

from typing import Any

from django.tasks import task


@task()
def reminders_daily(today: str | None = None) -> dict[str, Any]:
    """The daily run: mark expired awards, then send the reminders due. Idempotent: run it as
    often as you like (cron ``vereinbar reminders``, or enqueue this task)."""
    from datetime import date

    from vereinbar.certificates.services import awards_expire

    from .reminders import reminders_send

    day = date.fromisoformat(today) if today else None
    expired = awards_expire(today=day)
    run = reminders_send(today=day)
    return {"expired": [award.number for award in expired], "sent": run.sent, "passed": run.passed}
