"""API authentication: personal tokens (``Authorization: Bearer vb_…``) or the browser session.

A valid token always gets in, whatever others tried before: it is checked first. Wrong
tokens are counted per client address and per token prefix (the part of a token that is
shown on the token page) in the shared ``ratelimit`` cache; past the limit a wrong token is
answered 429 instead of 401. The secret part of a token has 256 bits, so counting is about
noise and load, not about a token becoming guessable.

A token's scope (read-only, limited to organisations) is enforced here and through
``vereinbar.accounts.scope``.
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from vereinbar.accounts import scope
from vereinbar.accounts.services import token_authenticate, token_prefix_of
from vereinbar.api.errors import ApiError
from vereinbar.core.ratelimit import Limit, address_subject

# Wrong tokens per client address, and per token prefix, before the API answers 429.
TOKEN_FAILURES = Limit("api-token", limit=20, window=15 * 60)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _too_many(prefix: str | None, from_address: bool) -> str:
    """The 429 message naming what passed its limit: the client's address, the token's prefix
    (guesses at one token's secret, from any address), or both."""
    if prefix and from_address:
        return _(
            "Too many invalid tokens from your IP address, and too many beginning with %(prefix)s. "
            "Please wait 15 minutes."
        ) % {"prefix": prefix}
    if prefix:
        return _(
            "Too many invalid tokens beginning with %(prefix)s. Please wait 15 minutes; the right "
            "token with this prefix still works."
        ) % {"prefix": prefix}
    return _("Too many invalid tokens from your IP address. Please wait 15 minutes.")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(raw_token=token)
        if found is None:
            prefix = token_prefix_of(token)
            from_address = TOKEN_FAILURES.record(address_subject(request))
            for_prefix = bool(prefix) and TOKEN_FAILURES.record(f"prefix:{prefix}")
            if from_address or for_prefix:
                raise ApiError(
                    429,
                    "too_many_attempts",
                    _too_many(prefix if for_prefix else None, from_address),
                    retry_after=TOKEN_FAILURES.window,
                )
            return None
        token_scope = found.token_scope()
        if token_scope.read_only and request.method not in SAFE_METHODS:
            raise ApiError(
                403,
                "token_read_only",
                _("This API token is read-only: it may read but not change anything. Use a token with write access."),
            )
        user = found.user
        if token_scope.organisation_ids is not None and user.is_superuser:
            # Limited to organisations, a platform administrator's token has no platform rights.
            user = copy.copy(user)
            user.is_superuser = False
            user.is_staff = False
            user._scoped_copy = True  # type: ignore[attr-defined]
        scope.current.set(token_scope)
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods need the CSRF token."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session there is nothing for the CSRF check to protect: a request
        # without credentials (or with a wrong token) is answered 401, not 403 "CSRF".
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None
