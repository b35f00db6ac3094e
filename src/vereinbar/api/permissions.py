"""Permission first: an API operation checks the caller's right on the object its path names
before anything reads the query, the body or the object's state.

django-ninja runs an operation as: authentication, then parsing of path, query and body
(a malformed body answers 400/422 there), then the view. A check inside the view comes too
late: a caller without the right would learn from a 422 what the body should hold, or from
a 409 what state the object is in. ``@permission(check)`` puts ``check(request, **path)``
between authentication and parsing; it raises ``Http404`` (the caller may not see the
object) or ``PermissionDenied`` (they see it but may not do this), which the API's error
handlers answer as usual. ``path`` holds the raw path values (strings); ``path_int`` reads
a numeric one, a value that is no number naming no object (404).

The step is installed with ninja's ``decorate_view``, which ninja re-applies to each mounted
copy of the operation; it wraps that operation's ``_get_values`` (ninja 1.7, pinned), and
tests/security/test_api_matrix.py fails if the order ever changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest
from ninja.decorators import decorate_view

F = TypeVar("F", bound=Callable[..., Any])
Check = Callable[..., Any]


def path_int(value: Any) -> int:
    """A numeric path value; anything else names no object."""
    try:
        number = int(str(value))
    except ValueError:
        raise Http404 from None
    if number < 1 or number > 2**63 - 1:
        raise Http404
    return number


def permission(check: Check) -> Callable[[F], F]:
    """Run ``check(request, **path_values)`` after authentication, before the request is parsed."""

    def install(run: Callable[..., Any]) -> Callable[..., Any]:
        operation = run.__self__  # type: ignore[attr-defined]  # ninja hands over the operation's bound run
        parse = operation._get_values

        def checked(request: HttpRequest, path_params: dict[str, Any], temporal_response: Any) -> Any:
            check(request, **path_params)
            return parse(request, path_params, temporal_response)

        operation._get_values = checked
        return run

    return decorate_view(install)
