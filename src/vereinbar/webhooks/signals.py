"""The webhooks app listens to the history: an entry that stands for an event (``events.py``)
becomes one delivery per subscribed endpoint, in the entry's transaction. Only the hand-over
lives here; what an event is and who receives it is in ``events.py`` and ``services.py``."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from vereinbar.activity.models import Entry


@receiver(post_save, sender=Entry, dispatch_uid="webhooks_from_history")
def _entry_recorded(sender: Any, instance: Entry, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        from .services import deliveries_record

        deliveries_record(entry=instance)
