"""Loading programme files: all or nothing, versions, round trip, operators, history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import OrganisationFactory
from tests.programmes.conftest import load
from vereinbar.activity.models import Entry
from vereinbar.programmes.definition import ProgrammeInvalid, content_hash, definition_check, definition_yaml
from vereinbar.programmes.models import (
    ActionField,
    Criterion,
    Level,
    MeasureTemplate,
    Phase,
    Programme,
    ProgrammeVersion,
    Stage,
    version_sort_key,
)
from vereinbar.programmes.services import LoadStatus, programme_load


def with_version(text: str, version: str) -> str:
    return text.replace('version: "2025.1"', f'version: "{version}"', 1)


def test_it_loads_the_documented_example_into_rows(example_version):
    version = example_version
    assert version.programme.identifier == "urn:vereinbar:programme:example-audit"
    assert version.programme.current_version == version
    assert version.kind == "certification"
    assert version.default_language == "en"
    assert [f.code for f in ActionField.objects.filter(version=version)] == ["1", "2"]
    criteria = {c.code: c for c in Criterion.objects.filter(version=version)}
    assert list(criteria) == ["1.1", "1.2", "2.1", "2.1.1", "2.2"]
    assert criteria["2.1.1"].parent == criteria["2.1"] and criteria["2.1.1"].depth == 1
    assert criteria["1.1"].assessment_kind == "status" and criteria["1.1"].scale.key == "implementation"
    assert criteria["1.1"].evidence_required is True
    assert criteria["1.2"].max_score == 4 and criteria["1.2"].weight == 2 and criteria["1.2"].pass_score == 2
    assert criteria["2.2"].assessment_kind == "text" and criteria["2.2"].public is True
    assert criteria["2.2"].question_nl.startswith("Hoe bevordert")
    assert criteria["2.2"].question_de == ""  # missing: falls back to the default language
    assert criteria["2.2"].localised("question", "de").startswith("How do managers")
    levels = {level.key: level for level in Level.objects.filter(version=version)}
    assert levels["distinction"].requires == levels["certificate"]
    stages = {stage.key: stage for stage in Stage.objects.filter(version=version)}
    assert stages["audit"].next == stages["re_audit"] and stages["re_audit"].next == stages["re_audit"]
    assert stages["audit"].validity_months == 36 and stages["audit"].gives_award
    assert list(stages["audit"].awardable_levels.values_list("key", flat=True)) == ["certificate"]
    assert stages["audit"].survey_instrument == "urn:vereinbar:instrument:example-staff-survey"
    phases = {phase.key: phase for phase in Phase.objects.filter(stage=stages["audit"])}
    assert set(phases["workshop"].requires.values_list("key", flat=True)) == {"self_assessment", "survey"}
    assert list(phases["target_agreement"].requires.values_list("key", flat=True)) == ["workshop"]
    assert phases["survey"].requires.count() == 0
    report = phases["annual_report"]
    assert (report.due_anchor, report.due_months, report.repeat_every_months, report.repeat_count) == (
        "award",
        12,
        12,
        2,
    )
    assert report.accepted_by == "auditor" and report.deliverable == "annual_report"
    assert MeasureTemplate.objects.filter(version=version, action_field__code="2").count() == 1
    assert version.directory_listed and "answers" in version.published_items


def test_loading_the_same_version_twice_changes_nothing(db, example_text):
    first = load(example_text)
    entries = Entry.objects.count()
    second = load(example_text)
    assert first.status == LoadStatus.CREATED
    assert second.status == LoadStatus.UNCHANGED
    assert second.version == first.version
    assert ProgrammeVersion.objects.count() == 1
    assert Entry.objects.count() == entries


def test_a_changed_text_under_the_same_version_is_refused(db, example_text):
    load(example_text)
    changed = example_text.replace("Flexible working time", "Flexible hours")
    with pytest.raises(ProgrammeInvalid) as raised:
        load(changed)
    (problem,) = raised.value.problems
    assert problem.code == "version_changed"
    assert problem.path == "version"
    assert problem.line == changed.splitlines().index('version: "2025.1"') + 1
    assert Criterion.objects.get(code="1.1").title_en == "Flexible working time"


def test_a_new_version_leaves_the_old_version_untouched(db, example_text):
    old = load(example_text).version
    old_rows = list(Criterion.objects.filter(version=old).values())
    changed = with_version(example_text, "2025.2").replace("Flexible working time", "Flexible hours")
    new = load(changed).version
    assert new.pk != old.pk
    assert list(Criterion.objects.filter(version=old).values()) == old_rows
    assert Criterion.objects.get(version=new, code="1.1").title_en == "Flexible hours"
    programme = Programme.objects.get()
    assert programme.current_version == new
    # Loading an older version afterwards keeps the highest one current.
    load(with_version(example_text, "2024.9"))
    programme.refresh_from_db()
    assert programme.current_version == new


def test_versions_sort_naturally():
    assert version_sort_key("2.10") > version_sort_key("2.9")
    assert version_sort_key("2025.1") > version_sort_key("2024.12")


def test_export_loads_back_to_an_identical_definition(example_version):
    exported = definition_yaml(example_version.definition)
    checked = definition_check(exported, filename="export.yaml")
    assert checked.ok, checked.problems
    assert checked.definition == example_version.definition
    assert content_hash(checked.definition) == example_version.content_hash
    assert load(exported).status == LoadStatus.UNCHANGED


def test_a_plain_string_is_text_in_the_default_language(db, example_text):
    plain = example_text.replace(
        "    title: {en: Leadership, de: Führung, nl: Leiderschap}", "    title: Leadership", 1
    )
    assert definition_check(plain, filename="x.yaml").definition["action_fields"][1]["title"] == {"en": "Leadership"}


def test_it_records_who_loaded_which_version(db, example_text, operator_org, operator_admin):
    outcome = programme_load(
        actor=operator_admin, raw=example_text, filename="example.yaml", operator_slug=operator_org.slug
    )
    entry = Entry.objects.get(verb="programme.version_loaded")
    assert entry.actor == operator_admin
    assert entry.organisation == operator_org
    assert entry.after["version"] == "2025.1"
    assert outcome.version.loaded_by == operator_admin
    assert outcome.version.programme.operator == operator_org


def test_an_operator_admin_loads_for_their_operator_by_default(db, example_text, operator_org, operator_admin):
    outcome = programme_load(actor=operator_admin, raw=example_text, filename="example.yaml")
    assert outcome.version.programme.operator == operator_org
    assert outcome.version.definition["operator"] == operator_org.slug


def test_an_operator_admin_cannot_load_for_another_operator(db, example_text, operator_admin):
    other = OrganisationFactory(operator=True, slug="other-operator")
    with pytest.raises(ProgrammeInvalid) as raised:
        programme_load(actor=operator_admin, raw=example_text, filename="x.yaml", operator_slug=other.slug)
    assert [p.code for p in raised.value.problems] == ["operator_not_allowed"]
    assert not Programme.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "board_member", "coordinator", "outsider"])
def test_only_operator_admins_and_platform_admins_may_load(db, request, example_text, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        programme_load(actor=user, raw=example_text, filename="x.yaml")
    assert not Programme.objects.exists()


def test_a_platform_admin_may_load_without_operator(db, example_text, platform_admin):
    outcome = programme_load(actor=platform_admin, raw=example_text, filename="x.yaml")
    assert outcome.version.programme.operator is None


def test_the_operator_named_in_the_file_must_exist_and_agree(db, example_text, operator_org):
    named = example_text.replace("kind: certification\n", "kind: certification\noperator: nobody\n", 1)
    with pytest.raises(ProgrammeInvalid) as raised:
        load(named)
    assert [p.code for p in raised.value.problems] == ["unknown_operator"]
    assert raised.value.problems[0].line == named.splitlines().index("operator: nobody") + 1
    with pytest.raises(ProgrammeInvalid) as raised:
        load(named, operator_slug=operator_org.slug)
    assert [p.code for p in raised.value.problems] == ["operator_mismatch"]


def test_a_new_version_cannot_move_a_programme_to_another_operator(db, example_text, operator_org):
    load(example_text, operator_slug=operator_org.slug)
    other = OrganisationFactory(operator=True, slug="other-operator")
    with pytest.raises(ProgrammeInvalid) as raised:
        load(with_version(example_text, "2026.1"), operator_slug=other.slug)
    assert [p.code for p in raised.value.problems] == ["operator_changed"]


def test_a_programme_loaded_without_an_operator_is_not_given_one_by_a_new_version(db, example_text, operator_org):
    load(example_text)
    with pytest.raises(ProgrammeInvalid) as raised:
        load(with_version(example_text, "2026.1"), operator_slug=operator_org.slug)
    assert [p.code for p in raised.value.problems] == ["operator_changed"]
    assert "was loaded without an operator; a new version cannot give it one" in raised.value.problems[0].message


def test_an_employer_cannot_be_named_as_operator(db, example_text, employer_org):
    with pytest.raises(ProgrammeInvalid) as raised:
        load(example_text, operator_slug=employer_org.slug)
    assert [p.code for p in raised.value.problems] == ["unknown_operator"]


def test_a_dry_run_stores_nothing(db, example_text):
    outcome = load(example_text, dry_run=True)
    assert outcome.status == LoadStatus.VALID
    assert not Programme.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(db, example_text, monkeypatch):
    from vereinbar.programmes import loader

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader.MeasureTemplate.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        load(example_text)
    assert not Programme.objects.exists()
    assert not Criterion.objects.exists()
    assert not Entry.objects.exists()


def test_json_files_load_like_yaml(example_version):
    from vereinbar.programmes.definition import definition_json

    checked = definition_check(definition_json(example_version.definition), filename="x.json")
    assert checked.definition == example_version.definition
