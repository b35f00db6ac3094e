"""Where the reader left a list: its filters, sort and page (the list's query string), kept in
the session per list, so that a link back to the list ("All cycles" on a cycle's page, "Back to
the registrations") and the redirect after a decision open it as it was left. Opening the list
by its plain link starts it afresh (and keeps that)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

SESSION_KEY = "list_state"
MAX_LENGTH = 2000  # a query string longer than this is not kept (filters are short)


def list_state_remember(request: HttpRequest, name: str) -> None:
    """Keep the query of the list named ``name`` (a URL name) as the reader has it now."""
    session = getattr(request, "session", None)
    if session is None:
        return
    query = request.GET.urlencode()
    if len(query) > MAX_LENGTH:
        query = ""
    kept = session.get(SESSION_KEY, {})
    if kept.get(name, "") == query:
        return  # unchanged: no session write
    session[SESSION_KEY] = {**kept, name: query}


def list_state_url(request: HttpRequest | None, name: str) -> str:
    """The URL of the list named ``name`` with the query the reader left it with."""
    url = reverse(name)
    session = getattr(request, "session", None) if request is not None else None
    query = session.get(SESSION_KEY, {}).get(name, "") if session is not None else ""
    return f"{url}?{query}" if query else url
