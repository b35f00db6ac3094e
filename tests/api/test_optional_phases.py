"""Optional phases (format 2) through the API: chosen when applying, taken or left later by the
people the cycle page lets do it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.journey import Caller
from vereinbar.accounts.services import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def callers(coordinator, operator_admin, auditor, viewer):
    people = {"coordinator": coordinator, "operator": operator_admin, "auditor": auditor, "viewer": viewer}
    return {name: Caller(Client(), token_create(user=user, name="t").secret) for name, user in people.items()}


def _apply(callers, employer_org, seal2, optional):
    body = {"organisation": employer_org.slug, "programme": seal2.identifier, "optional_phases": optional}
    return callers["coordinator"].post("/cycles/", body, expect=(201,))


def test_the_coordinator_chooses_an_optional_phase_when_applying(callers, employer_org, seal2, auditor):
    cycle = _apply(callers, employer_org, seal2, ["interview"])
    assert cycle["optional_phases"] == ["interview"]
    cycle = callers["operator"].post(f"/cycles/{cycle['id']}/accept", {"auditor": auditor.email})
    assert [phase["key"] for phase in cycle["phases"]] == ["self_assessment", "interview", "decision"]


def test_without_a_choice_the_cycle_leaves_the_optional_phase_out(callers, employer_org, seal2, auditor):
    cycle = _apply(callers, employer_org, seal2, [])
    cycle = callers["operator"].post(f"/cycles/{cycle['id']}/accept", {"auditor": auditor.email})
    assert cycle["optional_phases"] == [] and "interview" not in [phase["key"] for phase in cycle["phases"]]


def test_a_phase_that_is_not_optional_is_refused_by_field(callers, employer_org, seal2):
    body = {"organisation": employer_org.slug, "programme": seal2.identifier, "optional_phases": ["decision"]}
    refused = callers["coordinator"].post("/cycles/", body, expect=(422,))
    assert [item["field"] for item in refused["details"]] == ["optional_phases"]
    assert not employer_org.cycles.exists()


def test_the_auditor_takes_the_phase_later_and_the_coordinator_may_not_once_it_runs(
    callers, employer_org, seal2, auditor
):
    cycle = _apply(callers, employer_org, seal2, [])
    path = f"/cycles/{cycle['id']}/optional-phases/interview"
    assert callers["coordinator"].post(path, {"taken": True})["optional_phases"] == ["interview"]
    assert callers["coordinator"].post(path, {"taken": False})["optional_phases"] == []
    callers["operator"].post(f"/cycles/{cycle['id']}/accept", {"auditor": auditor.email})
    callers["coordinator"].post(path, {"taken": True}, expect=(403,))  # only while the application waits
    taken = callers["auditor"].post(path, {"taken": True})
    assert taken["optional_phases"] == ["interview"]
    assert [phase["key"] for phase in taken["phases"]] == ["self_assessment", "interview", "decision"]


def test_choosing_is_refused_before_the_body_to_who_may_not_and_unknown_phases_are_not_found(
    callers, employer_org, seal2
):
    cycle = _apply(callers, employer_org, seal2, [])
    callers["viewer"].post(f"/cycles/{cycle['id']}/optional-phases/interview", {"taken": "nonsense"}, expect=(403,))
    callers["coordinator"].post(f"/cycles/{cycle['id']}/optional-phases/decision", {"taken": True}, expect=(404,))


def test_taken_must_be_a_json_boolean_not_a_word(callers, employer_org, seal2):
    cycle = _apply(callers, employer_org, seal2, [])
    path = f"/cycles/{cycle['id']}/optional-phases/interview"
    for word in ("yes", "true", 1):
        callers["coordinator"].post(path, {"taken": word}, expect=(422,))
    assert callers["coordinator"].post(path, {"taken": True})["optional_phases"] == ["interview"]
