"""An auditor's cycles list opens with the next due date first (they work through their own
cycles by deadline); those who run the programme keep the employers A–Z; an order the reader
picks stays, the default one included."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from vereinbar.cycles.models import PhaseRun

from .test_operator_desk import names, started

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"


@pytest.fixture
def two_cycles(audit, parties):
    """Stadt Aachen (A–Z last) has the earlier deadline."""
    for name, due in (("Amt Zeven", date(2030, 6, 10)), ("Stadt Aachen", date(2030, 1, 10))):
        cycle = started(audit, name, parties)
        PhaseRun.objects.filter(cycle=cycle).update(due_on=due)


def test_an_auditors_list_opens_on_the_next_due_date(two_cycles, parties, login):
    response = login(parties["auditor"]).get(reverse(LIST))
    assert names(response) == ["Stadt Aachen", "Amt Zeven"]
    assert "Next due date" in response.context["sort_label"]


def test_an_operator_admins_list_opens_on_the_employers_a_to_z(two_cycles, parties, login):
    response = login(parties["operator"]).get(reverse(LIST))
    assert names(response) == ["Amt Zeven", "Stadt Aachen"]


def test_an_auditor_can_still_sort_by_employer(two_cycles, parties, login):
    client = login(parties["auditor"])
    response = client.get(reverse(LIST), {"sort": "organisation"})
    assert response.status_code == 200  # the choice stays in the address, not dropped as a default
    assert names(response) == ["Amt Zeven", "Stadt Aachen"]
    assert client.get(reverse(LIST), {"sort": "due"})["Location"] == reverse(LIST)
