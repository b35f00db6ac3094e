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
