"""Favourable answer categories, defined by the instrument: the answer set's ``favourable``
positions, checked by the loader, and turned into each scale's favourable score points."""

from __future__ import annotations

import yaml

from vereinbar.surveys.instrument import instrument_check
from vereinbar.surveys.instrument.spec import InstrumentSpec

from .test_instrument_format import MINIMAL


def with_favourable(text: str, positions: str) -> str:
    return text.replace(
        "      en: [never, rarely, often, always]\n",
        f"      en: [never, rarely, often, always]\n    favourable: {positions}\n",
    )


def spec_of(text: str) -> InstrumentSpec:
    checked = instrument_check(text, filename="f.yaml")
    assert checked.ok, checked.problems
    return InstrumentSpec.from_definition(checked.definition)


def test_without_favourable_the_answers_scoring_75_or_more_are_favourable():
    definition = instrument_check(MINIMAL, filename="f.yaml").definition
    assert "favourable" not in definition["answer_sets"]["agree4"]  # the content hash stays as it was
    assert spec_of(MINIMAL).scales[0].favourable_points == (4,)


def test_the_answer_set_names_its_favourable_positions():
    text = with_favourable(MINIMAL, "[4, 3]")
    assert instrument_check(text, filename="f.yaml").definition["answer_sets"]["agree4"]["favourable"] == [3, 4]
    assert spec_of(text).scales[0].favourable_points == (3, 4)


def test_a_strain_scale_mirrors_the_favourable_points():
    text = with_favourable(MINIMAL, "[3, 4]").replace(
        "    items: [q1, q2]\n", "    items: [q1, q2]\n    higher_is_better: false\n"
    )
    assert spec_of(text).scales[0].favourable_points == (1, 2)


def test_positions_beyond_the_labels_or_all_of_them_are_refused():
    for positions in ("[5]", "[1, 2, 3, 4]"):
        problems = instrument_check(with_favourable(MINIMAL, positions), filename="f.yaml").problems
        assert [(p.code, p.path) for p in problems] == [("favourable_positions", "answer_sets.agree4.favourable")]


def test_items_of_one_scale_need_the_same_favourable_answers():
    data = yaml.safe_load(with_favourable(MINIMAL, "[3, 4]"))
    data["answer_sets"]["often4"] = {
        "labels": {"de": ["nie", "selten", "oft", "immer"], "en": ["never", "rarely", "often", "always"]},
        "favourable": [4],
    }
    data["sections"][0]["items"][1]["answers"] = "often4"
    problems = instrument_check(yaml.safe_dump(data, allow_unicode=True), filename="f.yaml").problems
    assert [(p.code, p.path) for p in problems] == [("mixed_favourable", "scales[0].items")]


def test_the_shipped_questionnaire_counts_agreement_as_favourable(instrument_version):
    scales = {scale.key: scale for scale in instrument_version.spec.scales}
    assert scales["leadership"].favourable_points == (4, 5)
    assert scales["strain"].favourable_points == (1, 2)  # a strain scale: disagreeing is favourable
