"""The shipped questionnaire's scales are told apart from the report's cards: no scale is named
like the "Resources" card of favourable scales or the "Hotspots" card (a scale "Ressourcen"
listed under "Belastungsschwerpunkte", beside a card "Ressourcen: Keine.", read as nonsense)."""

from __future__ import annotations

import re
from html import unescape

import pytest


def _scales(html: str) -> list[str]:
    """The scale names of the profile table, as read (without their hints and flags)."""
    rows = re.findall(r'<th class="kern-table__header" scope="row" role="rowheader">(.*?)</th>', html, re.S)
    return [" ".join(unescape(re.sub(r"<span.*", "", row, flags=re.S)).split()) for row in rows]


@pytest.mark.parametrize(
    ("language", "scale", "cards"),
    [
        ("de", "Kraftquellen", ("Ressourcen", "Belastungsschwerpunkte")),
        ("nl", "Energiebronnen", ("Hulpbronnen", "Knelpunten")),
    ],
)
def test_no_scale_is_named_like_a_card_of_the_report(
    closed_survey_with_answers, login, coordinator, language, scale, cards
):
    url = f"/{language}/workspace/kreis-musterstadt/surveys/{closed_survey_with_answers.pk}/results/"
    html = login(coordinator).get(url).content.decode()
    for card in cards:
        assert f"<h3>{card}</h3>" in html
    scales = _scales(html)
    assert scale in scales
    assert not set(scales) & set(cards)
