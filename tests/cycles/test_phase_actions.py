"""The phase page's posted actions (one view each, cycles.views.phase.PHASE_ACTIONS): an action
saves and returns to its place on the page; an unknown one is not found; a refused one comes
back to the phase with the reason (a refused hand-in: the page itself, at its summary)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.cycles.helpers import drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop_run(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="workshop")
    return cycle.phase_runs.get(phase__key="workshop")


def _url(run, action):
    cycle = run.cycle
    return reverse("workspace_cycles:phase_act", args=[cycle.organisation.slug, cycle.pk, run.pk, action])


def test_a_note_is_saved_and_the_page_comes_back_at_the_notes(workshop_run, contributor, login):
    response = login(contributor).post(_url(workshop_run, "note"), {"note": "Agenda sent to everyone."})
    assert response.status_code == 302
    assert response["Location"].endswith("#notes")
    workshop_run.refresh_from_db()
    assert workshop_run.note == "Agenda sent to everyone."


def test_an_unknown_action_is_not_found(workshop_run, contributor, login):
    assert login(contributor).post(_url(workshop_run, "approve-everything")).status_code == 404


def test_a_submit_the_phase_does_not_allow_yet_comes_back_with_the_reason(workshop_run, coordinator, login):
    client = login(coordinator)  # no meeting recorded yet: nothing to submit
    response = client.post(_url(workshop_run, "submit"), HTTP_ACCEPT_LANGUAGE="en")
    # the page again, opened at the reason (the button's "#submit-errors"), linked to the form to fill in
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="submit-errors"' in page
    assert '<a href="#record-meeting">Record at least one meeting' in page
    workshop_run.refresh_from_db()
    assert workshop_run.status != "submitted"
