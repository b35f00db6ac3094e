"""The demo is loaded once for the whole package (by the `demo` command, in a transaction rolled
back when the package is done): every module here works on that same installation, and each
test runs inside it and is rolled back on its own, so tests can change things and travel in
time freely. Loading it takes seconds; one load instead of one per module keeps the suite
fast. A test that needs another load (at another date, or only some employers) belongs in
tests/test_demo.py, outside this package, where each test loads what it needs."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from vereinbar.activity.models import Entry


def pytest_collection_modifyitems(items):
    """Every test here is marked ``django_db``: pytest-django runs unmarked tests after all others,
    so one unmarked module split the package in two and loaded the demo a second time."""
    here = Path(__file__).parent
    unmarked = [item.nodeid for item in items if here in item.path.parents and not item.get_closest_marker("django_db")]
    if unmarked:
        raise pytest.UsageError(f"tests/scenarios: mark these pytest.mark.django_db: {unmarked}")


# autouse: every test of the package runs on it, none on an empty database while the demo is
# loaded for the others.
@pytest.fixture(scope="package", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The output of the first `demo` command (the five employers, their histories to today)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("demo", stdout=out)
        if connection.vendor == "postgresql":
            # The demo is not committed, so autovacuum never analyses it: without this the
            # planner plans with whatever statistics the suite's earlier tests left behind
            # (seen: a desk page taking minutes instead of a fraction of a second).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        yield out.getvalue()
        transaction.set_rollback(True)


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def entries(slug: str, verb: str) -> list[Entry]:
    return list(Entry.objects.filter(organisation__slug=slug, verb=verb).order_by("created_at", "id"))
