"""A decision dated in the future is refused next to its date and changes nothing: the award
would be numbered and valid from a day nobody has decided on yet. Today's date and a past
one (a decision taken at a board meeting last week) are recorded as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vereinbar.certificates.models import Award
from vereinbar.cycles import services

from .helpers import drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(scored, open_cycle, parties):
    """A cycle whose decision phase is open."""
    cycle = open_cycle(scored)
    drive(cycle, parties, stop_before="decision")
    return cycle


def test_a_decision_dated_in_the_future_is_refused_beside_its_date(waiting, parties, login):
    client = login(parties["operator"])
    url = reverse("operator_cycles:decision", args=[waiting.pk])
    later = timezone.localdate() + timedelta(days=3 * 365)
    response = client.post(url, {"outcome": "grant", "decided_on": later.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["decided_on"] == ["A decision cannot be dated in the future."]
    assert not waiting.decisions.exists() and not Award.objects.filter(cycle=waiting).exists()
    german = login(parties["operator"]).post(
        url.replace("/en/", "/de/"), {"outcome": "grant", "decided_on": later.isoformat()}
    )
    assert "Eine Entscheidung kann nicht in der Zukunft datiert werden." in german.content.decode()


def test_the_service_refuses_a_future_date_for_every_caller(waiting, parties):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.cycle_decide(actor=parties["operator"], cycle=waiting, outcome="grant", decided_on=tomorrow)
    assert "decided_on" in refused.value.message_dict
    assert not waiting.decisions.exists()


def test_a_decision_of_last_week_is_recorded_with_its_date(waiting, parties, login):
    client = login(parties["operator"])
    last_week = timezone.localdate() - timedelta(days=7)
    url = reverse("operator_cycles:decision", args=[waiting.pk])
    assert client.post(url, {"outcome": "grant", "decided_on": last_week.isoformat()}).status_code == 302
    assert waiting.decisions.get().decided_on == last_week
    assert Award.objects.get(cycle=waiting).issued_on == last_week
