"""Reading a staff list exported from Excel or an HR system: e-mail, unit, optional language.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else
Windows-1252 (Excel's "CSV" on German and Dutch Windows; a superset of Latin-1's printable
characters). Separators: semicolon (Excel in de/nl), comma or tab, whichever the first line
uses most. A first line naming the columns is recognised and may put them in any order.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000

HEADER_NAMES = {
    "email": {"email", "e-mail", "e-mail-adresse", "emailadresse", "e-mailadres", "mail", "e-mail address", "address"},
    "unit": {"unit", "einheit", "abteilung", "organisationseinheit", "afdeling", "eenheid", "department", "team"},
    "language": {"language", "sprache", "taal", "lang"},
}


@dataclass(frozen=True)
class StaffRow:
    line: int
    email: str
    unit: str
    language: str


@dataclass
class StaffList:
    rows: list[StaffRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


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


def staff_list_parse(raw: bytes, *, default_language: str, languages: list[str]) -> StaffList:
    """Parse the file; every problem is collected with its line number, none raised."""
    result = StaffList()
    if len(raw) > MAX_BYTES:
        result.errors.append(_("The file is larger than 5 MB."))
        return result
    text, result.encoding = decode(raw)
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        result.errors.append(_("The file is empty."))
        return result
    result.delimiter = _delimiter(next(line for line in lines if line.strip()))
    reader = csv.reader(io.StringIO(text), delimiter=result.delimiter)
    columns = {"email": 0, "unit": 1, "language": 2}
    seen: set[str] = set()
    first = True
    for number, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if first:
            first = False
            names = [cell.casefold() for cell in cells]
            found = {
                key: next((i for i, name in enumerate(names) if name in options), None)
                for key, options in HEADER_NAMES.items()
            }
            if found["email"] is not None:
                columns = {key: index for key, index in found.items() if index is not None}
                continue
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(_("At most %(count)s people per upload.") % {"count": MAX_ROWS})
            break

        email = _cell(cells, columns, "email").lower()
        try:
            validate_email(email)
        except ValidationError:
            result.errors.append(
                _("Line %(line)s: “%(value)s” is not an e-mail address.") % {"line": number, "value": email[:100]}
            )
            continue
        if email in seen:
            result.errors.append(_("Line %(line)s: %(email)s appears twice.") % {"line": number, "email": email})
            continue
        seen.add(email)
        language = _cell(cells, columns, "language").lower()[:2] or default_language
        if language not in languages:
            result.errors.append(
                _("Line %(line)s: the language “%(value)s” is not offered in this survey (%(languages)s).")
                % {"line": number, "value": language, "languages": ", ".join(languages)}
            )
            continue
        result.rows.append(StaffRow(number, email, _cell(cells, columns, "unit"), language))
    if not result.rows and not result.errors:
        result.errors.append(_("The file contains no e-mail addresses."))
    return result
