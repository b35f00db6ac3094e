"""Uploaded files of cycles (evidence, signed scans): where they are kept, what is accepted.

Files are kept in the ``private`` storage of the settings: by default a directory beside
MEDIA_ROOT, outside its public URL space (``VEREINBAR_PRIVATE_ROOT`` if set, else
``<MEDIA_ROOT>/../private``); with ``VEREINBAR_STORAGE=s3`` the bucket's ``private/`` prefix.
They are served only through permission-checked views. A file is accepted when it is at most
``MAX_UPLOAD_BYTES`` and its content (not its name) is one of the whitelisted types;
the file name's extension must agree with the content.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what an office document may unpack to


def private_storage() -> Storage:
    """Where evidence and signed scans are kept: ``STORAGES["private"]``, so that a deployment
    moves them (to S3, say) by its settings alone."""
    return storages["private"]


class PrivateStorage(FileSystemStorage):
    """The storage the fields had before ``private_storage``; only migration 0001 names it."""


def evidence_upload_to(instance: Any, filename: str) -> str:
    # Never the uploader's name on disk: a random name under the cycle's directory.
    return f"cycles/{instance.cycle_id}/{uuid.uuid4().hex}"


@dataclass(frozen=True)
class FileKind:
    key: str
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "application/pdf", ("pdf",)),
        FileKind("png", "image/png", ("png",)),
        FileKind("jpeg", "image/jpeg", ("jpg", "jpeg")),
        FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
        FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
        FileKind("odt", "application/vnd.oasis.opendocument.text", ("odt",)),
        FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
        FileKind("txt", "text/plain", ("txt",)),
        FileKind("csv", "text/csv", ("csv",)),
    )
}
ALLOWED_EXTENSIONS = tuple(sorted({ext for kind in KINDS.values() for ext in kind.extensions}))

_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _zip_kind(data: IO[bytes]) -> str | None:
    """docx/xlsx by their main part's content type (macro-enabled variants differ); odt/ods by mimetype."""
    try:
        with zipfile.ZipFile(data) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return None  # a zip bomb: no office document unpacks to that much
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
                for content_type, key in _OOXML_MAIN.items():
                    if f'ContentType="{content_type}"' in types:
                        return key
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head or head.startswith(b"#!"):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls == 0


def content_kind(data: IO[bytes], extension: str) -> str | None:
    """The whitelisted kind the content is, judged by its bytes; None when it is none of them."""
    data.seek(0)
    head = data.read(8192)
    data.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if _is_text(head):
        return "csv" if extension == "csv" else "txt"
    return None


@dataclass(frozen=True)
class CheckedFile:
    name: str
    size: int
    content_type: str
    sha256: str


def upload_check(upload: Any, *, field: str = "file") -> CheckedFile:
    """Refuse files that are too large or not of a whitelisted type (by content); ValidationError by field."""
    name = Path(str(getattr(upload, "name", "") or "upload")).name[:200]
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: _("The file is %(size)s MB; files may be at most %(max)s MB.")
                % {"size": size // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    if size == 0:
        raise ValidationError({field: _("The file is empty.")})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {field: _("Files of this type are not accepted. Accepted are: %(types)s.") % {"types": allowed}}
        )
    stream: IO[bytes] = upload.file if hasattr(upload, "file") else io.BytesIO(upload.read())
    kind = content_kind(stream, extension)
    if kind is None or extension not in KINDS[kind].extensions:
        raise ValidationError(
            {
                field: _(
                    "The content of the file does not match its name or is not an accepted type "
                    "(accepted are: %(types)s)."
                )
                % {"types": allowed}
            }
        )
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return CheckedFile(name=name, size=size, content_type=KINDS[kind].content_type, sha256=digest.hexdigest())


class LimitedUploadHandler(FileUploadHandler):
    """Stops receiving a file as soon as it exceeds the limit, instead of spooling 200 MB to disk.

    Insert it first into ``request.upload_handlers`` before the body is read; a skipped file
    is missing from ``request.FILES`` and ``request.upload_too_large`` names its field.
    """

    def __init__(self, request: HttpRequest | None = None, limit: int = MAX_UPLOAD_BYTES) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.upload_too_large = self.field_name  # type: ignore[attr-defined]  # read back by the upload views
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large_error(field: str = "file") -> ValidationError:
    return ValidationError(
        {
            field: _("The file is larger than %(max)s MB and was not accepted.")
            % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
        }
    )
