"""Bulk actions on the operator's cycles list read only what they show and write: choosing 25
cycles takes the queries of choosing 2, and no step reads a programme version's definition
(decoding it once per chosen cycle took most of a bulk action's time over a thousand cycles)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vereinbar.cycles.models import Cycle
from vereinbar.programmes.models import ProgrammeVersion

from .test_desk_bulk import BULK, second_auditor  # noqa: F401 (a fixture)
from .test_operator_desk import started

pytestmark = pytest.mark.django_db

DEFINITION = f'"{ProgrammeVersion._meta.db_table}"."definition"'


def reading_the_definition(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if DEFINITION in query["sql"]]


def test_choosing_25_cycles_takes_the_queries_of_choosing_2(audit, parties, login, django_assert_max_num_queries):
    cycles = [started(audit, f"Gemeinde {number:02}", parties, region="Bayern") for number in range(2)]
    client = login(parties["operator"])
    ticked = {"action": "assign", "query": "region=Bayern"}
    everything = {**ticked, "everything": "1"}
    client.post(reverse(BULK), everything)  # warm caches (sessions)
    with CaptureQueriesContext(connection) as few_ticked:
        assert client.post(reverse(BULK), {**ticked, "cycle": [cycle.pk for cycle in cycles]}).context["count"] == 2
    with CaptureQueriesContext(connection) as few_found:
        assert client.post(reverse(BULK), everything).context["count"] == 2
    cycles += [started(audit, f"Gemeinde {number:02}", parties, region="Bayern") for number in range(2, 25)]
    with django_assert_max_num_queries(len(few_ticked)):
        assert client.post(reverse(BULK), {**ticked, "cycle": [cycle.pk for cycle in cycles]}).context["count"] == 25
    with django_assert_max_num_queries(len(few_found)):
        assert client.post(reverse(BULK), everything).context["count"] == 25


@pytest.mark.parametrize(
    "action",
    [
        {"action": "assign"},
        {"action": "remind", "message": "Bitte den Selbstcheck abschließen."},
        {"action": "extend", "due_on": (date.today() + timedelta(days=400)).isoformat()},
    ],
    ids=lambda action: action["action"],
)
def test_no_step_of_a_bulk_action_reads_a_programme_definition(audit, parties, second_auditor, login, action):  # noqa: F811
    cycles = [started(audit, f"Gemeinde {number:02}", parties) for number in range(3)]
    client = login(parties["operator"])
    data = {**action, "cycle": [cycle.pk for cycle in cycles]}
    if action["action"] == "assign":
        data["auditor"] = second_auditor.pk
    with CaptureQueriesContext(connection) as asking:
        assert client.post(reverse(BULK), data).status_code == 200
    with CaptureQueriesContext(connection) as doing:
        assert client.post(reverse(BULK), {**data, "confirm": "1"}).status_code == 302
    assert reading_the_definition(asking) == []
    assert reading_the_definition(doing) == []
    if action["action"] == "assign":  # it did act
        assert Cycle.objects.filter(auditor=second_auditor).count() == 3


def test_the_export_reads_no_programme_definition(audit, parties, login):
    for number in range(3):
        started(audit, f"Gemeinde {number:02}", parties)
    client = login(parties["operator"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("operator_cycles:export_csv"))
    assert response.status_code == 200
    assert b"Gemeinde 02" in b"".join(getattr(response, "streaming_content", [response.content]))
    assert reading_the_definition(queries) == []
