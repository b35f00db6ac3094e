"""A database that cannot be reached answers 503 with Retry-After, never a 500 or a traceback.

Django opens a new connection on the next request by itself (``CONN_HEALTH_CHECKS`` checks
a reused one first), so service comes back without restarting the app processes once the
database is reachable again. A connection that failed is closed outright here, not only when
it fails a health check: a connection that still answers ``SELECT 1`` can be stuck in a
broken state (an SQLite file opened while it was read-only stays read-only for that
connection; a PostgreSQL session keeps a read-only default), and reused it would fail every
write until ``CONN_MAX_AGE`` ran out. The page is rendered without touching the database: no
session, no user, no context processors.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger("vereinbar.unavailable")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
_FLAG = "_vereinbar_database_unavailable"


def is_database_error(exc: BaseException | None) -> bool:
    """The database cannot be reached or cannot be written (SQLite: "attempt to write a
    readonly database" is an OperationalError; PostgreSQL: a read-only transaction, SQLSTATE
    25006, comes as an InternalError)."""
    if isinstance(exc, DATABASE_ERRORS):
        return True
    cause = getattr(exc, "__cause__", None)
    return isinstance(exc, DatabaseError) and getattr(cause, "sqlstate", getattr(cause, "pgcode", None)) == "25006"


def _remember(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """An exception that another middleware turned into a 500: note whether the database caused it."""
    import sys

    if request is not None and is_database_error(sys.exc_info()[1]):
        setattr(request, _FLAG, True)


got_request_exception.connect(_remember, dispatch_uid="vereinbar.core.middleware.remember")


def _opened_read_only(connection: Any) -> bool:
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict.get("NAME") or "")
        # access() also says no to root for an immutable file or a read-only file system.
        return bool(name) and not name.startswith(("file:", ":memory:")) and not os.access(name, os.W_OK)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_read_only")
            return cursor.fetchone()[0] == "on"
    return False


def _mark_read_only(sender: Any, connection: Any, **kwargs: Any) -> None:
    """A connection opened while the database could not be written stays read-only (SQLite
    opens the file read-only; a PostgreSQL session keeps its read-only default). It serves the
    request that opened it and is closed at the request's end instead of being kept, so the
    first request after the database is writable again gets a writable connection."""
    try:
        read_only = _opened_read_only(connection)
    except Exception:  # the check must never break a connection that works
        logger.debug("could not check whether the connection is read-only", exc_info=True)
        return
    if read_only:
        connection.close_at = time.monotonic()


connection_created.connect(_mark_read_only, dispatch_uid="vereinbar.core.middleware.read_only")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")
    message = _("The service is temporarily unavailable. Please try again in a moment.")
    response: HttpResponse
    if wants_json:
        response = JsonResponse({"code": "unavailable", "message": message, "details": {}}, status=503)
    else:
        html = render_to_string("core/unavailable.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Outermost middleware: database errors anywhere below become a clean 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DatabaseError as exc:  # raised while rendering the 500 page itself
            if not is_database_error(exc):
                raise
            return self._unavailable(request, exc)
        if response.status_code == 500 and getattr(request, _FLAG, False):
            return self._unavailable(request, None)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_error(exception):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request: HttpRequest, exc: BaseException | None) -> HttpResponse:
        from django.db import connections

        from .logging import is_private_path

        if not is_private_path(request.path):  # a survey request is not logged (docs/anonymity.md)
            logger.warning(
                "database unavailable: %s %s (%s)",
                request.method,
                request.path,
                type(exc).__name__ if exc else "error below",
                extra={"event": "database_unavailable", "path": request.path},
            )
        # Close the connections now, so that the next request opens a fresh one: a connection
        # that passes the health check can still be the broken one (see the module docstring).
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:
                connection.set_rollback(True)
                continue  # closed by the outermost atomic block's exit or at the request's end
            try:
                connection.close()
            except Exception:  # closing a dead connection may fail again
                logger.debug("closing a broken connection failed", exc_info=True)
        return unavailable_response(request)
