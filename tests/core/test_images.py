"""The one check for uploaded images (logos, announcement photos, practice-report photos): only
PNG, JPEG and WebP within the caller's limits, stored as a fresh re-encoded copy."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

from vereinbar.core.images import ImageLimits, image_clean

LIMITS = ImageLimits(max_bytes=100_000, max_side=500, stored_side=100)
NOT_AN_IMAGE = "Upload a PNG, JPEG or WebP image. This file is not one of these, or it is damaged."


def image_file(format: str = "PNG", size: tuple[int, int] = (40, 20), mode: str = "RGB", **save) -> io.BytesIO:
    out = io.BytesIO()
    Image.new(mode, size, 90).save(out, format=format, **save)
    out.seek(0)
    return out


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header claiming huge dimensions, without the pixels to back it up."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))


def size_shown(upload: io.BytesIO) -> str:
    return filesizeformat(len(upload.getvalue()))


def refusal(upload: io.BytesIO, field: str = "photo", size: int | None = None) -> list[str]:
    with pytest.raises(ValidationError) as error:
        image_clean(upload, field=field, limits=LIMITS, size=size)
    assert set(error.value.message_dict) == {field}
    return error.value.message_dict[field]


@pytest.mark.parametrize(
    ("format", "extension", "content_type"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_each_accepted_format_is_stored_re_encoded_in_its_own_format(format, extension, content_type):
    upload = image_file(format)
    upload.seek(0, io.SEEK_END)
    upload.write(b"<script>alert(1)</script>")  # an image and something else at once

    clean = image_clean(upload, field="logo", limits=LIMITS)

    assert (clean.extension, clean.content_type) == (extension, content_type)
    assert b"<script>" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert (stored.format, stored.size) == (format, (40, 20))


@pytest.mark.parametrize("format", ["PNG", "JPEG", "WEBP"])
def test_the_uploaders_metadata_is_dropped(format):
    exif = Image.Exif()
    exif[0x010E] = "secret GPS notes"  # ImageDescription
    upload = image_file(format, exif=exif)
    assert b"secret GPS notes" in upload.getvalue()

    clean = image_clean(upload, field="photo", limits=LIMITS)

    assert b"secret GPS notes" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert not stored.getexif()


def test_a_large_image_is_scaled_down_to_the_stored_side_keeping_its_proportions():
    clean = image_clean(image_file("WEBP", (400, 200)), field="photo", limits=LIMITS)
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.size == (100, 50)


def test_image_modes_a_format_cannot_store_are_converted():
    cmyk = image_clean(image_file("JPEG", mode="CMYK"), field="photo", limits=LIMITS)
    sixteen_bit = image_clean(image_file("PNG", mode="I;16"), field="photo", limits=LIMITS)
    with Image.open(io.BytesIO(cmyk.content)) as stored:
        assert (stored.format, stored.mode) == ("JPEG", "RGB")
    with Image.open(io.BytesIO(sixteen_bit.content)) as stored:
        assert (stored.format, stored.mode) == ("PNG", "RGBA")


def test_a_file_over_the_byte_limit_is_refused_with_the_limit_under_the_callers_field():
    big = io.BytesIO(image_file("PNG").getvalue() + b"\0" * LIMITS.max_bytes)
    assert refusal(big, field="logo") == [f"The image may be at most 97.7\xa0KB; this file has {size_shown(big)}."]


def test_a_declared_size_is_trusted_and_otherwise_the_file_is_measured():
    small = image_file("PNG")
    assert refusal(small, size=LIMITS.max_bytes + 1)[0].startswith("The image may be at most 97.7\xa0KB;")
    assert image_clean(small, field="photo", limits=LIMITS, size=None).extension == "png"


@pytest.mark.parametrize(
    "data",
    [png_claiming(501, 10), image_file("PNG", (10, 501), mode="1").getvalue()],
    ids=["header only", "one pixel too tall"],
)
def test_an_image_over_the_side_limit_is_refused_before_it_is_decoded(data):
    # the header-only file has no pixels: decoding it would fail as "damaged", so this message
    # proves the dimensions were checked first
    assert refusal(io.BytesIO(data)) == ["The image may be at most 500 × 500 pixels."]


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,  # a Windows executable
        b"#!/bin/sh\nrm -rf /\n",
        image_file("GIF").getvalue(),
        image_file("BMP").getvalue(),
        image_file("PNG").getvalue()[:60],  # truncated
        b"",
        png_claiming(100_000, 100_000),  # Pillow's own bomb guard refuses it when opening
    ],
    ids=["exe", "script", "gif", "bmp", "truncated png", "empty", "bomb header"],
)
def test_anything_but_an_intact_png_jpeg_or_webp_is_refused(data):
    assert refusal(io.BytesIO(data)) == [NOT_AN_IMAGE]


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
    ids=["svg", "svg with prolog"],
)
def test_an_svg_is_refused_with_the_reason(data):
    assert refusal(io.BytesIO(data)) == [
        "SVG images are not accepted, as they can contain scripts. Upload a PNG, JPEG or WebP image."
    ]


def test_pillows_own_decompression_bomb_guard_is_a_refusal_too(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 40 × 20 is more than twice this
    assert refusal(image_file("PNG")) == [NOT_AN_IMAGE]


@pytest.mark.django_db
def test_practice_report_photos_keep_their_limits_and_field(employer_org, coordinator):
    from vereinbar.directory.services import practice_photo_add

    def add(upload: io.BytesIO):
        return practice_photo_add(
            actor=coordinator, organisation=employer_org, upload=upload, description="d", credit="c"
        )

    too_big = io.BytesIO(image_file("PNG").getvalue() + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        add(too_big)
    assert error.value.message_dict == {
        "image": [f"The image may be at most 2.0\xa0MB; this file has {size_shown(too_big)}."]
    }
    with pytest.raises(ValidationError) as error:
        add(io.BytesIO(png_claiming(4001, 10)))
    assert error.value.message_dict == {"image": ["The image may be at most 4000 × 4000 pixels."]}
    photo = add(image_file("JPEG", (3000, 1500)))
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (1024, 512))
