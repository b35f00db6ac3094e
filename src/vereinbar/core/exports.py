"""CSV and XLSX exports of lists, safe to open in a spreadsheet, and the download of one."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

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
# reader's system writes dates (27.12.2026, 27-12-2026), a date still, to sort and filter by; a
# time of day with it, built-in format 22.
SHORT_DATE = "mm-dd-yy"
WIDEST = 50  # characters: a longer text widens its column no further (the cell shows its start)

# The XLSX is written as its few XML parts directly (ECMA-376 SpreadsheetML): a list's one sheet
# of plain values needs nothing more, and 36,000 cells take about 0.05 s this way against
# 0.36 s through openpyxl's write-only mode, most of which went to a cell object per value
# (docs/performance.md, "Operator's cycles list"). The styles are fixed: plain, bold (the
# header), short date, date and time.
_PLAIN, _BOLD, _DAY, _DAY_TIME = 0, 1, 2, 3
_EPOCH = date(1899, 12, 30)  # day 0 of the 1900 date system (its false 29 February included)
# Characters XML 1.0 cannot hold at all: left out rather than making the file unreadable.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS = {
    "[Content_Types].xml": (
        f'{_HEAD}<Types xmlns="{_PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELATIONS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_RELATIONS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}


def _column_letters(count: int) -> list[str]:
    letters = []
    for number in range(1, count + 1):
        name = ""
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


class _Strings:
    """The workbook's shared strings: each distinct text once, cells refer to it by number."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.uses = 0

    def number(self, text: str) -> int:
        self.uses += 1
        number = self.numbers.get(text)
        if number is None:
            number = self.numbers[text] = len(self.numbers)
        return number

    def xml(self) -> str:
        items = []
        for text in self.numbers:
            text = escape(_ILLEGAL.sub("", text))
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
            items.append(f"<si><t{space}>{text}</t></si>")
        return f'{_HEAD}<sst xmlns="{_MAIN}" count="{self.uses}" uniqueCount="{len(items)}">{"".join(items)}</sst>'


def _cell(reference: str, value: Any, strings: _Strings) -> tuple[str, int]:
    """One value as its cell's XML, and the characters it takes to show; ("", 0) for no cell:
    text guarded as in the CSV, a number or a date kept as such."""
    if value is None or value == "":
        return "", 0
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>', 5
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value.date() - _EPOCH).days + (value - datetime.combine(value.date(), time())) / timedelta(days=1)
        return f'<c r="{reference}" s="{_DAY_TIME}"><v>{serial!r}</v></c>', 16
    if isinstance(value, date):
        return f'<c r="{reference}" s="{_DAY}"><v>{(value - _EPOCH).days}</v></c>', 10
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        shown = str(value)
        return f'<c r="{reference}"><v>{shown}</v></c>', len(shown)
    text = cell(value)
    return f'<c r="{reference}" t="s"><v>{strings.number(text)}</v></c>', len(text)


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet, its header bold, frozen and with filters, columns as wide as their values
    (within WIDEST), dates in the reader's short date, numbers as numbers, an empty value no
    cell at all; text guarded as in the CSV."""
    strings = _Strings()
    letters = _column_letters(len(header))
    # the header's width with room for its filter button
    widths = [len(str(value)) + 4 for value in header]
    head = "".join(
        f'<c r="{letter}1" s="{_BOLD}" t="s"><v>{strings.number(cell(value))}</v></c>'
        for letter, value in zip(letters, header, strict=True)
    )
    lines = [f'<row r="1">{head}</row>']
    for number, row in enumerate(rows, start=2):
        cells = []
        for index, value in enumerate(row):
            xml, size = _cell(f"{letters[index]}{number}", value, strings)
            if xml:
                cells.append(xml)
                if size > widths[index]:
                    widths[index] = size
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    last = f"{letters[-1]}{len(lines)}" if letters else "A1"
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{min(width, WIDEST) + 2}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    sheet = (
        f'{_HEAD}<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
        ' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{columns}</cols>" if columns else ""}'
        f"<sheetData>{''.join(lines)}</sheetData>{f'<autoFilter ref="A1:{last}"/>' if letters else ''}</worksheet>"
    )
    name = _NOT_IN_SHEET_NAME.sub(" ", _ILLEGAL.sub("", title))[:31].strip() or "Sheet1"
    quoted = name.replace("'", "''")
    filters = (
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{escape(f"'{quoted}'!$A$1:${letters[-1]}${len(lines)}")}</definedName></definedNames>"
        if letters
        else ""
    )
    workbook = (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><bookViews><workbookView/></bookViews>'
        f'<sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets>{filters}</workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for part, text in {
            **_PARTS,
            "xl/workbook.xml": workbook,
            "xl/worksheets/sheet1.xml": sheet,
            "xl/sharedStrings.xml": strings.xml(),
        }.items():
            package.writestr(part, text)
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
