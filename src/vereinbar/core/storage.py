"""Static files storage: hashed names and gzip, without brotli (it tripled the first
collectstatic of the embedded set-up for little gain behind a proxy that compresses)."""

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)
