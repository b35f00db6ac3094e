"""``vereinbar programme load|validate|export|list`` on the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.programmes.conftest import BROKEN
from vereinbar.programmes.models import Programme


def run(*args: str, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("programme", *args, stdout=out, stderr=err, language="en", **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def example_file(tmp_path, example_text):
    path = tmp_path / "example.yaml"
    path.write_text(example_text, encoding="utf-8")
    return path


def test_load_reports_what_it_did(db, example_file):
    out, _err = run("load", str(example_file))
    assert "loaded urn:vereinbar:programme:example-audit@2025.1" in out
    out, _err = run("load", str(example_file))
    assert "nothing changed" in out


def test_load_with_an_operator(db, example_file, operator_org):
    run("load", str(example_file), "--operator", operator_org.slug)
    assert Programme.objects.get().operator == operator_org


def test_a_broken_file_prints_every_problem_with_line_and_fails(db):
    path = BROKEN / "many_problems.yaml"
    with pytest.raises(CommandError):
        run("load", str(path))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("programme", "load", str(path), stdout=io.StringIO(), stderr=err, language="en")
    lines = [line for line in err.getvalue().splitlines() if line.startswith(f"{path}:")]
    assert len(lines) >= 9
    assert any(":55: stages[1].next:" in line and "[stage_cycle]" in line for line in lines)
    assert not Programme.objects.exists()


def test_validate_stores_nothing(db, example_file):
    out, _err = run("validate", str(example_file))
    assert "valid" in out
    assert not Programme.objects.exists()


def test_messages_in_german(db):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "programme", "validate", str(BROKEN / "unknown_phase.yaml"), stdout=io.StringIO(), stderr=err, language="de"
        )
    assert "[unknown_phase]" in err.getvalue()


def test_export_to_stdout_and_file(db, example_file, tmp_path):
    run("load", str(example_file))
    out, _err = run("export", "urn:vereinbar:programme:example-audit")
    assert out.startswith("# urn:vereinbar:programme:example-audit version 2025.1")
    target = tmp_path / "out.json"
    run("export", "urn:vereinbar:programme:example-audit@2025.1", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2025.1"


def test_export_of_an_unknown_version_fails(db, example_file):
    run("load", str(example_file))
    with pytest.raises(CommandError):
        run("export", "urn:vereinbar:programme:example-audit@9")
    with pytest.raises(CommandError):
        run("export", "urn:vereinbar:programme:nothing")


def test_list(db, example_file):
    run("load", str(example_file))
    out, _err = run("list")
    assert "urn:vereinbar:programme:example-audit" in out and "2025.1" in out
