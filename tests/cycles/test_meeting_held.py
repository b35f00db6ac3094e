"""A workshop, training or meeting is recorded as held: never on a day still to come."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.cycles.api_client import Api
from tests.cycles.helpers import drive
from vereinbar.cycles import services

FUTURE_MESSAGE = "This day is still to come: record the meeting once it has taken place."


@pytest.fixture
def workshop_run(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="workshop")
    return cycle.phase_runs.get(phase__key="workshop")


def test_a_meeting_dated_tomorrow_is_refused_and_one_held_today_is_recorded(workshop_run, contributor):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as raised:
        services.workshop_save(actor=contributor, run=workshop_run, held_on=today + timedelta(days=1))
    assert raised.value.message_dict == {"held_on": [FUTURE_MESSAGE]}
    assert not workshop_run.workshops.exists()
    services.workshop_save(actor=contributor, run=workshop_run, held_on=today)
    assert workshop_run.workshops.get().held_on == today


def test_the_form_shows_the_future_date_next_to_the_date_field(workshop_run, contributor, client, login):
    cycle = workshop_run.cycle
    login(contributor)
    url = reverse("workspace_cycles:phase_act", args=[cycle.organisation.slug, cycle.pk, workshop_run.pk, "workshop"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(url, {"held_on": tomorrow.isoformat(), "moderator": "A. Auditor"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    page = response.content.decode()
    error_at = page.index('id="id_held_on_error"')
    assert FUTURE_MESSAGE in page[error_at : error_at + 400]
    assert not workshop_run.workshops.exists()


def test_the_api_refuses_a_future_meeting_keyed_by_its_date(workshop_run, contributor):
    api = Api({"contributor": contributor}).as_("contributor")
    path = f"/cycles/{workshop_run.cycle_id}/phases/{workshop_run.pk}/workshops"
    tomorrow = timezone.localdate() + timedelta(days=1)
    status, body = api.post(path, {"held_on": tomorrow.isoformat(), "moderator": "A. Auditor"})
    assert status == 422, body
    assert FUTURE_MESSAGE in str(body) and "held_on" in str(body)
    assert not workshop_run.workshops.exists()
    assert api.post(path, {"held_on": timezone.localdate().isoformat()})[0] == 201
