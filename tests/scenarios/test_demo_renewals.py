"""The demo's renewals are what ``cycle_renew`` makes (issue: some made-up renewals waited as
applications without a start date, or had been declined, which the product never does: it opens
the next stage at once): each started the day it was applied for, with the auditor of the cycle
it renews (where that had one), and one still running is at work on its phases.
(The package's demo: see conftest.py.)"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import F

from vereinbar.cycles.models import Cycle, CycleStatus, PhaseStatus

pytestmark = pytest.mark.django_db


def test_a_made_up_renewal_opened_the_day_it_was_applied_for():
    renewals = list(
        Cycle.objects.filter(organisation__is_example=True, previous__isnull=False)
        .select_related("previous")
        .prefetch_related("phase_runs")
    )
    statuses = Counter(renewal.status for renewal in renewals)
    assert statuses[CycleStatus.OPEN] >= 100 and statuses[CycleStatus.WITHDRAWN] >= 10, statuses
    assert not statuses[CycleStatus.APPLIED] and not statuses[CycleStatus.DECLINED], statuses
    for renewal in renewals:
        assert renewal.started_on == renewal.applied_on, renewal.pk
        if renewal.status == CycleStatus.OPEN:
            runs = list(renewal.phase_runs.all())
            assert any(run.status != PhaseStatus.LOCKED for run in runs), renewal.pk
            assert min(run.opened_on for run in runs if run.opened_on) == renewal.started_on, renewal.pk
            assert renewal.auditor_id == (renewal.previous.auditor_id or renewal.auditor_id), renewal.pk


# What a renewal takes over (issue: the demo's renewals carried no goals and no answers over,
# where ``cycle_renew`` carries both): the made-up ones through the same ``renewal_carry_over``,
# the replayed ones through ``cycle_renew`` itself.


def test_a_made_up_renewal_took_over_the_goals_not_yet_reached_and_the_answers():
    from vereinbar.activity.models import Entry
    from vereinbar.cycles.models import AssessmentAnswer, Goal
    from vereinbar.cycles.services.agreement import NOT_CARRIED

    renewals = Cycle.objects.filter(organisation__is_example=True, previous__isnull=False, started_on__isnull=False)
    carried = Goal.objects.filter(agreement__cycle__in=renewals, carried_from__isnull=False).select_related(
        "carried_from__agreement", "agreement"
    )
    assert carried.count() >= 100
    for goal in carried:
        assert goal.carried_from.agreement.cycle_id == Cycle.objects.get(pk=goal.agreement.cycle_id).previous_id
        assert goal.carried_from.status not in NOT_CARRIED
    answers = AssessmentAnswer.objects.filter(cycle__in=renewals, carried_from__isnull=False)
    assert answers.count() >= 100
    # each from the same employer's cycle before, never another's
    assert not answers.exclude(carried_from__cycle__organisation_id=F("cycle__organisation_id")).exists()
    # the history says so, as for a renewal done on the platform
    renewal = answers.first().cycle
    entry = Entry.objects.get(verb="cycle.renewed", target_id=str(renewal.pk))
    assert entry.after["answers_carried_over"] == renewal.answers.filter(carried_from__isnull=False).count()


@pytest.mark.parametrize(
    ("slug", "stage", "codes"), [("landkreis-leer", "rezertifizierung", 10), ("gemeente-leiderdorp", "hererkenning", 4)]
)
def test_a_replayed_renewal_starts_from_the_answers_before(slug, stage, codes):
    from vereinbar.activity.models import Entry

    renewal = Cycle.objects.filter(organisation__slug=slug, stage__key=stage).order_by("started_on").first()
    carried = renewal.answers.filter(carried_from__isnull=False)
    assert carried.count() == codes
    assert set(carried.values_list("carried_from__cycle_id", flat=True)) == {renewal.previous_id}
    entry = Entry.objects.get(verb="cycle.renewed", target_id=str(renewal.pk))
    assert entry.after["answers_carried_over"] == codes
