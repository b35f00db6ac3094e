"""Checking and re-encoding uploaded logos.

Only PNG, JPEG and WebP up to 2 MB are accepted (SVG can carry scripts). The file is decoded
with Pillow, limited to the three formats' decoders, and written out again: what is stored is
a fresh image of at most 1024 pixels a side, without the uploader's metadata, and never the
uploaded bytes themselves (so a file that is an image and something else at once loses the
something else).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE_IN = 4000  # refuse larger images before decoding them (decompression bombs)
LOGO_MAX_SIDE_STORED = 1024

# Pillow format → (file extension, content type)
LOGO_FORMATS: dict[str, tuple[str, str]] = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
LOGO_CONTENT_TYPES = dict(LOGO_FORMATS.values())
LOGO_ACCEPT = ",".join(content_type for _extension, content_type in LOGO_FORMATS.values())


@dataclass(frozen=True)
class CleanLogo:
    content: bytes
    extension: str
    content_type: str


def _invalid() -> ValidationError:
    return ValidationError(
        {"logo": _("Upload a PNG, JPEG or WebP image. This file is not one of these, or it is damaged.")}
    )


def logo_clean(upload: IO[bytes], *, size: int | None = None) -> CleanLogo:
    """Check an uploaded logo and return it re-encoded; raise ValidationError({"logo": ...}) otherwise."""
    from PIL import Image, UnidentifiedImageError

    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > LOGO_MAX_BYTES:
        raise ValidationError(
            {
                "logo": _("The logo may be at most %(limit)s; this file has %(size)s.")
                % {"limit": filesizeformat(LOGO_MAX_BYTES), "size": filesizeformat(size)}
            }
        )
    formats = list(LOGO_FORMATS)
    try:
        upload.seek(0)
        with Image.open(upload, formats=formats) as probe:
            if probe.width > LOGO_MAX_SIDE_IN or probe.height > LOGO_MAX_SIDE_IN:
                raise ValidationError(
                    {"logo": _("The logo may be at most %(max)s × %(max)s pixels.") % {"max": LOGO_MAX_SIDE_IN}}
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=formats) as opened:
            image_format = opened.format or ""
            opened.load()
            opened.thumbnail((LOGO_MAX_SIDE_STORED, LOGO_MAX_SIDE_STORED))
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
    extension, content_type = LOGO_FORMATS[image_format]
    return CleanLogo(content=out.getvalue(), extension=extension, content_type=content_type)
