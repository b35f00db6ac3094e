"""The operations tests run ``vereinbar serve`` (gunicorn, the worker, the scheduler) and
gunicorn as real processes against a database of their own, as the fault tests do
(``tests/faults/conftest.py``): one world per module, with an open survey and its tokens."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.conftest import World, world_end, world_make

SCENARIO = Path(__file__).with_name("scenario.py")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    made: World = world_make(tmp_path_factory.mktemp("ops"), django_db_blocker)
    made.scenario = SCENARIO
    try:
        made.data = made.run("survey", "12", timeout=180)
        yield made
    finally:
        world_end(made)
