"""The operator's list of employers reads as figures and places: staff, cycles and awards are set
as numbers under their headings (right-aligned), and a place without a region reads "Jena
(Deutschland)", not "Jena,  (Deutschland)"."""

from __future__ import annotations

import re

import pytest

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_employers_list_sets_figures_as_numbers_and_places_without_empty_parts(login, operator_org, operator_admin):
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    applied(charter, "Stadtwerke Jena", city="Jena")
    applied(charter, "Kreis Coesfeld", region="Nordrhein-Westfalen", city="Coesfeld")
    page = login(operator_admin).get("/de/operator/employers/").content.decode()
    table = page.split("<table", 1)[1].split("</table>")[0]
    assert "Coesfeld, Nordrhein-Westfalen (Deutschland)" in _text(table)
    assert "Jena (Deutschland)" in _text(table) and "Jena," not in _text(table)
    assert re.search(r"<th[^>]*>Ort</th>", table) and 'data-label="Ort"' in table  # the place, not only its region
    for label in ("Beschäftigte", "Durchläufe", "Gültige Auszeichnungen"):
        cells = re.findall(rf'<td class="([^"]*)" role="cell" data-label="{label}">', table)
        assert len(cells) == 2 and all("kern-table__cell--numeric" in c for c in cells), label
