"""The cycles list's XLSX as the operator reads it in Excel: columns wide enough to read, a
filter on every header, dates as dates in the reader's own short date, the auditor by name as the
page shows them (not an address), and no empty cell written as "None"."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from .test_operator_desk import started

pytestmark = pytest.mark.django_db


def test_the_xlsx_reads_as_a_table_with_dates_and_names(audit, parties, login):
    cycle = started(audit, "Stiftung Lebenshilfe Nordrhein-Westfalen", parties, region="Nordrhein-Westfalen")
    parties["auditor"].full_name = "Gerda Gutachten"
    parties["auditor"].save(update_fields=["full_name"])

    response = login(parties["operator"]).get(reverse("operator_cycles:export_xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    values = {head.value: value for head, value in zip(header, row, strict=True)}
    assert values["Auditor"].value == "Gerda Gutachten"
    applied_on = values["Applied on"]
    assert applied_on.is_date and applied_on.value.date() == cycle.applied_on <= date.today()
    assert applied_on.number_format == "mm-dd-yy"  # the spreadsheet's short date: as the reader writes dates
    assert values["Auditor"].number_format == "General"  # the text after a date is no date
    assert values["Award"].value is None and "None" not in [str(cell.value) for cell in row if cell.value]
    assert sheet.auto_filter.ref == "A1:K2"
    organisation = values["Organisation"].column_letter
    assert sheet.column_dimensions[organisation].width >= len("Stiftung Lebenshilfe Nordrhein-Westfalen")


def test_the_file_is_named_in_the_readers_language(audit, parties, login):
    started(audit, "Stadt Aachen", parties)
    client = login(parties["operator"])
    with translation.override("de"):
        german = client.get(reverse("operator_cycles:export_xlsx"))
    with translation.override("nl"):
        dutch = client.get(reverse("operator_cycles:export_csv"))
    today = timezone.localdate().isoformat()
    assert german["Content-Disposition"] == f"attachment; filename*=utf-8''Durchl%C3%A4ufe-{today}.xlsx"
    assert load_workbook(io.BytesIO(german.content)).active.title == "Durchläufe"
    assert dutch["Content-Disposition"] == f'attachment; filename="Trajecten-{today}.csv"'


def test_thousands_of_rows_keep_each_date_and_text_in_its_own_format():
    """The export writes one styled cell per column of dates, its value set row by row: every row
    keeps its own dates, a text after a date stays text, and an empty value is an empty cell."""
    from vereinbar.core.exports import xlsx_bytes

    rows = [
        [
            f"Arbeitgeber {n}",
            date(2026, 1, 1 + n % 28),
            "" if n % 2 else f"B-{n}",
            None if n % 3 else date(2027, 6, 1 + n % 28),
        ]
        for n in range(300)
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes("Cycles", ["Name", "Applied", "Award", "Valid until"], rows))).active
    for n, (name, applied, award, valid) in enumerate(sheet.iter_rows(min_row=2), start=0):
        assert (name.value, applied.value.date(), award.value) == (f"Arbeitgeber {n}", rows[n][1], rows[n][2] or None)
        assert (applied.number_format, award.number_format) == ("mm-dd-yy", "General")
        assert (valid.value.date() if valid.value else None) == rows[n][3]
        assert valid.number_format == ("mm-dd-yy" if rows[n][3] else "General")


def test_numbers_stay_numbers_and_odd_text_still_opens():
    """What a spreadsheet needs of each value (a share or an amount a number, not text), and a
    file made whatever the texts and the sheet's name hold."""
    from datetime import datetime
    from decimal import Decimal

    from vereinbar.core.exports import xlsx_bytes

    rows = [
        [3, 2.5, Decimal("12.75"), True, datetime(2026, 3, 4, 12, 30), "=SUM(A1)", "a\x00b < & >", " padded "],
        [None, "", 0, False, None, "-1", "Ünïcödé „quoted“", "x" * 80],
    ]
    header = ["Count", "Share", "Cost", "Done", "Sent", "Formula", "Odd", "Long"]
    workbook = load_workbook(io.BytesIO(xlsx_bytes("Cycles: a/b [test]", header, rows)))
    sheet = workbook.active
    assert sheet.title == "Cycles  a b  test"  # characters a sheet name cannot hold are left out
    assert all(cell.font.bold for cell in sheet[1]) and sheet.freeze_panes == "A2"
    first, second = ([cell.value for cell in row] for row in sheet.iter_rows(min_row=2))
    assert first[:4] == [3, 2.5, 12.75, True]
    assert first[4] == datetime(2026, 3, 4, 12, 30) and sheet["E2"].is_date
    assert first[5:] == ["'=SUM(A1)", "ab < & >", " padded "]
    assert second == [None, None, 0, False, None, "'-1", "Ünïcödé „quoted“", "x" * 80]
    assert sheet.column_dimensions["H"].width == 52  # as wide as 50 characters and no wider
    assert sheet.auto_filter.ref == "A1:H3"
