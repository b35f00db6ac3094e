"""Limits on what anyone can make the platform do to an account: password-reset mail.

A reset request names an address; without a limit anyone could fill a mailbox (15 requests
were 15 mails). At most ``PER_ACCOUNT`` mails per account and hour, and at most
``PER_ADDRESS`` requests per client address and hour. Beyond them no mail goes out, and the
page answers exactly as before: whether an account exists is not revealed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vereinbar.core.ratelimit import Limit, address_subject

from .forms import PasswordResetForm
from .models import User

PER_ACCOUNT = Limit("password-reset-account", limit=3, window=60 * 60)
PER_ADDRESS = Limit("password-reset-address", limit=10, window=60 * 60)


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, **options: Any) -> None:  # type: ignore[override]  # PasswordResetView passes keywords only
        request = options.get("request")
        if request is not None and PER_ADDRESS.record(address_subject(request)):
            return
        super().save(**options)

    def get_users(self, email: str) -> Iterator[User]:
        for user in super().get_users(email):
            if not PER_ACCOUNT.record(f"account:{user.pk}"):
                yield user
