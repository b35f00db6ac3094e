"""CSV and XLSX exports of lists, safe to open in a spreadsheet, and the download of one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
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


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


# The spreadsheet's own short date (built-in format 14): Excel and LibreOffice show it as the
# reader's system writes dates (27.12.2026, 27-12-2026), a date still, to sort and filter by.
SHORT_DATE = "mm-dd-yy"
WIDEST = 50  # characters: a longer text wraps in the cell instead of widening its column


def _widths(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Each column as wide as its longest value (a date as ten characters), within WIDEST."""
    widths = [len(str(value)) + 4 for value in header]  # room for the filter button
    for row in rows:
        for index, value in enumerate(row):
            size = 10 if isinstance(value, date) else len(cell(value))
            if size > widths[index]:
                widths[index] = size
    return [min(width, WIDEST) + 2 for width in widths]


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet, its header bold, frozen and with filters, columns as wide as their values,
    dates in the reader's short date; cells guarded as in the CSV (streamed, write-only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = list(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for index, width in enumerate(_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    head = []
    for value in header:
        head_cell = WriteOnlyCell(sheet, value=cell(value))
        head_cell.font = bold
        head.append(head_cell)
    sheet.append(head)

    def written(value: Any) -> Any:
        if isinstance(value, date):
            day = WriteOnlyCell(sheet, value=value)
            day.number_format = SHORT_DATE
            return day
        return value if isinstance(value, int) else cell(value)

    for row in rows:
        sheet.append([written(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
