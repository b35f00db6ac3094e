"""CSV and XLSX exports of lists, safe to open in a spreadsheet, and the download of one.

Every export a person downloads goes through here: the coordinator's lists, the operator's
cycles, a survey's report tables and its raw data. Machine-readable open data (the directory's
and the ranking's CSV) keeps its own documented format (docs/open-data.md)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value: Any) -> str:
    """The value as text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Any) -> Any:
    """A number as itself (a negative one is no formula), anything else as ``cell`` has it."""
    return value if isinstance(value, int | float | Decimal) and not isinstance(value, bool) else cell(value)


# Excel reads a CSV file without a byte order mark in the machine's legacy code page, so
# "Maßnahmen" would open as "MaÃŸnahmen"; LibreOffice, Numbers, pandas and R skip the mark.
BOM = "\ufeff"


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """Comma-separated, formula-safe, starting with the byte order mark (for Excel)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


# The spreadsheet's own short date (built-in format 14): Excel and LibreOffice show it as the
# reader's system writes dates (27.12.2026, 27-12-2026), a date still, to sort and filter by.
SHORT_DATE = "mm-dd-yy"
WIDEST = 50  # characters: a longer text wraps in the cell instead of widening its column
# Characters XML 1.0 cannot hold at all (openpyxl refuses them): left out of a text rather than
# failing the whole export; and those a sheet's name cannot hold.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _sheet_rows(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> tuple[list[list[Any]], list[float]]:
    """The rows as the sheet takes them, in one pass: text guarded as in the CSV (and without the
    characters XML cannot hold), a number (a share, an amount too) or a date kept as such,
    nothing (no cell) for an empty value; and each column as wide as its
    longest value (a date as ten characters) within WIDEST, the header's with room for its
    filter button."""
    widths = [len(str(value)) + 4 for value in header]
    prepared = []
    for row in rows:
        values: list[Any] = []
        for index, value in enumerate(row):
            if value is None or value == "":
                values.append(None)
                continue
            if isinstance(value, date):
                size = 10
            elif isinstance(value, int | float | Decimal):
                size = len(str(value))
            else:
                value = _NOT_IN_XML.sub("", cell(value))
                size = len(value)
            if size > widths[index]:
                widths[index] = size
            values.append(value)
        prepared.append(values)
    return prepared, [min(width, WIDEST) + 2 for width in widths]


Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]  # title, header, rows


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook of one sheet (``xlsx_workbook``)."""
    return xlsx_workbook([(title, header, rows)])


def xlsx_workbook(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of these sheets, in order: each one's header bold, frozen and with filters,
    columns as wide as their values, dates in the reader's short date; cells guarded as in
    the CSV (streamed, write-only)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        _sheet_write(workbook, title, header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_write(workbook: Any, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> None:
    """One sheet of ``xlsx_workbook``.

    Written for thousands of rows: an empty value is no cell at all, and each column of dates
    has one styled cell whose value is set row by row (openpyxl writes a row's cells as it is
    appended): the date style is set once per column, not once per date."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    prepared, widths = _sheet_rows(header, rows)
    sheet = workbook.create_sheet(title=_NOT_IN_SHEET_NAME.sub(" ", title)[:31].strip())
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(prepared) + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    head = []
    for value in header:
        head_cell = WriteOnlyCell(sheet, value=_NOT_IN_XML.sub("", cell(value)))
        head_cell.font = bold
        head.append(head_cell)
    sheet.append(head)
    # openpyxl puts each plain value of a row into the row's last cell object: after a date
    # cell, into that one, date style and all. So from a row's first date on, each value has
    # its column's own cell, the dates one styled cell per column.
    days: dict[int, Any] = {}
    plain: dict[int, Any] = {}
    for values in prepared:
        dated = False
        for index, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, date):
                target = days.get(index)
                if target is None:
                    target = days[index] = WriteOnlyCell(sheet)
                    target.number_format = SHORT_DATE
                dated = True
            elif dated:
                target = plain.get(index)
                if target is None:
                    target = plain[index] = WriteOnlyCell(sheet)
            else:
                continue
            target.value = value
            values[index] = target
        sheet.append(values)


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def export(fmt: str, name: str, title: str, header: Sequence[Any], rows: list[list[Any]]) -> HttpResponse:
    """The rows as a CSV or XLSX download named ``<name>-<today>.<fmt>`` (404 for another format)."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    if fmt == "csv":
        content: str | bytes = csv_text(list(header), [[_text(value) for value in row] for row in rows])
    else:
        content = xlsx_bytes(title, list(header), rows)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    # a name in the reader's language may hold umlauts: filename*= (RFC 6266) where needed
    response["Content-Disposition"] = content_disposition_header(
        True, f"{name}-{timezone.localdate().isoformat()}.{fmt}"
    )
    return response
