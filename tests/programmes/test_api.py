"""API: /api/v1/programmes/ — reading for operator members, loading for operator admins."""

from __future__ import annotations

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.programmes.conftest import BROKEN
from vereinbar.programmes.models import Programme

BASE = "/api/v1/programmes/"
EXAMPLE = "urn:vereinbar:programme:example-audit"


def test_the_schema_is_public(client):
    response = client.get(BASE + "schema")
    assert response.status_code == 200
    assert response.json()["$id"] == "urn:vereinbar:schema:programme:1"


def test_anonymous_callers_get_nothing(client, example_version):
    assert client.get(BASE).status_code == 401
    assert client.get(BASE + EXAMPLE).status_code == 401
    assert client.post(BASE + "load", data="x: 1", content_type="application/yaml").status_code == 401


@pytest.mark.parametrize("persona", ["coordinator", "outsider", "viewer"])
def test_employer_members_see_only_what_they_can_apply_for(login, request, example_version, persona):
    """The example has no operator, so it is not offered (tests/api: what employers see)."""
    client = login(request.getfixturevalue(persona))
    assert client.get(BASE).json()["results"] == []
    assert client.get(BASE + EXAMPLE).status_code == 404
    assert client.get(BASE + EXAMPLE + "/versions").status_code == 403
    assert client.get(BASE + EXAMPLE + "/export").status_code == 403


@pytest.mark.parametrize("persona", ["operator_admin", "auditor", "board_member", "platform_admin"])
def test_operator_members_read_programmes(login, request, example_version, persona):
    client = login(request.getfixturevalue(persona))
    listing = client.get(BASE, headers={"accept-language": "de"}).json()["results"]
    assert listing == [
        {
            "identifier": EXAMPLE,
            "operator": None,
            "kind": "certification",
            "title": "Beispiel-Audit familienbewusster Arbeitgeber",
            "current_version": "2025.1",
            "versions": ["2025.1"],
            "applications_until": None,
            "stages": [
                {"key": "audit", "title": "Auditierung", "applications_until": None, "optional_phases": []},
                {"key": "re_audit", "title": "Re-Auditierung", "applications_until": None, "optional_phases": []},
            ],
        }
    ]
    versions = client.get(BASE + EXAMPLE + "/versions").json()
    assert [v["version"] for v in versions] == ["2025.1"]
    detail = client.get(BASE + EXAMPLE + "/versions/2025.1").json()
    assert detail["definition"] == example_version.definition
    assert client.get(BASE + EXAMPLE + "/versions/9").status_code == 404
    assert client.get(BASE + "urn:vereinbar:programme:none").status_code == 404


def test_export_as_yaml_and_json(login, auditor, example_version):
    client = login(auditor)
    response = client.get(BASE + EXAMPLE + "/export")
    assert response["Content-Type"].startswith("application/yaml")
    assert 'filename="example-audit-2025.1.yaml"' in response["Content-Disposition"]
    assert yaml.safe_load(response.content)["id"] == EXAMPLE
    response = client.get(BASE + EXAMPLE + "/export", {"format": "json", "version": "2025.1"})
    assert response.json()["version"] == "2025.1"
    assert client.get(BASE + EXAMPLE + "/export", {"format": "xml"}).status_code == 422


def test_an_operator_admin_loads_a_file_by_upload(login, operator_admin, operator_org, example_text):
    client = login(operator_admin)
    upload = SimpleUploadedFile("example.yaml", example_text.encode(), "application/yaml")
    response = client.post(BASE + "load", {"file": upload})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "created"
    assert Programme.objects.get().operator == operator_org
    again = client.post(BASE + "load", data=example_text, content_type="application/yaml")
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged"


def test_a_dry_run_checks_only(login, platform_admin, example_text):
    client = login(platform_admin)
    response = client.post(BASE + "load?dry_run=true", data=example_text, content_type="application/yaml")
    assert response.status_code == 200
    assert response.json()["status"] == "valid"
    assert not Programme.objects.exists()


def test_a_broken_file_gives_every_problem_with_line_and_field(login, platform_admin):
    client = login(platform_admin)
    body = (BROKEN / "many_problems.yaml").read_bytes()
    response = client.post(
        BASE + "load?filename=many.yaml", data=body, content_type="application/yaml", headers={"accept-language": "en"}
    )
    assert response.status_code == 422
    payload = response.json()
    assert payload["code"] == "invalid_programme"
    assert "nothing was loaded" in payload["message"]
    problems = {(p["code"], p["line"], p["path"]) for p in payload["details"]}
    assert ("stage_cycle", 55, "stages[1].next") in problems
    assert ("unknown_phase", 51, "stages[0].phases[1].gate.requires[0]") in problems
    assert all(p["file"] == "many.yaml" and p["message"] for p in payload["details"])
    assert not Programme.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "board_member", "coordinator", "outsider"])
def test_only_operator_admins_may_load(login, request, example_text, persona):
    client = login(request.getfixturevalue(persona))
    response = client.post(BASE + "load", data=example_text, content_type="application/yaml")
    assert response.status_code == 403
    assert not Programme.objects.exists()


def test_an_empty_request_is_refused(login, platform_admin):
    response = login(platform_admin).post(BASE + "load", data=b"", content_type="application/yaml")
    assert response.status_code == 422
