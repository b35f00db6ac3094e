"""Background task (django.tasks; the worker is ``vereinbar db_worker``), like the mail outbox's."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task, task_backends


@task()
def webhooks_send() -> dict[str, Any]:
    """Send the webhook messages due, and come back when the next retry is due."""
    from .delivery import webhooks_deliver, webhooks_next_attempt, webhooks_prune

    delivered = webhooks_deliver()
    webhooks_prune()
    next_at = webhooks_next_attempt()
    if next_at is not None:
        _send_again_at(next_at)
    return {"delivered": delivered, "next": next_at.isoformat() if next_at else None}


def webhooks_enqueue() -> None:
    """Have the worker send the messages once the current transaction has committed."""
    transaction.on_commit(webhooks_send.enqueue, robust=True)


def _send_again_at(moment: Any) -> None:
    """Enqueue ``webhooks_send`` for ``moment`` unless a run already waits for then. Backends that
    cannot defer leave it to the next event or serve's sweep (``vereinbar webhooks``)."""
    backend = task_backends[webhooks_send.backend]
    if not backend.supports_defer:
        return
    try:
        from django_tasks_db.models import DBTaskResult, get_date_max
    except ImportError:  # another backend: a few idle runs do no harm
        pass
    else:
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=webhooks_send.module_path)
        if waiting.filter(Q(run_after__lte=moment) | Q(run_after=get_date_max())).exists():
            return
    webhooks_send.using(run_after=moment).enqueue()
