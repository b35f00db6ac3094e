"""Storages of our own: static files with hashed names and gzip, without brotli (it tripled the
first collectstatic of the embedded set-up for little gain behind a proxy that compresses); and
the private file system storage (evidence, signed scans), which has no public URLs."""

from typing import Any

from django.core.files.storage import FileSystemStorage
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)


class PrivateFileSystemStorage(FileSystemStorage):
    """Files served only through permission-checked views: asking for a public URL is a mistake
    (a template or view that would link a private file), so it fails loudly."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError("private files have no public URL; serve them through a view")
