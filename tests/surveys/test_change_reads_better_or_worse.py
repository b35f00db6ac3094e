"""A significant change since the previous survey says in words whether it is better or worse,
in the scale's direction: a fall on a strain scale is better, though its sign is a minus."""

from __future__ import annotations

import pytest

from vereinbar.surveys.report.build import Cell, ProfileLine, ScaleInfo

SUPPORT = ScaleInfo("leadership", "Support", "", True, 50.0)
STRAIN = ScaleInfo("strain", "Strain", "", False, 50.0)


@pytest.mark.parametrize(
    ("scale", "difference", "significant", "change"),
    [
        (SUPPORT, 12.0, True, "better"),
        (SUPPORT, -12.0, True, "worse"),
        (STRAIN, -4.0, True, "better"),
        (STRAIN, 4.0, True, "worse"),
        (STRAIN, -4.0, False, ""),
        (SUPPORT, None, False, ""),
    ],
)
def test_a_change_reads_in_the_scales_direction(scale, difference, significant, change):
    line = ProfileLine(scale=scale, cell=Cell(), difference=difference, significant=significant)
    assert line.change == change


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("en", "better"), ("de", "besser"), ("nl", "beter")])
def test_the_results_table_says_a_significant_rise_is_better(two_waves, coordinator, login, language, word):
    _earlier, current = two_waves
    page = (
        login(coordinator)
        .get(f"/{language}/workspace/kreis-musterstadt/surveys/{current.pk}/results/")
        .content.decode()
    )
    assert f'<span class="change-better">{word}</span>' in page
