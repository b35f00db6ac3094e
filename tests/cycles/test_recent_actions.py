"""The person's own recent actions: their accepts, submissions and remarks across every employer
they work with, as sentences by day, linked to the phase, filtered by employer, paged; nothing
of others, nothing of an organisation they can no longer see."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import MembershipFactory, OrganisationFactory
from vereinbar.accounts.models import Membership
from vereinbar.activity.services import entry_record
from vereinbar.cycles import services

from .helpers import drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    with translation.override("en"):
        return reverse("workspace:recent_actions")


@pytest.fixture
def accepted(audit, open_cycle, parties):
    """The self-assessment submitted by the coordinator and accepted by the auditor."""
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="workshop")
    return cycle


def _text(response) -> str:
    """The page's main part as read: without tags, soft hyphens and repeated spaces."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main).replace("\u00ad", "").replace("&shy;", ""))


def _phase_url(namespace: str, cycle, *slug) -> str:
    run = cycle.phase_runs.get(phase__key="self_assessment")
    with translation.override("en"):
        return reverse(f"{namespace}:phase", args=[*slug, cycle.pk, run.pk])


def test_it_shows_the_auditors_accept_linked_to_the_phase(accepted, auditor, login, url):
    response = login(auditor).get(url)
    page = _text(response)
    assert "accepted the phase “Self-assessment”" in page
    assert f'href="{_phase_url("operator_cycles", accepted)}"' in response.content.decode()
    assert "Kreis Musterstadt" in page
    # what others did in the same cycle is theirs
    assert "submitted the phase" not in page
    assert "accepted the application" not in page


def test_it_links_a_coordinators_own_step_in_the_workspace(accepted, coordinator, login, url):
    response = login(coordinator).get(url)
    page = _text(response)
    assert "submitted the phase “Self-assessment”" in page
    assert f'href="{_phase_url("workspace_cycles", accepted, "kreis-musterstadt")}"' in response.content.decode()
    assert "accepted the phase" not in page


def _units_created(coordinator, organisation, *, days: tuple[int, ...]) -> None:
    """The coordinator's "unit created" entries, one on each of these days of March 2025."""
    for day in days:
        entry_record(
            actor=coordinator,
            verb="unit.created",
            organisation=organisation,
            comment=f"Unit of day {day}",
            at=datetime(2025, 3, day, 10, tzinfo=UTC),
        )


def test_it_groups_by_day_newest_first(coordinator, employer_org, login, url):
    _units_created(coordinator, employer_org, days=(3, 5))
    page = _text(login(coordinator).get(url))
    assert page.index("Wednesday, 5 March 2025") < page.index("Unit of day 5")
    assert page.index("Unit of day 5") < page.index("Monday, 3 March 2025") < page.index("Unit of day 3")


def test_it_filters_by_employer(accepted, audit, parties, auditor, operator_admin, login, url):
    other = OrganisationFactory(name="Gemeinde Anderswo", slug="gemeinde-anderswo")
    coordinator = MembershipFactory(organisation=other, role="coordinator").user
    cycle = services.cycle_apply(actor=coordinator, organisation=other, programme=audit)
    cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    drive(cycle, {**parties, "coordinator": coordinator, "contributor": coordinator}, stop_before="workshop")
    client = login(auditor)

    html = client.get(url).content.decode()
    both = _text(client.get(url))
    assert '<option value="gemeinde-anderswo">Gemeinde Anderswo</option>' in html
    assert '<option value="kreis-musterstadt">Kreis Musterstadt</option>' in html
    assert both.count("accepted the phase “Self-assessment”") == 2

    response = client.get(url, {"organisation": "gemeinde-anderswo"})
    assert _text(response).count("accepted the phase “Self-assessment”") == 1
    assert f'href="{_phase_url("operator_cycles", cycle)}"' in response.content.decode()
    assert f'href="{_phase_url("operator_cycles", accepted)}"' not in response.content.decode()


def test_it_pages(coordinator, employer_org, login, url, monkeypatch):
    monkeypatch.setattr("vereinbar.cycles.views.own_history.PAGE_SIZE", 2)
    for number in range(3):
        entry_record(
            actor=coordinator,
            verb="unit.created",
            organisation=employer_org,
            comment=f"Unit {number}",
            at=datetime(2025, 3, 1 + number, 10, tzinfo=UTC),
        )
    client = login(coordinator)
    first = _text(client.get(url))
    assert "Unit 2" in first and "Unit 1" in first and "Unit 0" not in first
    assert "Page 1 of 2" in first and "Older" in first
    second = _text(client.get(url, {"page": 2}))
    assert "Unit 0" in second and "Unit 2" not in second


def test_an_outsider_sees_nothing_of_another_employer(accepted, outsider, login, url):
    page = _text(login(outsider).get(url, {"organisation": "kreis-musterstadt"}))
    assert "Self-assessment" not in page
    assert "Kreis Musterstadt" not in page
    assert "You have done nothing yet" in page


def test_a_removed_auditor_no_longer_sees_their_accepts(accepted, auditor, login, url):
    Membership.objects.filter(user=auditor).delete()
    page = _text(login(auditor).get(url))
    assert "accepted the phase" not in page
    assert "Kreis Musterstadt" not in page


def test_a_removed_member_no_longer_sees_their_steps(accepted, coordinator, employer_org, login, url):
    Membership.objects.filter(user=coordinator, organisation=employer_org).delete()
    page = _text(login(coordinator).get(url))
    assert "submitted the phase" not in page


def test_it_asks_a_visitor_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_reads_a_page_in_the_same_number_of_queries_however_many_rows(audit, parties, auditor, login, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_operator_desk import started

    def accept_every_phase(cycle):
        for run in cycle.phase_runs.all():
            entry_record(actor=auditor, verb="phase.accepted", target=run, organisation=cycle.organisation)

    client = login(auditor)
    accept_every_phase(started(audit, "Stadt Aachen", parties))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for name in ("Amt Zeven", "Kreis Borken", "Gemeinde Delft"):
        accept_every_phase(started(audit, name, parties))
    with CaptureQueriesContext(connection) as many:
        page = _text(client.get(url))
    assert page.count("accepted the phase") > 4 * 4
    assert len(many) == len(few)


def test_it_says_you_instead_of_the_persons_own_name(accepted, coordinator, login, url):
    page = _text(login(coordinator).get(url))
    assert "You submitted the phase “Self-assessment”" in page
    assert coordinator.full_name not in page.split("Your recent actions", 1)[1]
    with translation.override("de"):
        german = _text(login(coordinator).get(reverse("workspace:recent_actions")))
    assert "Sie haben die Phase „" in german and coordinator.full_name not in german.split("Aktivitäten", 1)[1]


def test_it_filters_by_dates_and_explains_a_range_that_ends_before_it_starts(coordinator, employer_org, login, url):
    _units_created(coordinator, employer_org, days=(3, 5, 7))
    client = login(coordinator)
    page = _text(client.get(url, {"since": "2025-03-04", "until": "2025-03-05"}))
    assert "Unit of day 5" in page and "Unit of day 3" not in page and "Unit of day 7" not in page

    response = client.get(url, {"since": "2025-03-06", "until": "2025-03-04"})
    html = response.content.decode()
    error = html.index("The end date is before the start date.")
    assert html.rindex('id="id_until"', 0, error) > html.rindex('id="id_since"', 0, error)  # beside "Until"
    assert 'aria-invalid="true"' in html
    assert "Unit of day 3" in _text(response)  # an invalid range filters nothing
