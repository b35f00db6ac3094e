"""An auditor's cycles list opens with what is due next first: a phase handed in and waiting
for review (oldest hand-in first), then the phases being worked on by their deadlines; those
who run the programme keep the employers A–Z; an order the reader picks stays, the default one
included."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from vereinbar.cycles.models import PhaseRun, PhaseStatus

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
    assert "Due next" in response.context["sort_label"]


def test_a_phase_waiting_for_review_comes_before_every_deadline(two_cycles, audit, parties, login):
    """A handed-in phase has no due date of its own, but it is the auditor's move now: it leads
    the list, however near the other cycles' deadlines are; two waiting, the older hand-in first."""
    from django.utils import timezone

    handed_in = timezone.make_aware(datetime(2030, 3, 1, 12))
    for name, days in (("Gemeinde Zell", 0), ("Kreis Borken", -5)):
        cycle = started(audit, name, parties)
        PhaseRun.objects.filter(cycle=cycle).update(
            status=PhaseStatus.SUBMITTED, due_on=None, submitted_at=handed_in + timedelta(days=days)
        )
    response = login(parties["auditor"]).get(reverse(LIST))
    assert names(response) == ["Kreis Borken", "Gemeinde Zell", "Stadt Aachen", "Amt Zeven"]


def test_an_operator_admins_list_opens_on_the_employers_a_to_z(two_cycles, parties, login):
    response = login(parties["operator"]).get(reverse(LIST))
    assert names(response) == ["Amt Zeven", "Stadt Aachen"]


def test_an_auditor_can_still_sort_by_employer(two_cycles, parties, login):
    client = login(parties["auditor"])
    response = client.get(reverse(LIST), {"sort": "organisation"})
    assert response.status_code == 200  # the choice stays in the address, not dropped as a default
    assert names(response) == ["Amt Zeven", "Stadt Aachen"]
    assert client.get(reverse(LIST), {"sort": "due"})["Location"] == reverse(LIST)


def test_for_an_auditor_a_phase_waiting_for_the_operator_does_not_lead(two_cycles, audit, parties, login):
    """Handed in to the operator (an annual report they accept), it is not the auditor's move."""
    from django.utils import timezone

    from vereinbar.programmes.models import ActorRole

    cycle = started(audit, "Gemeinde Zell", parties)
    run = PhaseRun.objects.filter(cycle=cycle).order_by("pk").first()
    run.phase.accepted_by = ActorRole.OPERATOR
    run.phase.save(update_fields=["accepted_by"])
    PhaseRun.objects.filter(pk=run.pk).update(status=PhaseStatus.SUBMITTED, submitted_at=timezone.now())
    PhaseRun.objects.filter(cycle=cycle).exclude(pk=run.pk).update(due_on=None)
    PhaseRun.objects.filter(cycle=cycle, pk=run.pk).update(due_on=None)
    assert names(login(parties["auditor"]).get(reverse(LIST))) == ["Stadt Aachen", "Amt Zeven", "Gemeinde Zell"]
    # the operator, who accepts it, sees it first when sorting by what is due
    assert names(login(parties["operator"]).get(reverse(LIST), {"sort": "due"}))[0] == "Gemeinde Zell"
