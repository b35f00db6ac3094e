"""The shipped programme library: every file loads, follows the JSON Schema and round-trips."""

from __future__ import annotations

import io

import jsonschema
import pytest
import yaml
from django.core.management import call_command

from tests.programmes.conftest import library_files
from vereinbar.programmes.definition import definition_check, definition_yaml, schema
from vereinbar.programmes.definition.rules import text_paths
from vereinbar.programmes.models import Programme, ProgrammeVersion, Stage

FILES = library_files()


def test_the_library_has_the_programmes_of_the_issue():
    kinds = {yaml.safe_load(path.read_text(encoding="utf-8"))["kind"] for path in FILES}
    assert len(FILES) >= 6
    assert kinds == {"certification", "recognition", "charter", "cycle"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_json_schema_accepts_each_library_file(path):
    jsonschema.Draft202012Validator(schema()).validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_library_file_has_every_text_in_de_nl_and_en(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert sorted(data["languages"]) == ["de", "en", "nl"]

    def value(at):
        node = data
        for part in at:
            node = node[part] if isinstance(node, list) or part in node else None
            if node is None:
                return None
        return node

    for at in text_paths(data):
        text = value(at)
        if text is not None:
            assert isinstance(text, dict) and sorted(text) == ["de", "en", "nl"], at


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_library_file_loads_exports_and_loads_back_identically(db, library_operators, path, tmp_path):
    out = io.StringIO()
    call_command("programme", "load", str(path), stdout=out, language="en")
    assert "loaded" in out.getvalue()
    version = ProgrammeVersion.objects.get()
    exported = tmp_path / "export.yaml"
    call_command("programme", "export", version.label, "-o", str(exported), stdout=io.StringIO(), stderr=io.StringIO())
    checked = definition_check(exported.read_text(encoding="utf-8"), filename="export.yaml")
    assert checked.ok, checked.problems
    assert checked.definition == version.definition
    assert definition_yaml(checked.definition) == exported.read_text(encoding="utf-8")
    again = io.StringIO()
    call_command("programme", "load", str(exported), stdout=again, language="en")
    assert "nothing changed" in again.getvalue()
    assert ProgrammeVersion.objects.count() == 1


def test_the_whole_library_loads_in_one_command(db, library_operators):
    call_command("programme", "load", *[str(path) for path in FILES], stdout=io.StringIO())
    assert Programme.objects.count() == len(FILES)
    # A charter's award does not expire; a health-management cycle gives none.
    charter = ProgrammeVersion.objects.get(kind="charter")
    assert all(stage.is_open_ended for stage in Stage.objects.filter(version=charter))
    cycle = ProgrammeVersion.objects.get(kind="cycle")
    assert not Stage.objects.filter(version=cycle, gives_award=True).exists()
    assert Stage.objects.filter(version=cycle, repeating=True).exists()
