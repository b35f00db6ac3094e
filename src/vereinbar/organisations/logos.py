"""The limits for uploaded logos; vereinbar.core.images checks and re-encodes them."""

from __future__ import annotations

from vereinbar.core.images import IMAGE_ACCEPT, IMAGE_CONTENT_TYPES, ImageLimits

LOGO_LIMITS = ImageLimits(max_bytes=2 * 1024 * 1024, max_side=4000, stored_side=1024)

# The names the logo form, the API and the logo view use for the accepted formats.
LOGO_CONTENT_TYPES = IMAGE_CONTENT_TYPES
LOGO_ACCEPT = IMAGE_ACCEPT
