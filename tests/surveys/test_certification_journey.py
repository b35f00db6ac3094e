"""A certification decided by staff answers, end to end: the cycle's survey is answered through
the answering pages, closed, the level is computed, and the award is granted and verified
through the API."""

from __future__ import annotations

import pytest
import yaml

from tests.cycles.api_client import Api
from tests.cycles.test_survey_conditions import PROGRAMME, answers
from vereinbar.cycles import services
from vereinbar.programmes.services import programme_load
from vereinbar.surveys.models import Response
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open

pytestmark = pytest.mark.django_db


def test_answers_given_on_the_pages_decide_the_level_and_the_award(
    operator_org, employer_org, coordinator, operator_admin, auditor, instrument_version, invite, answer_all
):
    data = yaml.safe_load(PROGRAMME) | {"operator": operator_org.slug}
    loaded = programme_load(actor=None, raw=yaml.safe_dump(data), filename="index.yaml", trusted=True)
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=loaded.version.programme)
    cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    employer_org.staff_count = 8
    employer_org.save(update_fields=["staff_count"])
    survey = survey_create(
        actor=coordinator,
        organisation=employer_org,
        instrument_version=instrument_version,
        cycle=cycle,
        title="Culture survey",
        languages=["en"],
        units="Admin",
    )
    survey_open(actor=coordinator, survey=survey)
    favourable = answers(instrument_version.spec, True)
    for _ in range(7):
        response = answer_all(invite(survey, "Admin", language="en"), favourable, language="en")
        assert response.status_code in (200, 302)
    survey_close(actor=coordinator, survey=survey)
    assert Response.objects.filter(survey=survey).count() == 7

    api = Api({"coordinator": coordinator, "operator": operator_admin, "auditor": auditor})
    status, level = api.as_("coordinator").get(f"/cycles/{cycle.pk}/level")
    assert status == 200 and level["level"] == "certified", level
    messages = [reason["message"] for reason in level["checks"][0]["reasons"]]
    assert messages[:2] == ["Favourable answers 100.0 % ≥ 65 %.", "Response rate 87.5 % (7 of 8 staff) ≥ 50 %."]
    status, decision = api.as_("operator").post(f"/cycles/{cycle.pk}/decision", {"outcome": "grant"})
    assert status == 201, decision
    cycle.refresh_from_db()
    status, facts = api.get(f"/verify/{cycle.award.verification_code}")
    assert status == 200 and facts["level"] == "Certified culture" and facts["status"] == "valid"
