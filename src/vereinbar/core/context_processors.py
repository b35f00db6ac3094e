from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the site URL and which areas the user can enter."""
    user = getattr(request, "user", None)
    areas = {"workspace": False, "operator": False}
    if user is not None and user.is_authenticated:
        types = set(user.memberships.values_list("organisation__type", flat=True))
        areas = {"workspace": "employer" in types, "operator": "operator" in types or user.is_superuser}
    return {"SITE_URL": settings.SITE_URL, "areas": areas}
