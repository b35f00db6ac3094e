"""System checks of the mail settings."""

from __future__ import annotations

import os
from email.utils import parseaddr
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


@register(Tags.compatibility, deploy=True)
def sender_address_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Mail from a local sender (the default noreply@localhost) is refused or filed as spam by
    most receiving servers: its domain has no SPF or DKIM record to check it against."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2].lower()
    if "." in domain and not domain.endswith((".localhost", ".local")):
        return []
    return [
        Warning(
            f"Mails are sent from {settings.DEFAULT_FROM_EMAIL}, an address mail servers refuse or file as spam.",
            hint=(
                "Set VEREINBAR_DEFAULT_FROM_EMAIL to an address of your domain that your mail server may send "
                "from, e.g. vereinbar <noreply@vereinbar.example.org>."
            ),
            id="notifications.W002",
        )
    ]
