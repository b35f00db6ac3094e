"""A database that cannot be reached answers 503 with Retry-After, never a 500 or a traceback.

Django opens a new connection on the next request by itself (``CONN_HEALTH_CHECKS`` checks
a reused one first), so service comes back without restarting the app processes once the
database is reachable again. The page is rendered without touching the database: no
session, no user, no context processors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger("vereinbar.unavailable")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
_FLAG = "_vereinbar_database_unavailable"


def is_database_error(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def _remember(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """An exception that another middleware turned into a 500: note whether the database caused it."""
    import sys

    if request is not None and is_database_error(sys.exc_info()[1]):
        setattr(request, _FLAG, True)


got_request_exception.connect(_remember, dispatch_uid="vereinbar.core.middleware.remember")


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
        except DATABASE_ERRORS as exc:  # raised while rendering the 500 page itself
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

        logger.warning(
            "database unavailable: %s %s (%s)",
            request.method,
            request.path,
            type(exc).__name__ if exc else "error below",
            extra={"event": "database_unavailable", "path": request.path},
        )
        # Drop broken connections now, so that the next request opens a fresh one.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close_if_unusable_or_obsolete()
            except Exception:  # closing a dead connection may fail again
                logger.debug("closing a broken connection failed", exc_info=True)
        return unavailable_response(request)
