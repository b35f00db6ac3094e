from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from vereinbar.core.templatetags.frame import reversed_url

# The areas a person enters from the main navigation; every page whose address lies below an
# area's start page belongs to it, whichever app serves the page (site/urls_*.py compose them).
AREAS = ("workspace", "operator")


def page_area(request: HttpRequest) -> str | None:
    """The area (workspace, operator) the requested page belongs to, by its address; None outside both."""
    return next((area for area in AREAS if request.path.startswith(reversed_url(f"{area}:index"))), None)


def _areas(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"workspace": False, "operator": False}
    # Unordered: a set needs no ORDER BY, and the memberships' order would join the users too.
    types = set(user.memberships.order_by().values_list("organisation__type", flat=True))
    return {"workspace": "employer" in types, "operator": "operator" in types or user.is_superuser}


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the site URL, which areas the user can enter and which one the page
    is in. The areas ask the database only when a template reads them (fragments do not)."""
    return {
        "SITE_URL": settings.SITE_URL,
        "areas": SimpleLazyObject(lambda: _areas(request)),
        "nav_area": page_area(request),
    }
