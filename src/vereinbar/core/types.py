from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vereinbar.accounts.models import User

# Who a service acts for: a user, or for work nobody asked for (scheduled jobs, loading
# programmes) a label such as "system" or None (the history names it "system"). Services a
# person starts take ``actor: User``; only those the system also runs take ``Actor``.
type Actor = User | str | None

# Whoever reads a page that does not require a login: ``request.user`` of an ``HttpRequest``.
type Visitor = User | AnonymousUser


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real account."""

    user: User
