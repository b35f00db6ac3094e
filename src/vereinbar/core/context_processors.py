from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

# The areas a person enters from the main navigation; every page whose address lies below an
# area's start page belongs to it, whichever app serves the page (site/urls_*.py compose them).
AREAS = ("workspace", "operator")


def page_area(request: HttpRequest) -> str | None:
    """The area (workspace, operator) the requested page belongs to, by its address; None outside both."""
    return next((area for area in AREAS if request.path.startswith(reverse(f"{area}:index"))), None)


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the site URL, which areas the user can enter and which one the page is in."""
    user = getattr(request, "user", None)
    areas = {"workspace": False, "operator": False}
    if user is not None and user.is_authenticated:
        types = set(user.memberships.values_list("organisation__type", flat=True))
        areas = {"workspace": "employer" in types, "operator": "operator" in types or user.is_superuser}
    return {"SITE_URL": settings.SITE_URL, "areas": areas, "nav_area": page_area(request)}
