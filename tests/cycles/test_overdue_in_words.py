"""A phase past its due date says so in words, not only in red: on the phase page, in the cycle's
list of phases and in the employer's "waiting for you" (colour alone reaches not every reader)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from vereinbar.cycles import services

from .helpers import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_run(audit, parties, open_cycle):
    """The self-assessment, submitted for review and ten days past its due date."""
    cycle = open_cycle(audit)
    run = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    run.due_on = timezone.localdate() - timedelta(days=10)
    run.save(update_fields=["due_on"])
    return run


@pytest.mark.parametrize(("language", "word"), [("nl", "te laat"), ("de", "überfällig")])
def test_an_overdue_phase_says_overdue_on_the_operators_pages(overdue_run, parties, login, language, word):
    client = login(parties["operator"])
    with translation.override(language):
        urls = [
            reverse("operator_cycles:phase", args=[overdue_run.cycle_id, overdue_run.pk]),
            reverse("operator_cycles:detail", args=[overdue_run.cycle_id]),
        ]
    for url in urls:
        assert word in client.get(url).content.decode(), url


def test_an_overdue_phase_says_overdue_in_the_employers_waiting_list(audit, parties, open_cycle, employer_org, login):
    run = open_cycle(audit).phase_runs.get(phase__key="self_assessment")
    run.due_on = timezone.localdate() - timedelta(days=3)
    run.save(update_fields=["due_on"])
    with translation.override("nl"):
        url = reverse("workspace_cycles:list", args=[employer_org.slug])
    page = login(parties["coordinator"]).get(url).content.decode()
    waiting = page[page.index('id="waiting-heading"') :]
    assert "te laat" in waiting[: waiting.index("</section>")]


def test_a_phase_due_later_says_nothing_of_the_kind(overdue_run, parties, login):
    overdue_run.due_on = timezone.localdate() + timedelta(days=10)
    overdue_run.save(update_fields=["due_on"])
    client = login(parties["operator"])
    with translation.override("nl"):
        url = reverse("operator_cycles:phase", args=[overdue_run.cycle_id, overdue_run.pk])
    assert "te laat" not in client.get(url).content.decode()
