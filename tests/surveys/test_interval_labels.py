"""The report's interval labels write the percentage as each language does: "95% interval" in
English, "95-%-Intervall" in German (a space before % alone, hyphens in the compound),
"95%-interval" in Dutch."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LABELS = {"en": "95% interval", "de": "95-%-Intervall", "nl": "95%-interval"}


def test_the_results_page_writes_the_interval_in_each_languages_way(closed_survey_with_answers, login, coordinator):
    client = login(coordinator)
    for language, label in LABELS.items():
        page = client.get(
            f"/{language}/workspace/kreis-musterstadt/surveys/{closed_survey_with_answers.pk}/results/"
        ).content.decode()
        assert label in page, language
        assert "95 %" not in page and "95 %" not in page
