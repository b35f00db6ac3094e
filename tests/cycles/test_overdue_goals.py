"""A goal past its due date and not reached says so in words on the target agreement, and the
top of the goals counts them and lists them, longest overdue first; achieved, dropped and future
goals are not marked. Once the cycle is closed the words say the goal was not reached by then."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from vereinbar.cycles.models import CycleStatus, Goal, GoalMeasure, GoalStatus
from vereinbar.cycles.selectors import agreement_run
from vereinbar.cycles.services.agreement import agreement_of
from vereinbar.programmes.models import ActionField

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _goals(cycle, *goals):
    """The goals straight into the cycle's agreement (the page reads them; how they came is tested elsewhere)."""
    agreement = agreement_of(cycle)
    for number, (field, title, due_on, status) in enumerate(goals, start=1):
        Goal.objects.create(
            agreement=agreement,
            action_field=ActionField.objects.get(version_id=cycle.version_id, code=field),
            number=number,
            code=f"{field}.{number}",
            title=title,
            due_on=due_on,
            status=status,
        )


@pytest.fixture
def agreement_cycle(audit, open_cycle):
    cycle = open_cycle(audit)
    today = timezone.localdate()
    _goals(
        cycle,
        ("1", "Flexible hours", today - timedelta(days=10), GoalStatus.IN_PROGRESS),
        ("1", "Part-time for managers", today - timedelta(days=400), GoalStatus.OPEN),
        ("3", "A crèche of our own", today - timedelta(days=30), GoalStatus.ACHIEVED),
        ("3", "Home office for carers", today - timedelta(days=30), GoalStatus.DROPPED),
        ("3", "Sabbaticals", today + timedelta(days=30), GoalStatus.OPEN),
    )
    sabbaticals = Goal.objects.get(agreement__cycle=cycle, title="Sabbaticals")
    for number, (title, status) in enumerate([("Ask the staff", "planned"), ("Pay the leave", "in_place")], start=1):
        GoalMeasure.objects.create(
            goal=sabbaticals,
            number=number,
            code=f"3.5.{number}",
            title=title,
            due_on=today - timedelta(days=5),
            status=status,
        )
    return cycle


def _page(client, cycle, language):
    return client.get(f"/{language}/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/agreement/")


def test_overdue_goals_are_counted_listed_first_and_marked_in_words(agreement_cycle, parties, login):
    client = login(parties["coordinator"])
    text = _text(_page(client, agreement_cycle, "de"))
    assert "5 Ziele, davon 2 überfällig:" in text
    # the list under the count: the longest overdue first, each with its due date and status
    listed = text.split("davon 2 überfällig:")[1]
    assert listed.index("1.2 Part-time for managers") < listed.index("1.1 Flexible hours")
    assert "1.2 Part-time for managers – fällig am" in listed and "(Status: Nicht begonnen)" in listed
    assert "(Status: In Bearbeitung)" in listed
    # each overdue goal says so next to its due date; the achieved, dropped and future ones do not
    assert text.count("– überfällig") == 2
    for title in ("A crèche of our own", "Home office for carers", "Sabbaticals"):
        section = text.split(title)[-1].split("Status")[0]
        assert "überfällig" not in section, title

    # so does a measure still planned after its due date (one in place is done)
    assert "3.5.1 Ask the staff" in text and text.count("Geplant, überfällig") == 1
    assert "Eingeführt, überfällig" not in text

    dutch = _text(_page(client, agreement_cycle, "nl"))
    assert "5 doelen, waarvan 2 te laat:" in dutch
    assert dutch.count("– te laat") == 2


def test_a_closed_cycle_says_a_goal_was_not_reached_by_its_due_date(agreement_cycle, parties, login):
    type(agreement_cycle).objects.filter(pk=agreement_cycle.pk).update(status=CycleStatus.WITHDRAWN)
    text = _text(_page(login(parties["coordinator"]), agreement_cycle, "de"))
    assert "5 Ziele, davon 2 bis zum Fälligkeitstermin nicht erreicht:" in text
    assert text.count("– bis zum Fälligkeitstermin nicht erreicht") == 2
    assert "überfällig" not in text


def test_goals_on_time_say_none_is_overdue(audit, open_cycle, parties, login):
    cycle = open_cycle(audit)
    _goals(cycle, ("1", "Flexible hours", timezone.localdate(), GoalStatus.OPEN))  # due today: not overdue yet
    text = _text(_page(login(parties["coordinator"]), cycle, "de"))
    assert "1 Ziel, nicht überfällig." in text
    assert "überfällig:" not in text and "– überfällig" not in text


def test_the_agreement_phase_marks_overdue_goals_in_its_summary(agreement_cycle, parties, login):
    run = agreement_run(agreement_cycle)
    path = f"/de/workspace/{agreement_cycle.organisation.slug}/cycles/{agreement_cycle.pk}/phases/{run.pk}/"
    text = _text(login(parties["coordinator"]).get(path))
    assert "1.2 Part-time for managers" in text
    assert text.count("– überfällig") == 2
