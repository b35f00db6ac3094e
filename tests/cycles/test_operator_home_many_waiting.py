"""An operator with a thousand employers: the home's "waiting for you" is selected, ordered,
counted and cut to twenty in the database, so the page asks as many queries for thirty phases
waiting as for two; and it lists the same twenty, in the same order and with the same total, as
the rule for one phase run (``_waiting_of_run``) applied to every run in progress would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, UserFactory
from vereinbar.cycles.models import Cycle, CycleStatus, PhaseRun, PhaseStatus
from vereinbar.cycles.permissions import parties_of
from vereinbar.cycles.selectors import (
    Waiting,
    WaitingKind,
    _waiting_of_run,
    cycles_for,
    waiting_for_operator,
    waiting_order,
)
from vereinbar.cycles.workflow import Party

pytestmark = pytest.mark.django_db

# (phase, status, auditor named?, due in days from today, submitted days ago); one cycle each.
KINDS = [
    ("self_assessment", PhaseStatus.SUBMITTED, True, -20, 3),  # the auditor reviews; not overdue
    ("report", PhaseStatus.OPEN, True, -1, None),  # the auditor's report, overdue
    ("decision", PhaseStatus.OPEN, True, 10, None),  # the board decides
    ("self_assessment", PhaseStatus.SUBMITTED, False, None, 8),  # the operator names an auditor
    ("self_assessment", PhaseStatus.OPEN, True, -30, None),  # the employer's move: nobody's here
    ("report", PhaseStatus.RETURNED, False, -5, None),  # overdue, and no auditor to do it yet
    (None, CycleStatus.APPLIED, False, None, None),  # an application to accept
]


def _waiting(programme, auditor, count: int, start: int = 0) -> None:
    """``count`` cycles of ``programme``, each with one thing in progress (``KINDS`` in turn)."""
    today, now = timezone.localdate(), timezone.now()
    version = programme.current_version
    stage = version.stages.order_by("order").first()
    phases = {phase.key: phase for phase in stage.phases.all()}
    for index in range(start, start + count):
        key, status, named, due, submitted = KINDS[index % len(KINDS)]
        cycle = Cycle.objects.create(
            organisation=OrganisationFactory(),
            programme=programme,
            version=version,
            stage=stage,
            status=CycleStatus.APPLIED if key is None else CycleStatus.OPEN,
            auditor=auditor if named else None,
            applied_on=today - timedelta(days=40 + index % 9),
            started_on=None if key is None else today - timedelta(days=30),
        )
        if key is not None:
            PhaseRun.objects.create(
                cycle=cycle,
                phase=phases[key],
                status=status,
                opened_on=today - timedelta(days=index % 11),
                due_on=None if due is None else today + timedelta(days=due - index % 4),
                submitted_at=None if submitted is None else now - timedelta(days=submitted + index % 5),
            )


def _one_by_one(user) -> list[Waiting]:
    """The whole list as it was built before: every run in progress in Python, then sorted."""
    today = timezone.localdate()
    cycles = cycles_for(user=user)
    items = [
        Waiting(kind=WaitingKind.APPLICATION, cycle=cycle, run=None, since=cycle.applied_on, due_on=None, overdue=False)
        for cycle in cycles.filter(status=CycleStatus.APPLIED)
        if Party.OPERATOR in parties_of(user, cycle)
    ]
    runs = PhaseRun.objects.filter(
        cycle__in=cycles.filter(status__in=[CycleStatus.OPEN, CycleStatus.AWARDED]),
        status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED],
    ).select_related("phase", "cycle", "cycle__programme")
    items += [item for run in runs if (item := _waiting_of_run(user, run, today)) is not None]
    return sorted(items, key=waiting_order)


def _key(item: Waiting) -> tuple[object, ...]:
    return (item.kind, item.cycle.pk, item.run.pk if item.run else None, item.since, item.due_on, item.overdue)


@pytest.mark.parametrize("role", ["operator", "board", "auditor", "platform admin"])
def test_the_first_twenty_and_the_total_are_those_of_the_whole_list_for_every_role(audit, parties, role):
    _waiting(audit, parties["auditor"], 80)
    user = UserFactory(is_superuser=True) if role == "platform admin" else parties[role]
    whole = _one_by_one(user)
    assert len(whole) > (5 if role == "board" else 20), "the sample leaves this role too little to check"

    first = waiting_for_operator(user=user, limit=20)

    assert [_key(item) for item in first] == [_key(item) for item in whole[:20]]
    assert first.total == len(whole)


def test_an_overdue_phase_comes_before_twenty_that_only_wait(audit, parties):
    _waiting(audit, parties["auditor"], 40)
    first = waiting_for_operator(user=parties["auditor"], limit=20)
    overdue = [item.overdue for item in first]
    assert any(overdue) and overdue == sorted(overdue, reverse=True)


def test_the_home_asks_no_more_queries_for_thirty_phases_waiting_than_for_two(
    audit, parties, django_assert_max_num_queries
):
    clients = {role: Client() for role in ("operator", "board", "auditor")}
    for role, client in clients.items():
        client.force_login(parties[role], backend="django.contrib.auth.backends.ModelBackend")
    _waiting(audit, parties["auditor"], 2)
    for client in clients.values():
        client.get(reverse("operator:index"), follow=True)  # what a first request reads once
    asked = {}
    for role, client in clients.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("operator:index"), follow=True).status_code == 200
        asked[role] = len(queries)

    _waiting(audit, parties["auditor"], 68, start=2)  # about 30 waiting for the operator admin

    for role, client in clients.items():
        with django_assert_max_num_queries(asked[role]):
            html = client.get(reverse("operator:index"), follow=True).content.decode()
        total = waiting_for_operator(user=parties[role]).total
        assert html.count("<li data-kind=") == min(total, 20)
        assert (f"These are the first 20 of {total}," in html) == (total > 20)
    assert waiting_for_operator(user=parties["operator"]).total >= 30


def test_the_home_builds_only_the_phase_runs_it_shows(audit, parties, login, monkeypatch):
    _waiting(audit, parties["auditor"], 70)
    client = login(parties["operator"])
    client.get(reverse("operator:index"), follow=True)
    built = []
    from_db = PhaseRun.from_db.__func__

    def counted(cls, *args, **kwargs):
        built.append(1)
        return from_db(cls, *args, **kwargs)

    monkeypatch.setattr(PhaseRun, "from_db", classmethod(counted))
    client.get(reverse("operator:index"), follow=True)
    in_progress = PhaseRun.objects.exclude(status=PhaseStatus.ACCEPTED).count()
    assert in_progress == 60 and len(built) <= 20


def _registered(name: str, days_ago: int):
    from .test_operator_desk import registered

    return registered(name, "Bayern", timezone.localdate() - timedelta(days=days_ago))


def _lines(html: str) -> list[str]:
    """The home's "waiting for you" lines as read: their link's text."""
    import re

    section = html[html.index('id="waiting-heading"') : html.index("</section>")]
    return [" ".join(text.split()) for text in re.findall(r'<li data-kind="[^"]+">\s*<a [^>]*>([^<]+)', section)]


def test_a_registration_waits_in_line_with_the_applications_by_how_long_it_waits(audit, parties, login):
    """A registration waits for the operator as an application does: after what is overdue, among
    what others wait for, the longest waiting first; not after every cycle."""
    _waiting(audit, parties["auditor"], 7)  # one application, applied 46 days ago; one phase overdue
    _registered("Stichting Lang Wachtend", 100)
    _registered("Verein Neu", 1)
    lines = _lines(login(parties["operator"]).get(reverse("operator:index"), follow=True).content.decode())
    early = lines.index("Registration to review: Stichting Lang Wachtend")
    application = lines.index("Application to accept or decline")
    assert 0 < early < application < lines.index("Registration to review: Verein Neu")
    assert lines[0].startswith("Assign an auditor for:")  # the overdue phase with no auditor: first


def test_the_home_asks_no_more_queries_for_thirty_registrations_than_for_one(
    audit, parties, django_assert_max_num_queries
):
    client = Client()
    client.force_login(parties["operator"], backend="django.contrib.auth.backends.ModelBackend")
    _waiting(audit, parties["auditor"], 14)
    _registered("Gemeinde 00", 5)
    client.get(reverse("operator:index"), follow=True)  # what a first request reads once
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("operator:index"), follow=True)
    for number in range(1, 30):
        _registered(f"Gemeinde {number:02}", 200 + number)  # each waiting longer than any cycle

    with django_assert_max_num_queries(len(queries)):
        html = client.get(reverse("operator:index"), follow=True).content.decode()
    lines = _lines(html)
    total = waiting_for_operator(user=parties["operator"]).total + 30
    assert len(lines) == 20 and all(line.startswith("Registration to review: ") for line in lines[2:])
    assert f"These are the first 20 of {total}," in html and reverse("operator:registrations") in html
