"""A workshop, training or meeting is recorded as held: never on a day still to come."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.cycles.api_client import Api
from tests.cycles.helpers import drive
from vereinbar.cycles import services
from vereinbar.cycles.models import Cycle

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


BEFORE_MESSAGE = "This day is before the application on %s: enter the day the meeting of this cycle took place."


def test_a_meeting_before_the_application_or_without_participants_is_refused(workshop_run, contributor):
    cycle = workshop_run.cycle
    with pytest.raises(ValidationError) as raised:
        services.workshop_save(
            actor=contributor, run=workshop_run, held_on=cycle.applied_on - timedelta(days=1), participants_count=0
        )
    day = date_format(cycle.applied_on, "DATE_FORMAT")
    assert raised.value.message_dict == {
        "held_on": [BEFORE_MESSAGE % day],
        "participants_count": ["Enter a number of 1 or more."],
    }
    assert not workshop_run.workshops.exists()


def test_a_meeting_held_last_week_is_recorded_today(workshop_run, contributor):
    """A meeting is often written up days later: any day from the application to today counts."""
    cycle = workshop_run.cycle
    Cycle.objects.filter(pk=cycle.pk).update(applied_on=timezone.localdate() - timedelta(days=30))
    workshop_run.cycle.refresh_from_db()
    last_week = timezone.localdate() - timedelta(days=7)
    services.workshop_save(actor=contributor, run=workshop_run, held_on=last_week, participants_count=1)
    assert workshop_run.workshops.get().held_on == last_week


def test_the_form_shows_a_day_of_1990_and_no_participants_next_to_their_fields(
    workshop_run, contributor, client, login
):
    cycle = workshop_run.cycle
    login(contributor)
    url = reverse("workspace_cycles:phase_act", args=[cycle.organisation.slug, cycle.pk, workshop_run.pk, "workshop"])
    response = client.post(
        url, {"held_on": "1990-05-04", "participants_count": "0", "moderator": "A. Auditor"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    page = response.content.decode()
    day = date_format(cycle.applied_on, "DATE_FORMAT")
    date_error = page.index('id="id_held_on_error"')
    assert BEFORE_MESSAGE % day in page[date_error : date_error + 400]
    count_error = page.index('id="id_participants_count_error"')
    assert "greater than or equal to 1" in page[count_error : count_error + 400]
    # the date picker offers only the days that count
    field = page[page.index('id="id_held_on"') - 300 : page.index('id="id_held_on"') + 300]
    assert f'min="{cycle.applied_on.isoformat()}"' in field and f'max="{timezone.localdate().isoformat()}"' in field
    assert not workshop_run.workshops.exists()


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_day_before_the_application_is_explained_in_the_readers_language(
    workshop_run, contributor, client, login, language
):
    cycle = workshop_run.cycle
    login(contributor)
    with translation.override(language):
        url = reverse(
            "workspace_cycles:phase_act", args=[cycle.organisation.slug, cycle.pk, workshop_run.pk, "workshop"]
        )
        expected = {
            "de": "Dieser Tag liegt vor der Bewerbung vom %s",
            "nl": "Deze dag ligt vóór de aanvraag van %s",
        }[language] % date_format(cycle.applied_on, "DATE_FORMAT")
    response = client.post(url, {"held_on": "1990-05-04"})
    assert response.status_code == 422
    assert expected in response.content.decode()


def test_the_api_refuses_a_day_before_the_application_and_zero_participants_by_field(workshop_run, contributor):
    api = Api({"contributor": contributor}).as_("contributor")
    path = f"/cycles/{workshop_run.cycle_id}/phases/{workshop_run.pk}/workshops"
    status, body = api.post(path, {"held_on": "1990-05-04", "participants_count": 0})
    assert status == 422, body
    assert "held_on" in str(body) and "participants_count" in str(body) and "1 or more" in str(body)
    status, body = api.post(path, {"held_on": timezone.localdate().isoformat(), "title": "x" * 201})
    assert status == 422 and "title" in str(body), body
    assert not workshop_run.workshops.exists()
