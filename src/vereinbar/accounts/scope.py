"""The scope of the API token a request was authenticated with.

A token can be read-only and can be limited to some of its user's organisations. While a
request runs with a limited token, the user's memberships outside those organisations do not
exist for it: ``Membership.objects`` (and so ``user.memberships``, ``organisation.memberships``
and every permission rule built on them) leaves them out, and a platform administrator's
limited token acts without the administrator's platform rights. ``accounts.api_auth.TokenAuth`` sets
the scope; it is cleared when each request starts and ends.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TokenScope:
    token_id: int
    user_id: int
    read_only: bool
    organisation_ids: frozenset[int] | None  # None: every organisation of the user


current: ContextVar[TokenScope | None] = ContextVar("vereinbar_token_scope", default=None)


def clear(**_: Any) -> None:
    """Receiver of ``request_started`` and ``request_finished``: no scope outlives its request
    (server threads serve many requests)."""
    current.set(None)
