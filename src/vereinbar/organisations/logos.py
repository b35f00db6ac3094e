"""The limits for uploaded logos; vereinbar.core.images checks and re-encodes them."""

from __future__ import annotations

from vereinbar.core.images import ImageLimits

LOGO_LIMITS = ImageLimits(max_bytes=2 * 1024 * 1024, max_side=4000, stored_side=1024)
