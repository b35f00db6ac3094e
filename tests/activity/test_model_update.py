"""model_update: saves only what changed, with updated_at, and records one history entry of it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.measures.factories import MeasureFactory
from vereinbar.activity.models import Entry
from vereinbar.activity.updates import model_update
from vereinbar.measures.models import Measure, MeasureCategory, MeasureStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return MeasureCategory.objects.create(key="working_time", name="Working time")


def test_the_changed_fields_are_saved_and_returned_with_their_values_before(coordinator, employer_org, category):
    measure = MeasureFactory(category=category, organisation=employer_org, description="old")
    stamped = measure.updated_at

    changed = model_update(
        measure,
        {"status": MeasureStatus.IN_PLACE, "since": datetime.date(2024, 3, 1), "description": "old"},
        actor=coordinator,
        verb="measure.updated",
        organisation=employer_org,
    )

    assert changed == {"status": MeasureStatus.PLANNED, "since": None}
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.status, stored.since, stored.description) == ("in_place", datetime.date(2024, 3, 1), "old")
    assert stored.updated_at > stamped


def test_only_the_changed_fields_and_updated_at_are_written(coordinator, employer_org, category):
    measure = MeasureFactory(category=category, organisation=employer_org, description="old")
    Measure.objects.filter(pk=measure.pk).update(title_de="Changed elsewhere")

    with CaptureQueriesContext(connection) as queries:
        model_update(
            measure,
            {"description": "new", "status": MeasureStatus.PLANNED},
            actor=coordinator,
            verb="measure.updated",
            organisation=employer_org,
        )

    update = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE"))
    assert '"description"' in update and '"updated_at"' in update
    assert '"status"' not in update and '"title_de"' not in update
    assert Measure.objects.get(pk=measure.pk).title_de == "Changed elsewhere"


def test_the_entry_shows_before_and_after_of_the_recorded_fields_as_json(coordinator, employer_org, category):
    measure = MeasureFactory(category=category, organisation=employer_org)

    model_update(
        measure,
        {"status": MeasureStatus.IN_PLACE, "since": datetime.date(2024, 3, 1), "description": "new"},
        actor=coordinator,
        verb="measure.updated",
        organisation=employer_org,
        recorded=("status", "since"),
        after_extra={"source": "import"},
        comment="in place since March",
    )

    entry = Entry.objects.get(verb="measure.updated")
    assert entry.actor == coordinator
    assert entry.organisation == employer_org
    assert entry.target_id == str(measure.pk)
    assert entry.before == {"status": "planned", "since": None}
    assert entry.after == {"status": "in_place", "since": "2024-03-01", "source": "import"}
    assert entry.comment == "in place since March"


def test_a_related_row_is_recorded_by_its_key(coordinator, employer_org, other_employer_org, category):
    measure = MeasureFactory(category=category, organisation=employer_org)

    model_update(measure, {"organisation": other_employer_org}, actor="system", verb="measure.moved", organisation=None)

    entry = Entry.objects.get(verb="measure.moved")
    assert (entry.before, entry.after) == ({"organisation": employer_org.pk}, {"organisation": other_employer_org.pk})
    assert entry.actor is None and entry.actor_label == "system"


def test_nothing_changed_saves_and_records_nothing(coordinator, employer_org, category):
    measure = MeasureFactory(category=category, organisation=employer_org, description="same")
    stamped = Measure.objects.get(pk=measure.pk).updated_at

    with CaptureQueriesContext(connection) as queries:
        changed = model_update(
            measure,
            {"description": "same", "status": "planned"},
            actor=coordinator,
            verb="measure.updated",
            organisation=employer_org,
        )

    assert changed == {}
    assert queries.captured_queries == []
    assert not Entry.objects.filter(verb="measure.updated").exists()
    assert Measure.objects.get(pk=measure.pk).updated_at == stamped
