"""CSV and XLSX exports of lists, safe to open in a spreadsheet, and the download of one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

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


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet, its header bold and frozen; cells guarded as in the CSV (streamed, write-only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for value in header:
        head_cell = WriteOnlyCell(sheet, value=cell(value))
        head_cell.font = bold
        head.append(head_cell)
    sheet.append(head)
    for row in rows:
        sheet.append([value if isinstance(value, int | date) else cell(value) for value in row])
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
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.{fmt}"'
    return response
