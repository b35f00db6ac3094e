"""System checks of the mail settings."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def site_url_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Links in mails are built on VEREINBAR_SITE_URL; unset, they point to 127.0.0.1:8000."""
    if os.environ.get("VEREINBAR_SITE_URL"):
        return []
    return [
        Warning(
            f"VEREINBAR_SITE_URL is not set: links in mails point to {settings.SITE_URL}.",
            hint="Set VEREINBAR_SITE_URL to the address people open, e.g. https://vereinbar.example.org.",
            id="notifications.W001",
        )
    ]
