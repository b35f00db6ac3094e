"""A certification decided by staff answers, through the API alone (issue 19): the library's
work–care culture index without the optional review. The coordinator applies, the operator
accepts; the coordinator creates the cycle's survey, opens it with a shared code, staff answer on
the answering pages, the coordinator closes it; the level is computed and the award follows
without a manual step, and anyone verifies it. With too few answers, the level's explanation says
why and no award follows. (tests/api/test_journeys.py runs every library programme with every
optional phase taken, so the review path through the API is covered there.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.cycles.api_client import Api
from tests.cycles.test_survey_conditions import answers
from vereinbar.programmes.services import programme_load
from vereinbar.surveys.models import InstrumentVersion

pytestmark = pytest.mark.django_db

INDEX = Path(__file__).resolve().parents[2] / "library" / "programmes" / "work-care-culture-index.yaml"
IDENTIFIER = "urn:vereinbar:programme:work-care-culture-index"


def ok(result: tuple[int, Any], *expected: int) -> Any:
    status, body = result
    assert status in (expected or (200, 201)), (status, body)
    return body


def staff_answers(url: str, code: str, spec: Any, given: dict[str, int]) -> None:
    """One member of staff on the public answering pages: no account, only the shared code."""
    staff = Client()
    entered = staff.post(url, {"code": code})
    assert entered.status_code == 302, entered.content.decode()[:500]
    page_url = entered["Location"]
    assert re.match(r"^/en/s/[^/]+/$", page_url), page_url
    staff.post(page_url, {"page": 0, "go": "next"})
    for number, section in enumerate(spec.sections, start=1):
        data: dict[str, Any] = {"page": number, "go": "next"}
        data |= {f"q-{item.key}": given[item.key] for item in section.items if item.key in given}
        assert staff.post(page_url, data).status_code == 302
    submitted = staff.post(page_url, {"page": len(spec.sections) + 1, "go": "submit"})
    assert submitted.status_code == 302 and submitted["Location"].endswith("/s/thanks/"), submitted


@pytest.mark.parametrize(
    ("staff", "favourable", "neutral", "certified"),
    [(10, 7, 3, True), (30, 7, 3, False)],  # all 10 staff answered: ±0; 10 of 30: ±21.6 at 90 % > 5
    ids=["everyone-answered", "too-few-answers"],
)
def test_staff_answers_decide_the_award_through_the_api_alone(
    staff,
    favourable,
    neutral,
    certified,
    operator_org,
    employer_org,
    coordinator,
    operator_admin,
    auditor,
    instrument_version,
):
    raw = INDEX.read_text(encoding="utf-8").replace("format: 2\n", f"format: 2\noperator: {operator_org.slug}\n", 1)
    assert programme_load(actor=None, raw=raw, filename=INDEX.name, trusted=True).version is not None
    employer_org.staff_count = staff
    employer_org.save(update_fields=["staff_count"])
    api = Api({"coordinator": coordinator, "operator": operator_admin, "auditor": auditor})

    cycle = ok(api.as_("coordinator").post("/cycles/", {"organisation": employer_org.slug, "programme": IDENTIFIER}))
    cycle = ok(api.as_("operator").post(f"/cycles/{cycle['id']}/accept", {"auditor": auditor.email}))
    assert [phase["key"] for phase in cycle["phases"]] == ["staff_survey"], cycle["phases"]  # no review taken
    phase = cycle["phases"][0]

    surveys = f"/organisations/{employer_org.slug}/surveys"
    body = {"title": "Culture survey", "cycle": cycle["id"], "phase_run": phase["id"], "languages": ["en"]}
    survey = ok(api.as_("coordinator").post(surveys, body | {"units": "Admin"}), 201)
    ok(api.as_("coordinator").post(f"{surveys}/{survey['id']}/open"))
    shared = ok(api.as_("coordinator").put(f"{surveys}/{survey['id']}/open-link", {"enabled": True}))
    spec = InstrumentVersion.objects.get(pk=instrument_version.pk).spec
    for count, good in ((favourable, True), (neutral, False)):
        for _person in range(count):
            staff_answers(shared["answer_url"], shared["open_code"], spec, answers(spec, good))
    closed = ok(api.as_("coordinator").post(f"{surveys}/{survey['id']}/close"))
    assert closed["status"] == "closed", closed

    level = ok(api.as_("coordinator").get(f"/cycles/{cycle['id']}/level"))
    messages = [reason["message"] for check in level["checks"][:1] for reason in check["reasons"]]
    cycle = ok(api.as_("operator").get(f"/cycles/{cycle['id']}"))
    if not certified:
        assert level["level"] is None
        assert "Margin of error 21.6 % > 5 % at 90 % confidence." in messages, messages
        assert cycle["status"] == "open" and cycle["award"] is None, cycle
        return
    assert level["level"] == "certified", level
    assert (
        "Favourable answers 70.0 % ≥ 65 %." in messages
        and "Margin of error 0.0 % ≤ 5 % at 90 % confidence." in messages
    )
    assert cycle["status"] in ("awarded", "completed") and cycle["award"], cycle  # no manual step
    award = ok(api.as_("coordinator").get(f"/awards/{cycle['award']}"))
    verified = Client().get(f"/api/v1/verify/{award['verification_code']}")  # anyone, without an account
    assert verified.status_code == 200
    facts = verified.json()
    assert facts["status"] == "valid" and facts["level"] == "Certified work–care culture", facts
