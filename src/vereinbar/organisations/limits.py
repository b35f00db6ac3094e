"""How many employers a visitor may register, per client address, on the page and through the
API together: each registration without an account makes an account and an organisation for
anyone who asks, so neither door may be used to make them in bulk."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vereinbar.core.ratelimit import Limit

REGISTRATIONS = Limit("registration", limit=20, window=60 * 60)

TOO_MANY = _("Too many registrations from this address. Please try again in an hour.")
