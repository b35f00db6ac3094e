"""Acceptance: every programme of the library (and the test programmes) runs end to end
through the API only: apply, accept, every phase as the programme says, decision, award,
certificate and its public verification."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.cycles.api_client import Api, api_drive
from tests.cycles.conftest import PROGRAMMES, programme_from_file

LIBRARY = Path(__file__).resolve().parents[2] / "library" / "programmes"
FILES = sorted(LIBRARY.glob("*.yaml")) + sorted(PROGRAMMES.glob("*.yaml"))
# Levels decided by a staff survey need a survey with answers, which this walk does not collect:
# tests/cycles/test_survey_conditions.py runs those programmes end to end with one.
FILES = [
    path
    for path in FILES
    if not any("survey" in level.get("rule", {}) for level in yaml.safe_load(path.read_text("utf-8")).get("levels", []))
]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_programme_runs_end_to_end_through_the_api(path, operator_org, employer_org, parties, tmp_path):
    definition = yaml.safe_load(path.read_text(encoding="utf-8"))
    api = Api(parties)
    ended = str(definition.get("applications_until") or "9999-12-31") < date.today().isoformat()
    if ended:  # a programme that ended (format 2): no new application …
        programme = programme_from_file(path, operator_org)
        status, body = api.as_("coordinator").post(
            "/cycles/", {"organisation": employer_org.slug, "programme": programme.identifier}
        )
        assert status == 409, body
        assert not employer_org.cycles.exists()
        # … while its cycles still run: walk the same programme as a later version that is open again
        definition.pop("applications_until")
        definition["version"] += "-open"
        path = tmp_path / path.name
        path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    programme = programme_from_file(path, operator_org)

    status, cycle = api.as_("coordinator").post(
        "/cycles/", {"organisation": employer_org.slug, "programme": programme.identifier}
    )
    assert status == 201, cycle
    assert cycle["status"] == "applied"
    status, cycle = api.as_("operator").post(f"/cycles/{cycle['id']}/accept", {"auditor": parties["auditor"].email})
    assert status == 200, cycle
    assert cycle["status"] == "open"
    first_stage = definition["stages"][0]
    # optional phases (format 2) are not taken unless chosen
    assert [p["key"] for p in cycle["phases"]] == [p["id"] for p in first_stage["phases"] if not p.get("optional")]

    cycle = api_drive(api, cycle["id"])

    if first_stage.get("award") is not None:
        assert cycle["status"] in ("awarded", "completed"), cycle
        number = cycle["award"]
        status, award = api.as_("coordinator").get(f"/awards/{number}")
        assert status == 200 and award["status"] == "valid"
        status, response = api.as_("coordinator").get(f"/awards/{number}/certificate.pdf")
        assert status == 200 and response.content.startswith(b"%PDF")
        public = api.client.get(f"/api/v1/verify/{award['verification_code']}")
        assert public.status_code == 200 and public.json()["status"] == "valid"
    else:
        assert cycle["status"] == "completed", cycle
        assert cycle["award"] is None
    assert all(p["status"] == "accepted" for p in cycle["phases"])
