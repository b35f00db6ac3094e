"""Roles a programme defines (format 2), through the API as on the cycle page: the coordinator
names people of the organisation for them and takes them off again."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.journey import Caller
from vereinbar.accounts.services import token_create
from vereinbar.activity.models import Entry

pytestmark = pytest.mark.django_db


def _caller(user) -> Caller:
    return Caller(Client(), token_create(user=user, name="t").secret)


@pytest.fixture
def cycle_id(coordinator, operator_admin, auditor, employer_org, seal2):
    """An open cycle of the seal whose programme defines the role ``care_guide``."""
    body = {"organisation": employer_org.slug, "programme": seal2.identifier}
    cycle = _caller(coordinator).post("/cycles/", body, expect=(201,))
    _caller(operator_admin).post(f"/cycles/{cycle['id']}/accept", {"auditor": auditor.email})
    return cycle["id"]


def test_the_coordinator_names_a_person_for_a_role_and_takes_them_off(coordinator, viewer, cycle_id):
    caller = _caller(coordinator)
    assert caller.get(f"/cycles/{cycle_id}/roles") == [{"key": "care_guide", "title": "Care guide", "people": []}]
    named = caller.post(f"/cycles/{cycle_id}/roles", {"role": "care_guide", "user": viewer.email.upper()})
    assert named[0]["people"] == [viewer.email]
    assert Entry.objects.filter(verb="cycle.role_assigned", target_id=str(cycle_id)).exists()
    off = caller.post(f"/cycles/{cycle_id}/roles", {"role": "care_guide", "user": viewer.email, "named": False})
    assert off[0]["people"] == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": "board_chair"}, "role"),
        ({"user": "nobody@test.example"}, "user"),
        ({"user": "auditor@test.example"}, "user"),
    ],
)
def test_an_unknown_role_or_a_person_outside_the_organisation_is_refused_by_field(
    coordinator, auditor, cycle_id, changes, field
):
    body = {"role": "care_guide", "user": coordinator.email} | changes
    refused = _caller(coordinator).post(f"/cycles/{cycle_id}/roles", body, expect=(422,))
    assert [item["field"] for item in refused["details"]] == [field]


def test_only_the_coordinator_names_people_whatever_the_body(viewer, operator_admin, cycle_id):
    for person in (viewer, operator_admin):
        _caller(person).post(f"/cycles/{cycle_id}/roles", {"role": 1}, expect=(403,))
