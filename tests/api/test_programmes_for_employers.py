"""A coordinator finds what to apply for (issue 14: it was 403), without the operator's data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.test import Client

from tests.api.journey import Caller
from tests.cycles.conftest import PROGRAMMES
from vereinbar.accounts.services import token_create
from vereinbar.programmes.services import programme_load

pytestmark = pytest.mark.django_db


def _caller(user) -> Caller:
    return Caller(Client(), token_create(user=user, name="t").secret)


def _load(path: Path, operator_org, **changes) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) | {"operator": operator_org.slug} | changes
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename=path.name, trusted=True)
    assert outcome.version is not None, outcome
    return data["id"]


def test_any_member_of_an_employer_lists_the_programmes_open_to_applications(
    operator_org, coordinator, viewer, seal2, audit
):
    ended = _load(PROGRAMMES / "scored.yaml", operator_org, format=2, applications_until="2021-12-31")
    _load(PROGRAMMES / "audit.yaml", operator_org, version="2")  # a second version: the employer sees only the current
    for person in (coordinator, viewer):
        listed = {item["identifier"]: item for item in _caller(person).get("/programmes/")["results"]}
        assert set(listed) == {seal2.identifier, audit.identifier}, listed
        assert ended not in listed
        assert listed[audit.identifier]["versions"] == ["2"]
    seal = listed[seal2.identifier]
    assert seal["operator"] == operator_org.slug and seal["applications_until"] is None
    assert [stage["key"] for stage in seal["stages"]] == ["audit"]
    assert seal["stages"][0]["optional_phases"] == [{"key": "interview", "title": "Interview for the upper tier"}]


def test_an_employer_reads_one_offered_programme_but_not_its_versions_or_definition(coordinator, audit):
    caller = _caller(coordinator)
    assert caller.get(f"/programmes/{audit.identifier}")["current_version"] == audit.current_version.version
    caller.get("/programmes/urn:vereinbar:programme:unknown", expect=(404,))
    caller.get(f"/programmes/{audit.identifier}/versions", expect=(403,))
    caller.get(f"/programmes/{audit.identifier}/export", expect=(403,))


def test_the_operator_s_people_still_see_every_programme_with_all_versions(operator_org, operator_admin, audit):
    ended = _load(PROGRAMMES / "scored.yaml", operator_org, format=2, applications_until="2021-12-31")
    listed = {item["identifier"]: item for item in _caller(operator_admin).get("/programmes/")["results"]}
    assert {audit.identifier, ended} <= set(listed)


def test_someone_without_any_membership_is_refused(db):
    from tests.factories import UserFactory

    _caller(UserFactory(email="nobody@test.example")).get("/programmes/", expect=(403,))
