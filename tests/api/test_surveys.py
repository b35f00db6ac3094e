"""Running a staff survey through the API (the survey pages' services): create, open, shared
code, close; the states and the questionnaire are checked as on the pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.api.journey import INSTRUMENTS, Caller
from vereinbar.accounts.services import token_create
from vereinbar.surveys.models import Survey
from vereinbar.surveys.services.instruments import instrument_load

pytestmark = pytest.mark.django_db

URN = "urn:vereinbar:instrument:work-family-care"


@pytest.fixture
def questionnaire(db):
    path = INSTRUMENTS / "work-family-care.yaml"
    return instrument_load(raw=path.read_bytes(), filename=path.name).version


@pytest.fixture
def coordinator_api(coordinator):
    return Caller(Client(), token_create(user=coordinator, name="t").secret)


def test_a_survey_of_its_own_is_created_opened_shared_and_closed(coordinator_api, employer_org, questionnaire):
    base = f"/organisations/{employer_org.slug}/surveys"
    body = {"title": "Staff survey 2026", "instrument": URN, "languages": ["en", "de"], "units": "Admin\nYouth office"}
    survey = coordinator_api.post(base, body, expect=(201,))
    assert survey["status"] == "draft" and survey["instrument"] == questionnaire.reference
    assert survey["cycle"] is None and survey["open_code"] == ""
    assert survey["answer_url"] == f"{settings.SITE_URL}/en/s/"  # absolute, for a script that mails it
    assert list(Survey.objects.get(pk=survey["id"]).units.values_list("name", flat=True)) == ["Admin", "Youth office"]
    assert coordinator_api.post(f"{base}/{survey['id']}/open")["status"] == "open"
    again = coordinator_api.post(f"{base}/{survey['id']}/open", expect=(409,))
    assert again["code"] == "not_allowed_now"
    shared = coordinator_api.put(f"{base}/{survey['id']}/open-link", {"enabled": True})
    assert shared["open_code"]
    assert coordinator_api.put(f"{base}/{survey['id']}/open-link", {"enabled": False})["open_code"] == ""
    assert coordinator_api.post(f"{base}/{survey['id']}/close")["status"] == "closed"
    closed = coordinator_api.put(f"{base}/{survey['id']}/open-link", {"enabled": True}, expect=(409,))
    assert closed["code"] == "not_allowed_now"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"instrument": None}, "instrument"),  # no cycle whose stage names one
        ({"instrument": "urn:vereinbar:instrument:unknown"}, "instrument"),
        ({"cycle": 999_999}, "cycle"),
        ({"phase_run": 1}, "phase_run"),  # a phase needs its cycle
    ],
)
def test_what_names_no_object_is_refused_by_field(coordinator_api, employer_org, questionnaire, changes, field):
    body = {"title": "Staff survey", "instrument": URN} | changes
    refused = coordinator_api.post(f"/organisations/{employer_org.slug}/surveys", body, expect=(422,))
    assert [item["field"] for item in refused["details"]] == [field]
    assert not Survey.objects.exists()


def test_only_who_manages_surveys_creates_one(viewer, outsider, employer_org, questionnaire):
    body = {"title": "Staff survey", "instrument": URN}
    base = f"/organisations/{employer_org.slug}/surveys"
    Caller(Client(), token_create(user=viewer, name="t").secret).post(base, body, expect=(403,))
    Caller(Client(), token_create(user=outsider, name="t").secret).post(base, body, expect=(404,))
    assert not Survey.objects.exists()
