"""A contributor works on a phase but cannot hand it in: the page says who does, instead of
leaving her to look for a button that is not there; the coordinator gets the button, a viewer
neither."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db

HINT = "You can work on this phase and save your changes."


@pytest.fixture
def self_assessment(scored, open_cycle):
    cycle = open_cycle(scored)
    return cycle.phase_runs.get(phase__key="self_assessment")


def _page(login, user, run) -> str:
    url = reverse("workspace_cycles:phase", args=[run.cycle.organisation.slug, run.cycle.pk, run.pk])
    return login(user).get(url).content.decode()


def test_a_contributor_reads_who_submits_the_phase(self_assessment, parties, login):
    page = _page(login, parties["contributor"], self_assessment)
    assert HINT in page
    assert f"Submitting it is up to: {escape(self_assessment.phase.actor_text())}." in page
    assert "do/submit/" not in page
    # read before starting: beside the status, above the form, not at the end of it
    assert page.index(HINT) < page.index('id="deliverable"')


def test_the_coordinator_gets_the_button_and_no_hint(self_assessment, parties, login):
    page = _page(login, parties["coordinator"], self_assessment)
    assert "do/submit/" in page
    assert HINT not in page


def test_a_viewer_is_not_told_to_work_on_it(self_assessment, parties, login):
    page = _page(login, parties["viewer"], self_assessment)
    assert HINT not in page
    assert "do/submit/" not in page


def test_the_cycle_links_its_agreement_only_once_that_page_exists(audit, open_cycle, parties, login):
    """A cycle without a run of its stage's agreement phase (an optional phase it does not take,
    or cycles whose runs were written up to the current phase only) has no agreement page, so
    its menu must not lead there; with the run, the link is there."""
    cycle = open_cycle(audit)
    slug = cycle.organisation.slug
    agreement = reverse("workspace_cycles:agreement", args=[slug, cycle.pk])
    detail = reverse("workspace_cycles:detail", args=[slug, cycle.pk])
    client = login(parties["coordinator"])
    assert f'href="{agreement}"' in client.get(detail).content.decode()
    cycle.phase_runs.filter(phase__deliverable="target_agreement").delete()
    assert client.get(agreement).status_code == 404
    assert f'href="{agreement}"' not in client.get(detail).content.decode()
