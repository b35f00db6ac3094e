"""An auditor with many employers reads first what is overdue on their home's "waiting for you",
then what has waited longest: an overdue report of their own must not sink below twenty
reviews that merely wait (the home shows only the first twenty)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vereinbar.cycles import services
from vereinbar.cycles.selectors import WaitingKind, waiting_for_operator

from .helpers import drive, fill

pytestmark = pytest.mark.django_db


def test_what_is_overdue_comes_before_what_has_waited_longest(
    audit, parties, employer_org, other_employer_org, operator_admin
):
    today = timezone.localdate()
    # a self-assessment submitted a month ago: it waits for the auditor's review, not overdue
    waiting = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    waiting = services.cycle_accept(actor=operator_admin, cycle=waiting, auditor=parties["auditor"])
    review = waiting.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
    fill(review, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=review)
    review.submitted_at = timezone.now() - timedelta(days=30)
    review.save(update_fields=["submitted_at"])
    # the auditor's own report in another cycle: opened today, due yesterday
    late = services.cycle_apply(actor=parties["outsider"], organisation=other_employer_org, programme=audit)
    late = services.cycle_accept(actor=operator_admin, cycle=late, auditor=parties["auditor"])
    people = {**parties, "coordinator": parties["outsider"], "contributor": parties["outsider"]}
    drive(late, people, stop_before="report")
    report = late.phase_runs.get(phase__key="report")
    report.due_on = today - timedelta(days=1)
    report.save(update_fields=["due_on"])

    items = waiting_for_operator(user=parties["auditor"], today=today)
    assert [(item.kind, item.run) for item in items] == [(WaitingKind.PHASE, report), (WaitingKind.REVIEW, review)]
    assert items[0].overdue and not items[1].overdue
