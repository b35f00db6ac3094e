"""format: 2 for the new constructs; a format 1 file (or one without format) keeps its exact meaning."""

from __future__ import annotations

import yaml

from tests.programmes.conftest import LIBRARY, ROOT, docs_example, load
from vereinbar.programmes.definition import content_hash, definition_check, definition_yaml

# The canonical content of each library file as format 1 defined it: loading must not change it,
# or every loaded version would count as "changed" and cycles would run on a different meaning.
ROOT_TESTS = ROOT / "tests"

LIBRARY_HASHES = {
    # 2026.1: Dutch "doelenafspraak" as in the glossary (its 2025.1, hash f8a0e4e5…, stays as loaded);
    # 2026.2: Dutch quotes ‘…’ instead of „…“, the auditor's own phases without self-acceptance
    # (its 2026.1, hash 9c3b077a…, stays as loaded)
    "audit-berufundfamilie.yaml": "ade57fd85f0364bb0a30ba20ab706e744d7dfec383575d6ee54253cee25f6f9c",
    # 2026.1: medewerkersonderzoek, the auditor's own phases without self-acceptance (its 2025.1,
    # hash faf04890…, stays as loaded)
    "bgm-kooperation-aok-plus.yaml": "8e0d07ee99611a0b9ecccd86a1a590e1f06b99dcc266b298b60e655b2e9487be",
    "carer-friendly-employer-benchmark.yaml": "f89a64aab5a7fd6140c028cdae59ab8090c6a5a668c18423389ff0bd47ab1fdb",
    # 2026.1: Dutch quotes ‘…’ instead of „…“ (its 2025.1, hash 03e3e30e…, stays as loaded)
    "erkenning-mantelzorgvriendelijk.yaml": "212f98a296e22440e515f99599f9abdd2fa831c1619727ca07da5249746360d4",
}
# The NRW charter moved to format 2 with a new version (2026.1) for its Pflege-Guide role (its
# format 1 version 2025.1, hash 43b24590…, stays as loaded); tests/programmes/test_roles.py.
# Its 2026.2 names them with the glossary's Dutch and English words.
# The Qualitätssiegel moved to format 2 for applications_until (it ended in 2021); without that
# line, its canonical content is the format 1 content it had. Its 2014.2 quotes the Dutch title
# with ‘…’, says medewerkersonderzoek and lets the auditor complete their own workshops and
# review (SIEGEL_2014_2); undone, the file is 2014.1 again.
SIEGEL = "qualitaetssiegel-familienfreundlicher-arbeitgeber.yaml"
SIEGEL_FORMAT_1_HASH = "dff037d858c1d0a113dad9357428d4460fe086131ca542923ed3948971222689"
SIEGEL_2014_2 = [
    ('version: "2014.2"', 'version: "2014.1"'),
    ("Kwaliteitszegel ‘Gezinsvriendelijke werkgever’", "Kwaliteitszegel „Gezinsvriendelijke werkgever“"),
    ("een medewerkersonderzoek onder het\n    hele personeel,", "een enquête onder alle\n    medewerkers,"),
    ("nl: Medewerkersonderzoek onder het hele personeel,", "nl: Enquête onder alle medewerkers,"),
    ("resultaten van het medewerkersonderzoek en de vragenlijst", "resultaten van enquête en vragenlijst"),
    ("met een nieuw medewerkersonderzoek en", "met een nieuwe enquête en"),
    ("arbeitgeberfragebogen]}\n", "arbeitgeberfragebogen], accepted_by: auditor}\n"),
    (
        "actor: auditor\n        due: {anchor: expiry",
        "actor: auditor\n        gate: {accepted_by: auditor}\n        due: {anchor: expiry",
    ),
]


def checked(text: str):
    return definition_check(text, filename="f.yaml")


def scored(fmt: int | None, **assessment) -> str:
    data = yaml.safe_load(docs_example())
    if fmt is None:
        data.pop("format")
    else:
        data["format"] = fmt
    data["action_fields"][0]["criteria"][1]["assessment"].update(assessment)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_format_1_library_files_keep_their_canonical_content():
    for name, digest in LIBRARY_HASHES.items():
        result = checked((LIBRARY / name).read_text(encoding="utf-8"))
        assert result.ok, (name, result.problems)
        assert result.definition["format"] == 1
        assert content_hash(result.definition) == digest, name


def test_a_file_without_format_is_format_1_and_exports_as_format_1():
    result = checked(scored(None))
    assert result.definition["format"] == 1
    assert yaml.safe_load(definition_yaml(result.definition))["format"] == 1


def test_a_format_2_construct_in_a_format_1_file_is_refused_with_its_place():
    result = checked(scored(1, step=1))
    assert [(p.code, p.path) for p in result.problems] == [
        ("needs_format_2", "action_fields[0].criteria[1].assessment.step")
    ]
    assert "format: 2" in result.problems[0].message


def test_format_3_does_not_exist():
    assert [p.code for p in checked(scored(3)).problems] == ["not_allowed"]


def test_a_format_2_file_keeps_format_2_and_its_step_through_export(db):
    text = scored(2, step=1)
    version = load(text).version
    assert version.definition["format"] == 2
    assert version.definition["action_fields"][0]["criteria"][1]["assessment"]["step"] == 1
    assert version.criteria.get(code="1.2").score_step == 1
    again = checked(definition_yaml(version.definition))
    assert again.ok and content_hash(again.definition) == version.content_hash


def test_a_maximum_that_is_not_a_multiple_of_the_step_is_refused():
    result = checked(scored(2, step=3))  # max 4, pass 2
    assert sorted((p.code, p.path.rsplit(".", 1)[-1]) for p in result.problems) == [
        ("step_mismatch", "max"),
        ("step_mismatch", "pass_score"),
    ]


# --- a flat list of criteria (format 2) --------------------------------------------------------

FLAT = """
format: 2
id: urn:vereinbar:programme:flat
version: "1"
kind: recognition
languages: [en]
default_language: en
title: Flat
criteria:
  - {code: A, title: First, assessment: {kind: score, max: 5, step: 1}}
  - {code: B, title: Second, assessment: {kind: score, max: 5, step: 1}}
levels:
  - {id: pass, title: Pass, rule: {min_total_score: 6}}
stages:
  - id: assessment
    title: Assessment
    award: {validity_months: 24}
    phases:
      - {id: self_assessment, title: Self-assessment, deliverable: self_assessment, actor: coordinator}
      - {id: decision, title: Decision, deliverable: decision, actor: operator}
"""


def test_a_flat_list_of_criteria_loads_scores_and_exports_as_a_flat_list(db):
    from vereinbar.programmes.display import definition_outline
    from vereinbar.programmes.levels import level_evaluate

    version = load(FLAT).version
    assert [c.code for c in version.criteria.order_by("order")] == ["A", "B"]
    assert version.definition["action_fields"] == []
    assert [c["code"] for c in version.definition["criteria"]] == ["A", "B"]
    assert level_evaluate(version.definition, {"A": {"score": 3}, "B": {"score": 3}}).level == "pass"
    assert level_evaluate(version.definition, {"A": {"score": 3}, "B": {"score": 2}}).level is None
    exported = definition_yaml(version.definition)
    assert "criteria:\n- code: A" in exported
    assert content_hash(checked(exported).definition) == version.content_hash
    outline = definition_outline(version.definition, "en")
    assert [[c["code"] for c in f["criteria"]] for f in outline["action_fields"]] == [["A", "B"]]


def test_a_flat_list_needs_format_2_and_stands_instead_of_action_fields():
    format_1 = FLAT.replace("format: 2", "format: 1").replace(", step: 1", "")
    assert [(p.code, p.path) for p in checked(format_1).problems] == [("needs_format_2", "criteria")]
    both = FLAT + "action_fields:\n  - {code: F, title: Field, criteria: [{code: C, title: Third}]}\n"
    assert [p.code for p in checked(both).problems] == ["criteria_and_action_fields"]
    agreement = FLAT.replace(
        "deliverable: self_assessment, actor: coordinator}",
        "deliverable: self_assessment, actor: coordinator}\n"
        "      - {id: goals, title: Goals, deliverable: target_agreement, actor: coordinator}",
    )
    assert [p.code for p in checked(agreement).problems] == ["needs_action_fields"]


# --- the level ladder (format 2: requires_level means "this level or a higher one") ------------

LADDER = """
format: 2
id: urn:vereinbar:programme:ladder
version: "1"
kind: recognition
languages: [en]
default_language: en
title: Ladder
criteria:
  - {code: A, title: First, assessment: {kind: score, max: 5, step: 1}}
levels:
  - {id: bronze, title: Bronze, rule: {min_total_score: 1}}
  - {id: silver, title: Silver, rule: {min_total_score: 3}}
  - {id: gold, title: Gold, rule: {min_total_score: 3, requires_level: silver}}
stages:
  - id: assessment
    title: Assessment
    award: {validity_months: 24}
    repeating: true
    phases:
      - {id: decision, title: Decision, deliverable: decision, actor: operator}
"""


def _gold(text: str, held: set[str]):
    from vereinbar.programmes.levels import level_evaluate

    definition = checked(text).definition
    return level_evaluate(definition, {"A": {"score": 4}}, held_levels=held).check("gold")


def test_in_format_2_a_higher_level_held_before_counts_for_requires_level():
    gold = _gold(LADDER, {"gold"})
    assert gold.reached
    assert "higher level “Gold”" in next(r.message for r in gold.reasons if r.code == "requires_level")
    assert _gold(LADDER, {"silver"}).reached
    assert not _gold(LADDER, {"bronze"}).reached  # a lower level does not count


def test_in_format_1_requires_level_still_means_exactly_that_level():
    format_1 = LADDER.replace("format: 2", "format: 1").replace(", step: 1", "")
    format_1 = format_1.replace(
        "criteria:\n  - {code: A", "action_fields:\n  - code: F\n    title: F\n    criteria:\n    - {code: A"
    )
    assert checked(format_1).ok, checked(format_1).problems
    assert not _gold(format_1, {"gold"}).reached
    assert _gold(format_1, {"silver"}).reached


# --- optional phases and levels that need a phase (format 2) ----------------------------------

TIERS = LADDER.replace(
    "      - {id: decision, title: Decision, deliverable: decision, actor: operator}",
    "      - {id: interview, title: Interview, deliverable: meeting, actor: auditor, optional: true}\n"
    "      - {id: decision, title: Decision, deliverable: decision, actor: operator}",
).replace("requires_level: silver}", "requires_level: silver, phases_accepted: [interview]}")


def test_optional_phases_and_phases_accepted_load_and_export():
    result = checked(TIERS)
    assert result.ok, result.problems
    phases = result.definition["stages"][0]["phases"]
    assert phases[0]["optional"] is True and "optional" not in phases[1]
    assert result.definition["levels"][2]["rule"]["phases_accepted"] == ["interview"]
    assert content_hash(checked(definition_yaml(result.definition)).definition) == content_hash(result.definition)


def test_a_level_that_needs_a_phase_is_reached_only_when_it_is_accepted():
    from vereinbar.programmes.levels import level_evaluate

    definition = checked(TIERS).definition
    answers = {"A": {"score": 4}}
    assert level_evaluate(definition, answers, held_levels={"silver"}).level == "silver"
    assert level_evaluate(definition, answers, held_levels={"silver"}, accepted_phases={"interview"}).level == "gold"


def test_phase_constructs_are_checked():
    assert {p.code for p in checked(TIERS.replace("format: 2", "format: 1").replace(", step: 1", "")).problems} >= {
        "needs_format_2"
    }
    unknown = checked(TIERS.replace("phases_accepted: [interview]", "phases_accepted: [talk]"))
    assert [p.code for p in unknown.problems] == ["unknown_phase"]
    decision = checked(TIERS.replace("phases_accepted: [interview]", "phases_accepted: [decision]"))
    assert [p.code for p in decision.problems] == ["decision_in_rule"]
    optional_decision = checked(
        TIERS.replace(
            "deliverable: decision, actor: operator}", "deliverable: decision, actor: operator, optional: true}"
        )
    )
    assert [p.code for p in optional_decision.problems] == ["optional_decision"]


# --- award granted on a phase (format 2) ------------------------------------------------------


def test_granted_on_names_a_phase_before_the_award_in_a_stage_without_decision():
    charter = (ROOT_TESTS / "cycles" / "programmes" / "charter2.yaml").read_text(encoding="utf-8")
    result = checked(charter)
    assert result.ok and result.definition["stages"][0]["award"]["granted_on"] == "signing"
    assert [p.code for p in checked(charter.replace("granted_on: signing", "granted_on: sign")).problems] == [
        "unknown_phase"
    ]
    after = charter.replace("        actor: care_guide\n", "        actor: care_guide\n        due: {anchor: award}\n")
    assert [p.code for p in checked(after.replace("granted_on: signing", "granted_on: training")).problems] == [
        "granted_on_after_award"
    ]
    decided = charter.replace(
        "publication:",
        "      - {id: decision, title: Decision, deliverable: decision, actor: board}\npublication:",
    )
    assert [p.code for p in checked(decided).problems] == ["granted_on_with_decision"]
    format_1 = charter.replace("format: 2", "format: 1")
    assert {p.code for p in checked(format_1).problems} == {"needs_format_2"}


# --- programmes and stages that close to new applications (format 2) ---------------------------


def test_the_qualitaetssiegel_closes_to_applications_and_otherwise_keeps_its_meaning():
    text = (LIBRARY / SIEGEL).read_text(encoding="utf-8")
    result = checked(text)
    assert result.ok, result.problems
    assert result.definition["applications_until"] == "2021-12-31"
    before = text.replace("format: 2", "format: 1").replace('applications_until: "2021-12-31"\n', "")
    for new, old in SIEGEL_2014_2:
        assert new in before
        before = before.replace(new, old)
    assert content_hash(checked(before).definition) == SIEGEL_FORMAT_1_HASH


def test_applications_until_needs_format_2_and_a_real_day():
    text = (LIBRARY / SIEGEL).read_text(encoding="utf-8")
    assert [p.code for p in checked(text.replace("format: 2", "format: 1")).problems] == ["needs_format_2"]
    assert [p.code for p in checked(text.replace("2021-12-31", "2021-02-30")).problems] == ["bad_date"]
    assert [p.code for p in checked(text.replace('"2021-12-31"', "2021-12-31")).problems] == ["wrong_type"]
