"""One fixture world per test module, built once inside a transaction that is rolled back
when the module is done (building it drives a whole cycle, which takes seconds)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connections, transaction

from .world import World, build_world


@pytest.fixture(autouse=True)
def _media_root():
    """Keep the test settings' media directory: the module's world stores its files there."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            built = build_world()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            for connection in connections.all():
                connection.close_if_unusable_or_obsolete()
            cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (rate-limit counters are rows, rolled back with
    every test's)."""
    cache.clear()
    yield
    cache.clear()
