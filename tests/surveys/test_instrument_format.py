"""Instruments as data: the shipped questionnaire, validation with line and field path,
reloading, versions, export round trip, and the `instrument` command."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from vereinbar.surveys.instrument import InstrumentInvalid, instrument_check
from vereinbar.surveys.models import InstrumentVersion
from vereinbar.surveys.selectors import instrument_export
from vereinbar.surveys.services.instruments import instrument_load

from .conftest import SHIPPED

MINIMAL = """\
format: 1
id: urn:vereinbar:instrument:test
version: "1"
languages: [de, en]
default_language: de
title: {de: Test, en: Test}
consent: {de: Freiwillig., en: Voluntary.}
answer_sets:
  agree4:
    labels:
      de: [nein, eher nein, eher ja, ja]
      en: [never, rarely, often, always]
sections:
  - key: main
    title: {de: Fragen, en: Questions}
    items:
      - key: q1
        kind: likert
        answers: agree4
        text: {de: Frage eins, en: Question one}
      - key: q2
        kind: likert
        answers: agree4
        reverse: true
        text: {de: Frage zwei, en: Question two}
      - key: note
        kind: free_text
        text: {de: Anmerkung, en: Comment}
scales:
  - key: s1
    title: {de: Skala, en: Scale}
    items: [q1, q2]
"""


def test_the_shipped_instrument_is_valid_and_complete_in_three_languages():
    checked = instrument_check(SHIPPED.read_bytes(), filename=SHIPPED.name)
    assert checked.ok, checked.problems
    definition = checked.definition
    assert definition["languages"] == ["de", "nl", "en"]
    kinds = {item["kind"] for section in definition["sections"] for item in section["items"]}
    assert {"likert", "yes_no", "single_choice", "multiple_choice", "number", "free_text"} <= kinds
    scales = {scale["key"] for scale in definition["scales"]}
    assert {
        "leadership",
        "culture",
        "flexibility",
        "family_burden",
        "work_family_conflict",
        "strain",
        "resources",
    } <= scales
    breakdowns = [
        item["key"] for section in definition["sections"] for item in section["items"] if item.get("breakdown")
    ]
    assert {"age_band", "cares_for_relative", "children_under_14", "working_time"} <= set(breakdowns)
    assert any(item.get("reverse") for section in definition["sections"] for item in section["items"])


def test_the_shipped_instrument_contains_no_licensed_items():
    text = SHIPPED.read_text(encoding="utf-8").lower()
    for licensed in ("copsoq", "work ability", "arbeitsfähigkeit", "sf-36"):
        assert licensed not in text.replace("no items are taken from licensed questionnaires (copsoq, wai, sf-36)", "")


def test_a_valid_file_loads_once_and_reloading_the_same_version_changes_nothing(db):
    first = instrument_load(raw=MINIMAL, filename="test.yaml")
    again = instrument_load(raw=MINIMAL, filename="test.yaml")
    assert first.created and not again.created
    assert again.version.pk == first.version.pk
    assert InstrumentVersion.objects.count() == 1


def test_a_changed_text_under_the_same_version_is_refused(db):
    instrument_load(raw=MINIMAL, filename="test.yaml")
    with pytest.raises(InstrumentInvalid) as caught:
        instrument_load(raw=MINIMAL.replace("Frage eins", "Erste Frage"), filename="test.yaml")
    (problem,) = caught.value.problems
    assert problem.code == "version_changed" and problem.path == "version" and problem.line == 3
    assert InstrumentVersion.objects.get().definition["sections"][0]["items"][0]["text"]["de"] == "Frage eins"


def test_a_changed_text_under_a_new_version_loads_beside_the_old_one(db):
    instrument_load(raw=MINIMAL, filename="test.yaml")
    instrument_load(
        raw=MINIMAL.replace('version: "1"', 'version: "2"').replace("Frage eins", "Erste Frage"), filename="t"
    )
    assert sorted(InstrumentVersion.objects.values_list("version", flat=True)) == ["1", "2"]


def test_every_problem_is_reported_with_line_and_field_path():
    broken = (
        MINIMAL.replace("kind: free_text", "kind: essay")
        .replace("items: [q1, q2]", "items: [q1, q9]")
        .replace("en: [never, rarely, often, always]", "en: [never, always]")
    )
    checked = instrument_check(broken, filename="broken.yaml")
    assert not checked.ok
    found = {(p.code, p.path, p.line) for p in checked.problems}
    assert ("not_allowed", "sections[0].items[2].kind", 27) in found
    assert ("schema_minItems", "answer_sets.agree4.labels.en", 12) in found
    assert len(checked.problems) >= 2


def test_cross_references_and_translations_are_checked():
    broken = (
        MINIMAL.replace("items: [q1, q2]", "items: [q1, note, q7]")
        .replace("text: {de: Frage zwei, en: Question two}", "text: {de: Frage zwei}")
        .replace("answers: agree4\n        reverse", "answers: agree9\n        reverse")
    )
    codes = {(p.code, p.path) for p in instrument_check(broken, filename="b.yaml").problems}
    assert ("item_not_scored", "scales[0].items[1]") in codes
    assert ("unknown_item", "scales[0].items[2]") in codes
    assert ("missing_translation", "sections[0].items[1].text") in codes
    assert ("unknown_answer_set", "sections[0].items[1].answers") in codes


def test_a_scale_needs_items_with_the_same_number_of_points():
    broken = MINIMAL.replace(
        "      - key: note\n",
        "      - key: yn\n        kind: yes_no\n        text: {de: 'Ja?', en: 'Yes?'}\n      - key: note\n",
    ).replace("items: [q1, q2]", "items: [q1, q2, yn]")
    codes = {p.code for p in instrument_check(broken, filename="b.yaml").problems}
    assert "mixed_points" in codes


def test_yaml_errors_and_duplicate_keys_name_the_line():
    duplicate = MINIMAL.replace('version: "1"\n', 'version: "1"\nversion: "2"\n')
    (problem,) = instrument_check(duplicate, filename="d.yaml").problems
    assert problem.code == "duplicate_key" and problem.line == 4
    syntax = instrument_check("format: 1\ntitle: [unclosed\n", filename="s.yaml")
    assert syntax.problems[0].code == "yaml_syntax"


def test_export_is_canonical_and_loads_back_unchanged(instrument_version):
    text = instrument_export(reference=instrument_version.reference)
    assert yaml.safe_load(text)["id"] == "urn:vereinbar:instrument:work-family-care"
    again = instrument_load(raw=text, filename="export.yaml")
    assert not again.created and again.version.pk == instrument_version.pk
    assert instrument_export(reference="urn:vereinbar:instrument:work-family-care") == text


def test_the_command_loads_checks_and_exports(db, tmp_path, capsys):
    call_command("instrument", "load", str(SHIPPED))
    call_command("instrument", "load", str(SHIPPED))
    out = capsys.readouterr().out
    assert "loaded" in out and "already loaded, unchanged" in out
    target = tmp_path / "out.yaml"
    call_command("instrument", "export", "urn:vereinbar:instrument:work-family-care@2026.3", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith("# urn:vereinbar:instrument:work-family-care")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("kind: likert", "kind: slider", 1), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("instrument", "check", str(bad))
    assert "sections[0].items[0].kind" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("instrument", "export", "urn:vereinbar:instrument:missing")
