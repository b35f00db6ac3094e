"""Bad input on every upload path: malformed, oversized, wrongly encoded, formula injection
and zip bombs each get a clear message and change nothing; exports neutralise formulas."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.cache import cache

from .test_matrix import fingerprint

pytestmark = pytest.mark.django_db

FORMULA = "=cmd|' /C calc'!A0"


def _zip_bomb(inner_name: str = "word/document.xml", size: int = 200 * 1024 * 1024) -> bytes:
    """A small zip that inflates to ``size`` bytes (an OOXML-looking archive)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        with archive.open(inner_name, "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions (a decompression bomb for naive decoders)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _zip_bomb()


def _login(client, world, persona):
    client.logout()
    cache.clear()
    client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
    client.raise_request_exception = False
    return client


def _refused_clearly(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    body = response.json()
    assert body["code"] and body["message"], body


BAD_LOGOS = {
    "not an image": b"this is text, not a picture",
    "truncated png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    "huge dimensions": _png_header(100_000, 100_000),
    "svg with script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "oversized": b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024),
}


def test_bad_logos_are_refused_and_change_nothing(client, world):
    slug = world.objects["employer"].slug
    _login(client, world, "coordinator")
    before = fingerprint()
    for name, data in BAD_LOGOS.items():
        upload = io.BytesIO(data)
        upload.name = "logo.svg" if "svg" in name else "logo.png"
        response = client.post(f"/api/v1/organisations/{slug}/logo", {"logo": upload})
        _refused_clearly(response)
    assert fingerprint() == before


def test_bad_evidence_is_refused_and_changes_nothing(client, world, bomb):
    cycle = world.objects["other_cycle"]  # open, the outsider is its coordinator
    run = cycle.phase_runs.order_by("phase__order", "occurrence").first()
    _login(client, world, "outsider")
    before = fingerprint()
    cases = {
        "evidence.exe": b"MZ\x90\x00 not allowed",
        "evidence.pdf": b"MZ\x90\x00 an executable calling itself a pdf",
        "evidence.docx": bomb,
        "big.pdf": b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024),
        "empty.pdf": b"",
    }
    for name, data in cases.items():
        upload = io.BytesIO(data)
        upload.name = name
        response = client.post(f"/api/v1/cycles/{cycle.pk}/phases/{run.pk}/evidence", {"file": upload})
        _refused_clearly(response)
    assert fingerprint() == before


BAD_PROGRAMMES = {
    "not yaml": b"{{{ this: is: not yaml",
    "billion laughs": b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode()
        for i in range(8)
    ),
    "utf-16": "identifier: x\nname: ü\n".encode("utf-16"),
    "latin-1": "identifier: x\nname: Gebühr\n".encode("latin-1"),
    "formula": f"identifier: '{FORMULA}'\n".encode(),
    "binary": bytes(range(256)) * 10,
    "zip bomb": b"",  # filled below
}


def test_bad_programme_files_are_refused_and_change_nothing(client, world, bomb):
    _login(client, world, "operator_admin")
    before = fingerprint()
    for name, data in BAD_PROGRAMMES.items():
        upload = io.BytesIO(data or bomb)
        upload.name = "programme.yaml"
        response = client.post("/api/v1/programmes/load", {"file": upload})
        assert response.status_code in (413, 422), (name, response.status_code, response.content[:300])
        _refused_clearly(response)
    assert fingerprint() == before


def test_bad_instrument_files_are_refused_with_a_message():
    from django.core.exceptions import ValidationError

    from vereinbar.surveys.instrument import InstrumentInvalid
    from vereinbar.surveys.services.instruments import instrument_load

    for name, data in BAD_PROGRAMMES.items():
        try:
            result = instrument_load(raw=data or b"PK\x03\x04" + b"\0" * 100, filename="instrument.yaml")
        except (ValidationError, InstrumentInvalid) as exc:
            assert str(exc).strip(), name
        else:
            assert getattr(result, "version", None) is None, name
            assert getattr(result, "problems", None) or getattr(result, "errors", None), name


STAFF = "E-Mail;Abteilung;Sprache\nanna.mueller@example.org;Bürgerbüro;de\njan@example.org;Bauamt;nl\n"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"], ids=lambda e: e.replace("-", "")
)
def test_staff_lists_from_excel_in_every_encoding(encoding):
    from vereinbar.surveys.staff_csv import staff_list_parse

    parsed = staff_list_parse(STAFF.encode(encoding), default_language="de", languages=["de", "nl", "en"])
    assert not parsed.errors
    assert [(row.email, row.unit, row.language) for row in parsed.rows] == [
        ("anna.mueller@example.org", "Bürgerbüro", "de"),
        ("jan@example.org", "Bauamt", "nl"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        f"{FORMULA};Jugendamt\n".encode(),
        b"\x00\x01\x02\xff\xfe garbage \x00",
        b"",
        b"a" * (5 * 1024 * 1024 + 1),
        ("x@example.org;" + '=HYPERLINK("http://evil")\n').encode("utf-16"),
    ],
    ids=["formula", "binary", "empty", "oversized", "formula-unit"],
)
def test_bad_staff_lists_get_messages_not_errors(raw):
    from vereinbar.surveys.staff_csv import staff_list_parse

    parsed = staff_list_parse(raw, default_language="de", languages=["de"])
    if parsed.rows:  # a formula as a unit name is just text; exports neutralise it
        assert all(not row.email.startswith("=") for row in parsed.rows)
    else:
        assert parsed.errors and all(isinstance(message, str) and message for message in parsed.errors)


@pytest.mark.parametrize("value", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_exports_neutralise_formulas(value):
    from openpyxl import load_workbook

    from vereinbar.core.exports import csv_text, xlsx_workbook

    assert f"'{value}" in csv_text(["a"], [[value]]).replace('"', "")
    sheet = load_workbook(io.BytesIO(xlsx_workbook([("s", ["a"], [[value]])]))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("'")
