"""Each scenario module replays one organisation's history from the demo file once (in a
transaction rolled back at the end of the module); each test runs inside it and is rolled
back on its own, so tests can change things and travel in time freely."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.db import transaction
from django.utils import timezone

from vereinbar.activity.models import Entry
from vereinbar.core.demo import DemoResult, demo_load


def replay(*slugs: str) -> DemoResult:
    """Load the demo with only these employers (their histories up to today)."""
    return demo_load(employers=set(slugs))


@pytest.fixture(scope="module")
def replayed(request, django_db_setup, django_db_blocker):
    """The module's ``SLUG`` replayed once for all its tests."""
    slug = request.module.SLUG
    with django_db_blocker.unblock(), transaction.atomic():
        result = replay(slug)
        yield result
        transaction.set_rollback(True)


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def entries(slug: str, verb: str) -> list[Entry]:
    return list(Entry.objects.filter(organisation__slug=slug, verb=verb).order_by("created_at", "id"))
