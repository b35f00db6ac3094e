"""A level's reasons say counts of people grouped as the reader's language writes them, while
the values stored with the decision stay plain."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.programmes.test_survey_conditions import definition, figures
from vereinbar.programmes.levels import level_evaluate, reason_text


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "(1.200 von 2.400 Beschäftigten)"),
        ("nl", "(1.200 van 2.400 medewerkers)"),
        ("en", "(1,200 of 2,400 staff)"),
    ],
)
def test_the_sample_sentence_groups_answers_and_staff(language, said):
    outcome = level_evaluate(definition(min_response_rate=60), {}, surveys={"": figures(responses=1200, staff=2400)})
    reason = {r.code: r for r in outcome.check("certified").reasons}["survey_response_rate"]
    with translation.override(language):
        assert said in reason_text(reason.text, reason.params)
    assert reason.params["n"] == "1200" and reason.params["headcount"] == "2400"  # stored plain


def test_the_minimum_number_of_answers_reads_grouped():
    outcome = level_evaluate(definition(min_answers=1000), {}, surveys={"": figures(responses=1500, staff=3000)})
    reason = {r.code: r for r in outcome.check("certified").reasons}["survey_answers"]
    with translation.override("de"):
        assert reason_text(reason.text, reason.params).startswith("1.500 ")
        assert "1.000" in reason_text(reason.text, reason.params)


@pytest.mark.parametrize(
    ("language", "title", "said"),
    [
        ("de", "Re-Auditierung „Optimierung“", "„Re-Auditierung ‚Optimierung‘“"),
        ("nl", "Herbeoordeling ‘Optimalisatie’", "‘Herbeoordeling “Optimalisatie”’"),
        ("en", "Re-audit “Optimisation”", "“Re-audit ‘Optimisation’”"),
    ],
)
def test_a_quoted_title_inside_a_sentence_takes_the_inner_quotation_marks(language, title, said):
    with translation.override(language):
        sentence = reason_text(
            "The stage “%(stage)s” does not award this level.", {"stage": {"texts": {language: title}}}
        )
        assert said in sentence, sentence
        scales = reason_text("%(list)s", {"list": {"scales": [[{"texts": {language: "Pflege"}}, {"figure": "3.5"}]]}})
    assert scales == {"de": "„Pflege“ 3,5", "nl": "‘Pflege’ 3,5", "en": "“Pflege” 3.5"}[language]
