"""Roles a programme defines (format 2 ``roles``): checked by the loader, stored as rows, shown on
the programme's page and written back by the export; the three format 2 test programmes use
every format 2 construct between them and export back to the same definition."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.programmes.conftest import LIBRARY, load
from vereinbar.programmes.definition import content_hash, definition_check
from vereinbar.programmes.definition.rules import format_2_uses
from vereinbar.programmes.exporter import version_export
from vereinbar.programmes.models import ActorRole, Phase

PROGRAMMES = Path(__file__).resolve().parents[1] / "cycles" / "programmes"
OWN = ["seal2", "charter2", "guide2"]

ROLES_FILE = """\
format: 2
id: urn:vereinbar:programme:roles
version: "1"
kind: charter
languages: [en, de]
default_language: en
title: Roles
criteria:
  - {code: "1", title: Guides named}
roles:
  - id: care_guide
    title: {en: Care guide, de: Pflege-Guide}
    description: {en: Attends the training.}
stages:
  - id: charter
    title: Charter
    phases:
      - {id: training, title: Training, deliverable: training, actor: care_guide, gate: {accepted_by: operator}}
"""


def codes(text: str) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in definition_check(text, filename="r.yaml").problems]


def test_a_role_is_declared_once_and_named_as_a_phases_actor():
    assert codes(ROLES_FILE) == []
    duplicate = ROLES_FILE.replace(
        "    description: {en: Attends the training.}\n",
        "    description: {en: Attends the training.}\n  - {id: care_guide, title: Again}\n",
    )
    assert codes(duplicate) == [("roles[1].id", "duplicate_id")]
    assert codes(ROLES_FILE.replace("actor: care_guide", "actor: care_gide")) == [
        ("stages[0].phases[0].actor", "unknown_role")
    ]
    assert codes(
        ROLES_FILE.replace("id: care_guide", "id: auditor").replace("actor: care_guide", "actor: auditor")
    ) == [("roles[0].id", "role_reserved")]
    decided = ROLES_FILE.replace("deliverable: training", "deliverable: decision").replace(
        ", gate: {accepted_by: operator}", ""
    )
    assert codes(decided) == [("stages[0].phases[0].actor", "role_not_allowed")]


def test_the_unknown_role_message_names_what_is_allowed():
    (problem,) = definition_check(ROLES_FILE.replace("actor: care_guide", "actor: guide"), filename="r.yaml").problems
    assert problem.line == 18  # the phase's line
    assert "“guide” is neither coordinator, contributor, auditor, board nor operator" in problem.message


def test_roles_are_part_of_format_2():
    format_1 = ROLES_FILE.replace("format: 2", "format: 1")
    assert ("roles", "needs_format_2") in codes(format_1)


def test_a_role_is_stored_and_its_phase_is_an_employer_phase_of_the_role(db):
    version = load(ROLES_FILE).version
    role = version.roles.get()
    assert (role.key, role.title_en, role.title_de, role.description_en) == (
        "care_guide",
        "Care guide",
        "Pflege-Guide",
        "Attends the training.",
    )
    phase = Phase.objects.get(version=version)
    assert (phase.actor, phase.role) == (ActorRole.CONTRIBUTOR, "care_guide")
    assert phase.actor_text() == "Care guide"
    exported = version_export(version, "yaml").body
    assert "actor: care_guide" in exported and "roles:" in exported
    again = definition_check(exported, filename="again.yaml")
    assert again.ok and content_hash(again.definition) == version.content_hash


def test_the_programme_page_lists_the_roles_and_names_the_role_as_who_acts(db, client, platform_admin):
    version = load(ROLES_FILE).version
    client.force_login(platform_admin)
    from django.urls import reverse

    url = reverse("programmes:version", args=[version.programme.key, version.version])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Roles in this programme" in page and "Attends the training." in page
    assert "Done by: Care guide" in page


def test_the_nrw_charter_names_its_pflege_guides_as_a_role_in_a_new_version():
    text = (LIBRARY / "charta-vereinbarkeit-beruf-pflege-nrw.yaml").read_text(encoding="utf-8")
    result = definition_check(text, filename="nrw.yaml")
    assert result.ok, result.problems
    definition = result.definition
    assert definition["format"] == 2 and definition["version"] != "2025.1"  # 2025.1 was format 1: unchanged
    assert [role["id"] for role in definition["roles"]] == ["pflege_guide"]
    assert definition["roles"][0]["title"]["de"] == "Pflege-Guide"
    training = next(p for p in definition["stages"][0]["phases"] if p["id"] == "pflege_guide_schulung")
    assert training["actor"] == "pflege_guide"


FORMAT_2_CONSTRUCTS = {
    "step",
    "criteria",
    "applications_until",
    "phases_accepted",
    "granted_on",
    "optional",
    "assesses_criteria",
    "roles",
}


def test_the_three_format_2_test_programmes_use_every_construct_between_them():
    used = set()
    for name in OWN:
        data = yaml.safe_load((PROGRAMMES / f"{name}.yaml").read_text(encoding="utf-8"))
        used |= {path[-1] for path in format_2_uses(data)}
        assert "roles" in data, name
    # survey conditions need a survey: tests/cycles/test_survey_conditions.py has their programmes
    assert used >= FORMAT_2_CONSTRUCTS
    ladder = yaml.safe_load((PROGRAMMES / "guide2.yaml").read_text(encoding="utf-8"))["levels"]
    assert any("requires_level" in level["rule"] for level in ladder)  # the format 2 ladder


@pytest.mark.parametrize("name", OWN)
def test_a_format_2_test_programme_exports_back_to_the_same_file(db, name):
    text = (PROGRAMMES / f"{name}.yaml").read_text(encoding="utf-8")
    version = load(text, filename=f"{name}.yaml").version
    exported = version_export(version, "yaml").body
    again = definition_check(exported, filename=f"{name}.yaml")
    assert again.ok, again.problems
    assert content_hash(again.definition) == version.content_hash
    assert again.definition["roles"] == version.definition["roles"]
    # loading the export is a no-op: the same version with the same content
    assert load(exported, filename=f"{name}-export.yaml").status == "unchanged"
