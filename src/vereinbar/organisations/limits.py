"""How many employers a visitor may register, per client address, on the page and through the
API together: each registration without an account makes an account and an organisation for
anyone who asks, so neither door may be used to make them in bulk."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vereinbar.core.ratelimit import Limit

REGISTRATIONS = Limit("registration", limit=20, window=60 * 60)

# Counted per client IP address (an IPv6 client's /64 network): ``address_subject``. The API
# answers it to clients who have no account yet, so it names the address, not a token or user.
TOO_MANY = _(
    "Too many employers have been registered without an account from your IP address. Please try "
    "again in an hour, or register with the API token of an account: that is not limited."
)
