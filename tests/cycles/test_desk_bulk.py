"""Bulk actions on the operator's cycles list: a confirmation before anything changes, one
history entry per cycle changed, only the operator's own programmes' cycles, and wrong input
(an auditor of another operator, a date in the past) refused with a message and no change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vereinbar.activity.models import Entry
from vereinbar.cycles.models import Cycle, PhaseStatus
from vereinbar.cycles.services.bulk import bulk_assign_auditor, bulk_extend_due, bulk_remind
from vereinbar.notifications.models import OutgoingMail

from .test_operator_desk import applied, started

pytestmark = pytest.mark.django_db

BULK = "operator_cycles:bulk"


@pytest.fixture
def second_auditor(operator_org):
    user = UserFactory(email="second-auditor@test.example")
    MembershipFactory(user=user, organisation=operator_org, role="auditor")
    return user


@pytest.fixture
def stranger():
    """The admin and the auditor of another operator."""
    other = OrganisationFactory(operator=True, name="Other Operator", slug="other-operator")
    admin = UserFactory(email="other-admin@test.example")
    MembershipFactory(user=admin, organisation=other, role="operator_admin")
    auditor = UserFactory(email="other-auditor@test.example")
    MembershipFactory(user=auditor, organisation=other, role="auditor")
    return {"admin": admin, "auditor": auditor}


def entries(verb: str, cycle: Cycle) -> int:
    return Entry.objects.filter(verb=verb, target_id=str(cycle.pk)).count()


def test_assigning_an_auditor_asks_first_then_writes_one_entry_per_cycle(audit, parties, second_auditor, login):
    one, two = started(audit, "Stadt Aachen", parties), started(audit, "Kreis Borken", parties)
    client = login(parties["operator"])
    step = client.post(reverse(BULK), {"action": "assign", "cycle": [one.pk, two.pk], "query": "region=Bayern"})
    assert step.status_code == 200
    assert "Stadt Aachen" in step.content.decode() and "Kreis Borken" in step.content.decode()
    assert Cycle.objects.filter(auditor=second_auditor).count() == 0  # nothing before the confirmation
    done = client.post(
        reverse(BULK),
        {
            "action": "assign",
            "cycle": [one.pk, two.pk],
            "query": "region=Bayern",
            "auditor": second_auditor.pk,
            "confirm": "1",
        },
    )
    assert done.status_code == 302 and done["Location"].endswith("?region=Bayern")
    assert set(Cycle.objects.filter(auditor=second_auditor)) == {one, two}
    assert entries("cycle.auditor_assigned", one) == 1 and entries("cycle.auditor_assigned", two) == 1


def test_reloading_the_confirmation_goes_back_to_the_filtered_list_and_changes_nothing(
    audit, parties, second_auditor, login
):
    cycle = started(audit, "Stadt Aachen", parties)
    client = login(parties["operator"])
    listed = client.get(reverse("operator_cycles:list"), {"region": "Bayern"}).content.decode()
    assert f'action="{reverse(BULK)}?region=Bayern"' in listed  # the list's filters in the form's address
    step = client.post(
        f"{reverse(BULK)}?region=Bayern", {"action": "assign", "cycle": [cycle.pk], "query": "region=Bayern"}
    )
    assert f'action="{reverse(BULK)}?region=Bayern"' in step.content.decode()
    # reloaded (or its language switched): a GET at the confirmation page's address
    again = client.get(f"{reverse(BULK)}?region=Bayern")
    assert again.status_code == 302 and again["Location"] == f"{reverse('operator_cycles:list')}?region=Bayern"
    assert client.get(reverse(BULK))["Location"] == reverse("operator_cycles:list")
    cycle.refresh_from_db()
    assert cycle.auditor == parties["auditor"]


def test_all_cycles_the_filter_finds_are_taken_not_only_the_ticked_ones(audit, parties, second_auditor, login):
    for number in range(30):
        started(audit, f"Gemeinde {number:02}", parties, region="Bayern")
    elsewhere = started(audit, "Stadt Aachen", parties, region="Hessen")
    client = login(parties["operator"])
    data = {"action": "assign", "everything": "1", "query": "region=Bayern&size=25", "auditor": second_auditor.pk}
    step = client.post(reverse(BULK), data)
    assert step.context["count"] == 30
    client.post(reverse(BULK), {**data, "confirm": "1"})
    assert Cycle.objects.filter(auditor=second_auditor, organisation__region="Bayern").count() == 30
    elsewhere.refresh_from_db()
    assert elsewhere.auditor == parties["auditor"]


def test_an_auditor_of_another_operator_is_refused_and_nothing_changes(audit, parties, stranger, login):
    cycle = started(audit, "Stadt Aachen", parties)
    response = login(parties["operator"]).post(
        reverse(BULK), {"action": "assign", "cycle": [cycle.pk], "auditor": stranger["auditor"].pk, "confirm": "1"}
    )
    assert response.status_code == 422
    assert "Choose an auditor of the programme&#x27;s operator." in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.auditor == parties["auditor"]
    with pytest.raises(ValidationError):
        bulk_assign_auditor(actor=parties["operator"], ids=[cycle.pk], auditor=stranger["auditor"])


def test_a_due_date_in_the_past_is_refused_and_nothing_changes(audit, parties, login):
    cycle = started(audit, "Stadt Aachen", parties)
    before = list(cycle.phase_runs.order_by("pk").values_list("due_on", flat=True))
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = login(parties["operator"]).post(
        reverse(BULK), {"action": "extend", "cycle": [cycle.pk], "due_on": yesterday, "confirm": "1"}
    )
    assert response.status_code == 422
    assert "Choose a day after today." in response.content.decode()
    assert list(cycle.phase_runs.order_by("pk").values_list("due_on", flat=True)) == before
    assert entries("cycle.due_extended", cycle) == 0


def test_extending_moves_earlier_due_dates_and_leaves_later_ones(audit, parties):
    soon, later = started(audit, "Stadt Aachen", parties), started(audit, "Kreis Borken", parties)
    today = date.today()
    soon.phase_runs.filter(status=PhaseStatus.OPEN).update(due_on=today + timedelta(days=3))
    later.phase_runs.filter(status=PhaseStatus.OPEN).update(due_on=today + timedelta(days=200))
    new = today + timedelta(days=60)
    outcome = bulk_extend_due(actor=parties["operator"], ids=[soon.pk, later.pk], due_on=new)
    assert outcome.changed == [soon] and [cycle for cycle, _reason in outcome.skipped] == [later]
    assert set(soon.phase_runs.filter(status=PhaseStatus.OPEN).values_list("due_on", flat=True)) == {new}
    assert set(later.phase_runs.filter(status=PhaseStatus.OPEN).values_list("due_on", flat=True)) == {
        today + timedelta(days=200)
    }
    entry = Entry.objects.get(verb="cycle.due_extended", target_id=str(soon.pk))
    assert entry.after == {"due_on": new.isoformat()}
    assert entry.before == {"due_on": (today + timedelta(days=3)).isoformat()}


def test_a_reminder_goes_to_the_coordinators_through_the_outbox(
    audit, parties, open_cycle, django_capture_on_commit_callbacks
):
    cycle = open_cycle(audit)
    OutgoingMail.objects.all().delete()
    with django_capture_on_commit_callbacks():
        outcome = bulk_remind(actor=parties["operator"], ids=[cycle.pk], message="Bitte den Selbstcheck abschließen.")
    assert outcome.changed == [cycle]
    mails = OutgoingMail.objects.filter(to=parties["coordinator"].email)
    assert mails.count() == 1 and "Bitte den Selbstcheck abschließen." in mails.get().body
    assert not OutgoingMail.objects.filter(to=parties["viewer"].email).exists()
    assert entries("cycle.reminded", cycle) == 1


def test_an_empty_reminder_is_refused(audit, parties, open_cycle, login):
    cycle = open_cycle(audit)
    response = login(parties["operator"]).post(
        reverse(BULK), {"action": "remind", "cycle": [cycle.pk], "message": "  ", "confirm": "1"}
    )
    assert response.status_code == 422 and "Write what the reminder says." in response.content.decode()
    assert entries("cycle.reminded", cycle) == 0


def test_another_operator_cannot_act_on_these_cycles(audit, parties, stranger, login):
    cycle = started(audit, "Stadt Aachen", parties)
    response = login(stranger["admin"]).post(
        reverse(BULK), {"action": "assign", "cycle": [cycle.pk], "auditor": stranger["auditor"].pk, "confirm": "1"}
    )
    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.auditor == parties["auditor"]
    with pytest.raises(PermissionDenied):
        bulk_remind(actor=stranger["admin"], ids=[cycle.pk], message="Hallo")


@pytest.mark.parametrize("who", ["auditor", "board", "coordinator"])
def test_only_an_operator_admin_acts_in_bulk(audit, parties, login, who):
    cycle = started(audit, "Stadt Aachen", parties)
    response = login(parties[who]).post(
        reverse(BULK), {"action": "remind", "cycle": [cycle.pk], "message": "x", "confirm": "1"}
    )
    assert response.status_code == 403
    assert entries("cycle.reminded", cycle) == 0


def test_the_list_offers_labelled_checkboxes_only_to_an_operator_admin(audit, parties, login):
    cycle = applied(audit, "Stadt Aachen")
    html = login(parties["operator"]).get(reverse("operator_cycles:list")).content.decode()
    assert f'name="cycle" value="{cycle.pk}"' in html and 'aria-label="Choose Stadt Aachen"' in html
    assert 'name="cycle"' not in login(parties["auditor"]).get(reverse("operator_cycles:list")).content.decode()


def test_nothing_chosen_goes_back_to_the_list_with_a_message(audit, parties, login):
    applied(audit, "Stadt Aachen")
    response = login(parties["operator"]).post(reverse(BULK), {"action": "assign", "query": "q=x"}, follow=True)
    assert "Choose at least one cycle." in response.content.decode()


def test_the_api_does_the_same_bulk_actions_with_the_same_refusals(audit, parties, second_auditor, stranger):
    from .api_client import Api

    one, two = started(audit, "Stadt Aachen", parties), started(audit, "Kreis Borken", parties)
    api = Api({"operator": parties["operator"], "stranger": stranger["admin"]})
    status, body = api.as_("operator").post(
        "/cycles/bulk/auditor", {"cycles": [one.pk, two.pk], "auditor": second_auditor.email}
    )
    assert status == 200 and sorted(body["changed"]) == sorted([one.pk, two.pk])
    assert entries("cycle.auditor_assigned", one) == 1
    status, _body = api.as_("operator").post(
        "/cycles/bulk/auditor", {"cycles": [one.pk], "auditor": stranger["auditor"].email}
    )
    assert status == 422
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    status, _body = api.as_("operator").post("/cycles/bulk/due-date", {"cycles": [one.pk], "due_on": yesterday})
    assert status == 422
    status, _body = api.as_("stranger").post("/cycles/bulk/reminder", {"cycles": [one.pk], "message": "Hallo"})
    assert status == 403
    assert entries("cycle.reminded", one) == 0 and entries("cycle.due_extended", one) == 0
    one.refresh_from_db()
    assert one.auditor == second_auditor


def test_an_auditor_of_only_some_chosen_cycles_operators_is_refused_with_what_to_change(
    audit, charter, parties, second_auditor, stranger, login
):
    """An admin of two operators chooses cycles of both and an auditor of one: the refusal says
    which operator the auditor does not audit for and how many chosen cycles that concerns."""
    other = stranger["auditor"].memberships.get().organisation
    charter.operator = other
    charter.save(update_fields=["operator"])
    MembershipFactory(user=parties["operator"], organisation=other, role="operator_admin")
    mine, theirs = started(audit, "Stadt Aachen", parties), applied(charter, "Kreis Borken")
    response = login(parties["operator"]).post(
        reverse(BULK),
        {"action": "assign", "cycle": [mine.pk, theirs.pk], "auditor": second_auditor.pk, "confirm": "1"},
    )
    assert response.status_code == 422
    assert (
        f"{second_auditor} does not audit for Other Operator (1 of the chosen cycles)."
        " Choose another auditor or leave that cycle out."
    ) in response.content.decode()
    mine.refresh_from_db()
    assert mine.auditor == parties["auditor"] and entries("cycle.auditor_assigned", mine) == 0
