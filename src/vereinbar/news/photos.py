"""Checking and re-encoding announcement photos, the way organisations/logos.py checks logos.

Only PNG, JPEG and WebP up to 5 MB are accepted (no SVG: it can carry scripts). The file is
decoded with Pillow, limited to these decoders, and written out again at most 2000 pixels a
side without the uploader's metadata; the uploaded bytes themselves are never stored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE_IN = 8000  # refuse larger images before decoding them (decompression bombs)
PHOTO_MAX_SIDE_STORED = 2000

PHOTO_FORMATS: dict[str, tuple[str, str]] = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
PHOTO_ACCEPT = ",".join(content_type for _extension, content_type in PHOTO_FORMATS.values())


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    extension: str
    content_type: str


def _invalid() -> ValidationError:
    return ValidationError(
        {"photo": _("Upload a PNG, JPEG or WebP image. This file is not one of these, or it is damaged.")}
    )


def photo_clean(upload: IO[bytes], *, size: int | None = None) -> CleanPhoto:
    """Check an uploaded photo and return it re-encoded; raise ValidationError({"photo": ...}) otherwise."""
    from PIL import Image, UnidentifiedImageError

    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "photo": _("The photo may be at most %(limit)s; this file has %(size)s.")
                % {"limit": filesizeformat(PHOTO_MAX_BYTES), "size": filesizeformat(size)}
            }
        )
    formats = list(PHOTO_FORMATS)
    try:
        upload.seek(0)
        with Image.open(upload, formats=formats) as probe:
            if probe.width > PHOTO_MAX_SIDE_IN or probe.height > PHOTO_MAX_SIDE_IN:
                raise ValidationError(
                    {"photo": _("The photo may be at most %(max)s × %(max)s pixels.") % {"max": PHOTO_MAX_SIDE_IN}}
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=formats) as opened:
            image_format = opened.format or ""
            opened.load()
            opened.thumbnail((PHOTO_MAX_SIDE_STORED, PHOTO_MAX_SIDE_STORED))
            image: Image.Image = opened
            if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
                image = image.convert("RGB")
            elif image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
                image = image.convert("RGBA")
            out = io.BytesIO()
            image.save(out, format=image_format)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _invalid() from None
    extension, content_type = PHOTO_FORMATS[image_format]
    return CleanPhoto(content=out.getvalue(), extension=extension, content_type=content_type)
