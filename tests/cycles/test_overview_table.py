"""The operator's overview of participants reads as a table of figures: the counts are set as
numbers (right-aligned under their status, in KERN's small table so that all eight statuses and
the total fit a desk's width without scrolling), and an expiring award's number is kept whole
("B-2023-001098", not broken at its hyphens)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied, award

pytestmark = pytest.mark.django_db


def test_the_overview_sets_counts_as_figures_and_keeps_award_numbers_whole(login, operator_org, operator_admin):
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    award(
        applied(charter, "Kreis Coesfeld", region="Nordrhein-Westfalen"),
        "B-2023-001098",
        date.today() + timedelta(days=30),
    )
    page = login(operator_admin).get("/de/operator/cycles/overview/").content.decode()
    participants = page.split('id="participants-heading"')[1].split("</table>")[0]
    assert "kern-table--small" in participants
    headers = re.findall(r'<th class="([^"]*)" scope="col"[^>]*>([^<]*)</th>', participants)
    assert ("kern-table__header kern-table__header--numeric", "Gesamt") in headers
    assert ("kern-table__header kern-table__header--numeric header-wraps", "Bewerbung eingereicht") in headers
    cells = re.findall(r'<td class="([^"]*)" role="cell" data-label="(Gesamt|Abgeschlossen)">', participants)
    assert cells and all("kern-table__cell--numeric" in classes for classes, _ in cells)
    assert '<td class="kern-table__cell award-number">B-2023-001098</td>' in page
