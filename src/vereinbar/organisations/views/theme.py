"""The operator's logo for the page frame, served to anyone (``organisations.theme``)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase

from ..models import Organisation, OrganisationType
from .profile import logo_response


def operator_logo(request: HttpRequest, slug: str) -> HttpResponseBase:
    """An operator's logo; 404 for employers, whose logos only their members see (and before
    the method is looked at, so that a POST learns nothing either)."""
    try:
        operator = Organisation.objects.only("pk", "slug", "logo").get(slug=slug, type=OrganisationType.OPERATOR)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response: FileResponse = logo_response(operator)
    # Its address changes with every new logo (operator_logo_url), so a day is safe.
    response["Cache-Control"] = "public, max-age=86400"
    return response
