"""A goal whose due date has already passed when it is added (most often "2026" typed for
"2027") is saved, but the coordinator is told at once, beside the confirmation, instead of
finding it marked "overdue" later. A goal due in the future, or one that is reached, is not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from vereinbar.cycles.models import Goal

pytestmark = pytest.mark.django_db

WARNING = "has already passed. If the year is a typing error, correct it."


@pytest.fixture
def cycle(audit, open_cycle):
    return open_cycle(audit)


def _add(login, parties, cycle, due_on, status="open", **more):
    slug = cycle.organisation.slug
    with translation.override("en"):
        url = reverse("workspace_cycles:agreement_act", args=[slug, cycle.pk, "goal"])
    client = login(parties["coordinator"])
    data = {"action_field": "1", "title": "Flexible hours in every office", "status": status, **more}
    data["due_on"] = due_on.isoformat()
    return client.post(url, data, follow=True).content.decode()


def test_a_goal_due_in_the_past_is_saved_with_a_warning(login, parties, cycle):
    page = _add(login, parties, cycle, timezone.localdate() - timedelta(days=300))
    assert Goal.objects.filter(agreement__cycle=cycle).count() == 1
    assert WARNING in page


def test_a_goal_due_in_the_future_gets_no_warning(login, parties, cycle):
    page = _add(login, parties, cycle, timezone.localdate() + timedelta(days=700))
    assert Goal.objects.filter(agreement__cycle=cycle).count() == 1
    assert WARNING not in page


def test_a_reached_goal_with_a_past_date_gets_no_warning(login, parties, cycle):
    page = _add(login, parties, cycle, timezone.localdate() - timedelta(days=30), status="achieved")
    assert WARNING not in page


@pytest.mark.parametrize("typed", ["2999-12-31", "0219-06-30"])
def test_a_due_date_decades_off_is_refused_beside_its_field_and_nothing_saved(login, parties, cycle, typed):
    from datetime import date

    page = _add(login, parties, cycle, date.fromisoformat(typed))
    assert not Goal.objects.filter(agreement__cycle=cycle).exists()
    error = page.index('id="id_due_on_error"')
    assert "Check the year: a due date lies between 1900 and" in page[error : error + 300]


def test_a_goal_due_in_ten_years_is_kept(login, parties, cycle):
    _add(login, parties, cycle, timezone.localdate() + timedelta(days=3650))
    assert Goal.objects.filter(agreement__cycle=cycle).count() == 1
