"""The limits for announcement photos; vereinbar.core.images checks and re-encodes them."""

from __future__ import annotations

from vereinbar.core.images import ImageLimits

PHOTO_LIMITS = ImageLimits(max_bytes=5 * 1024 * 1024, max_side=8000, stored_side=2000)
