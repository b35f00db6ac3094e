"""Roles a programme defines (format 2 ``roles``): the coordinator names people of the
organisation for them per cycle; the phases the file gives to a role accept those people."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.cycles.helpers import drive
from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseStatus
from vereinbar.cycles.permissions import can_edit_phase, can_submit_phase
from vereinbar.programmes.models import RoleAssignment


@pytest.fixture
def guide_cycle(load_programme, open_cycle):
    return open_cycle(load_programme("guide2"))


@pytest.fixture
def training(guide_cycle):
    return guide_cycle.phase_runs.get(phase__key="guide_training")


def _train(actor, run):
    services.workshop_save(actor=actor, run=run, held_on=timezone.localdate(), moderator="AOK", participants_count=2)
    return services.phase_submit(actor=actor, run=run)


def test_the_roles_phase_belongs_to_the_people_named_for_it_and_the_coordinator(
    training, coordinator, contributor, viewer
):
    assert training.status == PhaseStatus.OPEN
    cycle = training.cycle
    # not named: a contributor neither records the training nor submits it
    assert not can_edit_phase(contributor, cycle, training.phase)
    with pytest.raises(PermissionDenied):
        services.workshop_save(actor=contributor, run=training, held_on=timezone.localdate())
    # named (even a reader of the organisation): records and submits the role's phase
    services.role_assign(actor=coordinator, cycle=cycle, role_key="care_guide", user=viewer)
    assert can_edit_phase(viewer, cycle, training.phase) and can_submit_phase(viewer, cycle, training.phase)
    run = _train(viewer, training)
    assert run.status == PhaseStatus.SUBMITTED and run.submitted_by == viewer
    # the role reaches only its own phases: not the coordinator's self-assessment
    self_assessment = cycle.phase_runs.get(phase__key="self_assessment")
    assert not can_edit_phase(viewer, cycle, self_assessment.phase)


def test_the_coordinator_acts_for_a_role_nobody_holds(training, coordinator):
    assert _train(coordinator, training).status == PhaseStatus.SUBMITTED


def test_a_person_taken_off_the_role_no_longer_acts_in_its_phase(training, coordinator, contributor):
    cycle = training.cycle
    services.role_assign(actor=coordinator, cycle=cycle, role_key="care_guide", user=contributor)
    assert can_submit_phase(contributor, cycle, training.phase)
    services.role_unassign(actor=coordinator, cycle=cycle, role_key="care_guide", user=contributor)
    assert not can_submit_phase(contributor, cycle, training.phase)
    with pytest.raises(PermissionDenied):
        _train(contributor, training)


def test_only_the_coordinator_names_people_and_only_people_of_the_organisation(
    training, coordinator, contributor, outsider, auditor
):
    cycle = training.cycle
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=contributor, cycle=cycle, role_key="care_guide", user=contributor)
    for stranger in (outsider, auditor):
        with pytest.raises(ValidationError) as raised:
            services.role_assign(actor=coordinator, cycle=cycle, role_key="care_guide", user=stranger)
        assert "user" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.role_assign(actor=coordinator, cycle=cycle, role_key="board_secretary", user=contributor)
    assert raised.value.message_dict == {"role": ["This programme has no role “board_secretary”."]}
    assert not RoleAssignment.objects.exists()


def test_naming_and_removing_is_in_the_history_and_naming_twice_changes_nothing(training, coordinator, contributor):
    cycle = training.cycle
    services.role_assign(actor=coordinator, cycle=cycle, role_key="care_guide", user=contributor)
    services.role_assign(actor=coordinator, cycle=cycle, role_key="care_guide", user=contributor)
    services.role_unassign(actor=coordinator, cycle=cycle, role_key="care_guide", user=contributor)
    entries = list(Entry.objects.filter(verb__startswith="cycle.role_").order_by("pk"))
    assert [(e.verb, e.actor) for e in entries] == [
        ("cycle.role_assigned", coordinator),
        ("cycle.role_unassigned", coordinator),
    ]
    assert entries[0].after == {"user": contributor.email, "programme_role": "Care guide"}


def test_the_people_named_are_told_when_the_roles_phase_is_returned(
    training, coordinator, contributor, viewer, operator_admin, django_capture_on_commit_callbacks
):
    from vereinbar.notifications.models import Notification

    services.role_assign(actor=coordinator, cycle=training.cycle, role_key="care_guide", user=viewer)
    _train(viewer, training)
    with django_capture_on_commit_callbacks(execute=True):
        services.phase_return(actor=operator_admin, run=training, comment="Add the date of the second day.")
    told = set(Notification.objects.filter(event="phase_returned").values_list("user__email", flat=True))
    assert viewer.email in told and coordinator.email in told
    assert contributor.email not in told  # not named for the role


def test_the_cycle_page_shows_the_roles_and_the_coordinator_names_a_person(
    training, coordinator, contributor, client, login
):
    cycle = training.cycle
    login(coordinator)
    page_url = reverse("workspace_cycles:detail", args=[cycle.organisation.slug, cycle.pk])
    page = client.get(page_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Roles in this programme" in page and "Care guide" in page
    assert "Nobody has been named for this role yet; the coordinator acts for it." in page
    act = reverse("workspace_cycles:act", args=[cycle.organisation.slug, cycle.pk, "role-assign"])
    assert client.post(act, {"role": "care_guide", "user": contributor.pk}).status_code == 302
    page = client.get(page_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    roles = page[page.index('id="programme-roles"') :]
    assert (contributor.full_name or contributor.email) in roles[: roles.index("</div>")]
    offered = roles[roles.index("<select") : roles.index("</select>")]
    assert f'value="{coordinator.pk}"' in offered and f'value="{contributor.pk}"' not in offered  # named already
    assert "named" in page[page.index("History") :]  # the history on the page says so
    phase_page = client.get(
        reverse("workspace_cycles:phase", args=[cycle.organisation.slug, cycle.pk, training.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "<dd>Care guide</dd>" in phase_page  # who acts: the role, not "Employer contributor"


def test_a_contributor_sees_the_roles_but_cannot_name_anybody(training, contributor, client, login):
    cycle = training.cycle
    login(contributor)
    page = client.get(
        reverse("workspace_cycles:detail", args=[cycle.organisation.slug, cycle.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Care guide" in page and "Name for this role" not in page
    act = reverse("workspace_cycles:act", args=[cycle.organisation.slug, cycle.pk, "role-assign"])
    client.post(act, {"role": "care_guide", "user": contributor.pk})
    assert not RoleAssignment.objects.exists()


def test_a_roles_programme_runs_to_its_award_granted_on_the_guides_report(
    guide_cycle, parties, coordinator, contributor
):
    services.role_assign(actor=coordinator, cycle=guide_cycle, role_key="care_guide", user=contributor)
    done = drive(guide_cycle, {**parties, "coordinator": coordinator}, until_award=True)
    assert set(done) >= {"self_assessment", "guide_training", "guide_report"}
    guide_cycle.refresh_from_db()
    # the award came with the guides' report (granted_on), the last phase: the cycle is complete
    assert guide_cycle.status == "completed" and guide_cycle.award.level.key == "recognised"
    report = guide_cycle.phase_runs.get(phase__key="guide_report")
    assert report.submitted_by == coordinator  # drive's editor; the named guide may do it too


def test_the_people_named_go_on_in_the_renewal_while_they_belong_to_the_organisation(
    guide_cycle, parties, coordinator, contributor, viewer
):
    from vereinbar.accounts.models import Membership

    services.role_assign(actor=coordinator, cycle=guide_cycle, role_key="care_guide", user=contributor)
    services.role_assign(actor=coordinator, cycle=guide_cycle, role_key="care_guide", user=viewer)
    drive(guide_cycle, parties)
    guide_cycle.refresh_from_db()
    Membership.objects.filter(user=viewer).delete()  # left the organisation
    renewal = services.cycle_renew(actor=coordinator, cycle=guide_cycle)
    assert list(renewal.role_assignments.values_list("user__email", flat=True)) == [contributor.email]
    renewed = Entry.objects.get(verb="cycle.renewed")
    assert renewed.after["role_holders_carried_over"] == 1
