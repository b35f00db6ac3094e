"""API authentication: personal tokens (``Authorization: Bearer vb_…``) or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from vereinbar.accounts.services import token_authenticate
from vereinbar.core.ratelimit import FailureLimit

from .errors import ApiError

# Wrong tokens per client address before the API answers 429 for the rest of the window.
TOKEN_FAILURES = FailureLimit("api-token", limit=20, window=15 * 60)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if TOKEN_FAILURES.blocked(request):
            raise ApiError(
                429, "too_many_attempts", _("Too many invalid tokens from this address. Please wait 15 minutes.")
            )
        user = token_authenticate(raw_token=token)
        if user is not None:
            request.user = user
        else:
            TOKEN_FAILURES.failed(request)
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods need the CSRF token."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None
