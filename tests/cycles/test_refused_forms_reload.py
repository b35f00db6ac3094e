"""A decision form on the operator's desk that is refused (a reason left out) shows the error
next to its field; reloading that page, or switching its language, opens the page the form is on
instead of a 405 (the browser asks the form's URL with a GET)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.cycles.test_operator_desk import applied
from tests.factories import OrganisationFactory
from vereinbar.cycles.links import cycle_reverse
from vereinbar.cycles.models import CycleStatus
from vereinbar.organisations.models import OrganisationStatus

pytestmark = pytest.mark.django_db


def _field_errors(page: str, name: str) -> str:
    """The text from the field's label to its input: where Django puts the field's errors."""
    start = page.index(f'for="id_{name}"')
    return page[start : page.index(f'name="{name}"', start)]


def test_a_registration_rejected_without_a_reason_says_so_and_survives_a_reload(parties, login):
    waiting = OrganisationFactory(name="Stadtwerke Wesel")
    waiting.status, waiting.registered_at = OrganisationStatus.PENDING, timezone.now()
    waiting.save(update_fields=["status", "registered_at"])
    client = login(parties["operator"])
    url = reverse("operator:registration_reject", args=[waiting.slug])
    with translation.override("en"):
        page = client.post(url, {"reason": " "}).content.decode()
    assert "This field is required." in _field_errors(page, "reason")
    waiting.refresh_from_db()
    assert waiting.status == OrganisationStatus.PENDING
    reloaded = client.get(url, follow=True)
    assert reloaded.status_code == 200
    assert reloaded.redirect_chain[-1][0] == reverse("operator:registration", args=[waiting.slug])
    assert "Stadtwerke Wesel" in reloaded.content.decode()
    assert client.get(reverse("operator:registration_approve", args=[waiting.slug])).status_code == 302


def test_an_application_declined_without_a_reason_says_so_next_to_the_field(audit, parties, login):
    cycle = applied(audit, "Gemeente Zwolle")
    client = login(parties["operator"])
    url = cycle_reverse("operator", cycle, "act", "decline")
    with translation.override("en"):
        response = client.post(url, {"reason": ""})
    assert response.status_code == 422
    assert "This field is required." in _field_errors(response.content.decode(), "reason")
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.APPLIED
    reloaded = client.get(url)
    assert reloaded.status_code == 302 and reloaded["Location"] == cycle_reverse("operator", cycle, "detail")


def test_a_phase_page_reloaded_after_a_refused_review_opens_the_phase(audit, parties, login, open_cycle):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.order_by("pk").first()
    client = login(parties["auditor"])
    url = cycle_reverse("operator", cycle, "phase_act", run.pk, "return")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == cycle_reverse("operator", cycle, "phase", run.pk)
