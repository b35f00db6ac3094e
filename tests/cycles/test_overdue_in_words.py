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
    """The self-assessment, still open and ten days past its due date."""
    cycle = open_cycle(audit)
    run = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
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


@pytest.mark.parametrize(
    ("language", "word", "submitted_on"), [("nl", "te laat", "ingediend op"), ("de", "überfällig", "eingereicht am")]
)
def test_a_phase_handed_in_after_its_date_is_not_overdue_for_its_reviewer(
    overdue_run, parties, login, language, word, submitted_on
):
    """Once submitted, the phase waits for its reviewer: its due date was the employer's, so the
    auditor's pages do not call it overdue (as "waiting for you" does not); the list of phases
    says when it was handed in and that it waits for the reader's review."""
    fill(overdue_run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=overdue_run)
    client = login(parties["auditor"])
    with translation.override(language):
        phase = reverse("operator_cycles:phase", args=[overdue_run.cycle_id, overdue_run.pk])
        detail = reverse("operator_cycles:detail", args=[overdue_run.cycle_id])
    assert word not in client.get(phase).content.decode()
    page = client.get(detail).content.decode()
    assert word not in page and submitted_on in page
    item = page.split('data-status="submitted"', 1)[1].split("</li>", 1)[0]
    assert 'class="your-turn"' in item
