"""The workspace measures page as CSV and XLSX: what the page lists, under its filter, with labels."""

from __future__ import annotations

import codecs
import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db

PAGE = "/de/workspace/kreis-musterstadt/measures/"


@pytest.fixture
def measures(catalogue, employer_org, other_employer_org):
    MeasureFactory(
        organisation=employer_org,
        title_de="Dienstvereinbarung Homeoffice",
        in_place=True,
        basis="service_agreement",
        target_groups=["all_staff", "carers"],
        visibility="public",
    )
    MeasureFactory(organisation=employer_org, title_de="=HYPERLINK(1)")  # planned, internal
    MeasureFactory(organisation=other_employer_org, title_de="Fremde Maßnahme", in_place=True)


def rows_of_csv(response) -> list[list[str]]:
    assert response.content.startswith(codecs.BOM_UTF8)  # or Excel opens "Maßnahme" as "MaÃŸnahme"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_lists_the_pages_measures_with_labels_not_keys(login, coordinator, measures):
    response = login(coordinator).get(PAGE + "export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = rows_of_csv(response)
    assert header[:4] == ["Kategorie", "Maßnahme", "Art der Maßnahme", "Status"]
    by_title = {row[1]: row for row in rows}
    assert set(by_title) == {"Dienstvereinbarung Homeoffice", "'=HYPERLINK(1)"}  # not the other employer's
    home_office = by_title["Dienstvereinbarung Homeoffice"]
    assert home_office[3] == "Eingeführt" and home_office[4] == "2021-09-30"
    assert home_office[6] == "Dienst- oder Betriebsvereinbarung"
    assert home_office[7] == "Alle Beschäftigten, Pflegende Angehörige"
    assert home_office[8] == "Öffentlich"


def test_the_export_follows_the_pages_status_filter(login, viewer, measures):
    response = login(viewer).get(PAGE.replace("/de/", "/nl/") + "export.csv?status=in_place")
    _header, *rows = rows_of_csv(response)
    assert [row[1] for row in rows] == ["Dienstvereinbarung Homeoffice"]
    page = login(viewer).get(PAGE.replace("/de/", "/nl/") + "?status=in_place").content.decode()
    assert 'href="/nl/workspace/kreis-musterstadt/measures/export.xlsx?status=in_place"' in page


def test_the_xlsx_holds_the_same_rows_with_real_dates(login, contributor, measures):
    response = login(contributor).get(PAGE + "export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "Maßnahme"
    home_office = next(row for row in values[1:] if row[1] == "Dienstvereinbarung Homeoffice")
    assert home_office[4] == datetime.datetime(2021, 9, 30)
    assert len(values) == 3


def test_an_outsider_gets_no_export(login, outsider, measures):
    assert login(outsider).get(PAGE + "export.csv").status_code == 404
