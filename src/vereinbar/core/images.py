"""Checking and re-encoding uploaded images: organisation logos, announcement photos and
practice-report photos, each with its own limits.

Only PNG, JPEG and WebP are accepted (SVG can carry scripts). The file is decoded with Pillow,
limited to these three formats' decoders, and written out again: what is stored is a fresh
image scaled down to the caller's size, without the uploader's metadata, and never the uploaded
bytes themselves (so a file that is an image and something else at once loses the something
else).
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Pillow format → (file extension, content type)
IMAGE_FORMATS: dict[str, tuple[str, str]] = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
IMAGE_CONTENT_TYPES = dict(IMAGE_FORMATS.values())  # extension → content type
IMAGE_ACCEPT = ",".join(content_type for _extension, content_type in IMAGE_FORMATS.values())


@dataclass(frozen=True)
class ImageLimits:
    """How large an upload may be, and how large the stored copy becomes."""

    max_bytes: int
    max_side: int  # wider or taller images are refused before decoding them (decompression bombs)
    stored_side: int  # the stored copy is scaled down to fit this many pixels a side


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    content_type: str


def image_clean(upload: IO[bytes], *, field: str, limits: ImageLimits, size: int | None = None) -> CleanImage:
    """Check an uploaded image and return it re-encoded; raise ValidationError({field: ...}) otherwise.

    `size` is the upload's size if already known (Django's UploadedFile.size); else it is measured.
    """
    from PIL import Image, UnidentifiedImageError

    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > limits.max_bytes:
        raise ValidationError(
            {
                field: _("The image may be at most %(limit)s; this file has %(size)s.")
                % {"limit": filesizeformat(limits.max_bytes), "size": filesizeformat(size)}
            }
        )
    upload.seek(0)
    if _looks_like_svg(upload.read(1024)):
        raise ValidationError(
            {field: _("SVG images are not accepted, as they can contain scripts. Upload a PNG, JPEG or WebP image.")}
        )
    formats = list(IMAGE_FORMATS)
    try:
        upload.seek(0)
        with Image.open(upload, formats=formats) as probe:
            if probe.width > limits.max_side or probe.height > limits.max_side:
                raise ValidationError(
                    {field: _("The image may be at most %(max)s × %(max)s pixels.") % {"max": limits.max_side}}
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=formats) as opened:
            image_format = opened.format or ""
            opened.load()
            opened.thumbnail((limits.stored_side, limits.stored_side))
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
        raise ValidationError(
            {field: _("Upload a PNG, JPEG or WebP image. This file is not one of these, or it is damaged.")}
        ) from None
    extension, content_type = IMAGE_FORMATS[image_format]
    return CleanImage(content=out.getvalue(), extension=extension, content_type=content_type)


def _looks_like_svg(head: bytes) -> bool:
    """Whether a file starts like an SVG drawing (XML with an <svg> element), to say why it is refused."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and b"<svg" in text


def logo_data_uri(organisation: object) -> str:
    """The organisation's logo inlined as a data: URI, for documents made without fetching
    anything (the certificate, the target agreement as PDF), or "" without one or when its file
    is missing."""
    logo = getattr(organisation, "logo", None)
    if not logo:
        return ""
    content_type = IMAGE_CONTENT_TYPES.get((logo.name or "").rsplit(".", 1)[-1].lower())
    if content_type is None:
        return ""
    try:
        with logo.open("rb") as handle:
            content = handle.read()
    except OSError:
        logger.warning("the logo file %s is missing", logo.name)
        return ""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
