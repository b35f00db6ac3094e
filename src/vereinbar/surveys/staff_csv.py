"""Reading a staff list exported from Excel or an HR system: e-mail, unit, optional language.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else
Windows-1252 (Excel's "CSV" on German and Dutch Windows; a superset of Latin-1's printable
characters). Separators: semicolon (Excel in de/nl), comma or tab, whichever the first line
uses most, or the one a first line ``sep=;`` names. A first line naming the columns is
recognised and may put them in any order; without one, the e-mail column is the first that
holds an address. A workbook uploaded as it is (.xlsx, .xls, .ods) is named as such.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000

HEADER_NAMES = {
    "email": {
        "email", "e-mail", "e-mail-adresse", "emailadresse", "e-mail adresse", "mailadresse", "e-mailadres",
        "emailadres", "mailadres", "mail", "e-mail address", "email address", "address",
    },
    "unit": {
        "unit", "einheit", "abteilung", "organisationseinheit", "oe", "dienststelle", "fachbereich", "bereich", "amt",
        "afdeling", "eenheid", "organisatieonderdeel", "organisatie-eenheid", "dienst", "department", "team",
    },
    "language": {"language", "sprache", "taal", "lang"},
}  # fmt: skip

# Language cells as HR systems write them: a code ("de", "nl-NL") or a name in de, nl or en.
LANGUAGE_NAMES = {
    "deutsch": "de", "german": "de", "duits": "de",
    "nederlands": "nl", "niederländisch": "nl", "dutch": "nl", "holländisch": "nl",
    "englisch": "en", "english": "en", "engels": "en",
}  # fmt: skip

# How a spreadsheet saved in its own format begins: ZIP (.xlsx, .ods) and OLE2 (.xls).
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_SEP_LINE = re.compile(r"^sep=(.)$", re.IGNORECASE)


@dataclass(frozen=True)
class StaffRow:
    line: int
    email: str
    unit: str
    language: str


@dataclass
class StaffList:
    rows: list[StaffRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message); line 0: the file
    encoding: str = ""
    delimiter: str = ""
    has_unit_column: bool = True  # False: a heading line names no unit column
    repeated: int = 0  # lines that repeat an earlier line's address, unit and language

    @property
    def errors(self) -> list[str]:
        """The messages in the order of the file."""
        return [message for _line, message in sorted(self.problems, key=lambda problem: problem[0])]


def decode(raw: bytes) -> tuple[str, str]:
    """The text of the file and the name of the encoding it was read in."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(name), name
    if raw[:200].count(b"\x00") > 20:  # UTF-16 without BOM: every other byte of ASCII text is zero
        name = "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
        return raw.decode(name, errors="replace"), name
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else ""


def _language(cell: str, default: str) -> str:
    """The language code of a cell ("nl", "nl-NL" and "Nederlands" give "nl"); empty: the default."""
    text = cell.strip().casefold()
    if not text:
        return default
    return LANGUAGE_NAMES.get(text, text.replace("_", "-").split("-")[0][:2] if len(text) <= 5 else text[:20])


def _header_columns(cells: list[str]) -> dict[str, int | None]:
    names = [" ".join(cell.casefold().replace("_", " ").split()) for cell in cells]
    return {
        key: next((i for i, name in enumerate(names) if name in options or name.replace(" ", "-") in options), None)
        for key, options in HEADER_NAMES.items()
    }


def staff_list_parse(raw: bytes, *, default_language: str, languages: list[str]) -> StaffList:
    """Parse the file; every problem is collected with its line number, none raised."""
    result = StaffList()
    if len(raw) > MAX_BYTES:
        result.problems.append((0, _("The file is larger than 5 MB.")))
        return result
    if raw.startswith(WORKBOOK_MAGIC):
        result.problems.append(
            (
                0,
                _(
                    "This is a spreadsheet file, not a CSV file. In Excel, choose “Save as” and the type "
                    "“CSV UTF-8” or “CSV (semicolon separated)”, then upload that file."
                ),
            )
        )
        return result
    text, result.encoding = decode(raw)
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        result.problems.append((0, _("The file is empty.")))
        return result
    first_line = next(line for line in lines if line.strip())
    named = _SEP_LINE.match(first_line.strip())
    result.delimiter = named.group(1) if named else _delimiter(first_line)
    reader = csv.reader(io.StringIO(text), delimiter=result.delimiter)
    columns = {"email": 0, "unit": 1, "language": 2}
    seen: dict[str, tuple[int, str, str]] = {}  # address → (line, unit, language) of its first line
    first = True
    skip_sep_line = bool(named)
    for number, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if skip_sep_line:
            skip_sep_line = False
            continue
        if first:
            first = False
            found = _header_columns(cells)
            if found["email"] is not None:
                columns = {key: index for key, index in found.items() if index is not None}
                result.has_unit_column = "unit" in columns
                continue
            with_address = [i for i, cell in enumerate(cells) if "@" in cell]
            if not with_address:
                result.problems.append(
                    (
                        number,
                        _(
                            "Line %(line)s: no column is headed “E-Mail”. Head the column of addresses "
                            "“E-Mail” and the column of units “Unit”."
                        )
                        % {"line": number},
                    )
                )
                return result
            if with_address[0] != 0:  # no heading line: unit and language follow the addresses
                start = with_address[0]
                columns = {"email": start, "unit": start + 1, "language": start + 2}
        if len(result.rows) >= MAX_ROWS:
            result.problems.append((number, _("At most %(count)s people per upload.") % {"count": MAX_ROWS}))
            break

        email = _cell(cells, columns, "email").lower()
        try:
            validate_email(email)
        except ValidationError:
            message = (
                _("Line %(line)s: the e-mail address is missing.") % {"line": number}
                if not email
                else _("Line %(line)s: “%(value)s” is not an e-mail address.") % {"line": number, "value": email[:100]}
            )
            result.problems.append((number, message))
            continue
        unit = _cell(cells, columns, "unit")
        language_cell = _cell(cells, columns, "language")
        language = _language(language_cell, default_language)
        if email in seen:
            earlier, earlier_unit, earlier_language = seen[email]
            if (earlier_unit.casefold(), earlier_language) == (unit.casefold(), language):
                result.repeated += 1  # the same person twice: one invitation
            else:
                result.problems.append(
                    (
                        number,
                        _("Line %(line)s: %(email)s is already on line %(earlier)s, with another unit or language.")
                        % {"line": number, "email": email, "earlier": earlier},
                    )
                )
            continue
        seen[email] = (number, unit, language)
        if language not in languages:
            result.problems.append(
                (
                    number,
                    _("Line %(line)s: the language “%(value)s” is not offered in this survey (%(languages)s).")
                    % {"line": number, "value": language_cell[:40] or language, "languages": ", ".join(languages)},
                )
            )
            continue
        result.rows.append(StaffRow(number, email, unit, language))
    if not result.rows and not result.problems:
        result.problems.append((0, _("The file contains no e-mail addresses.")))
    return result
