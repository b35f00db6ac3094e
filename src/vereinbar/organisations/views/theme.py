"""The operator's logo and colour for the page frame, served to anyone (``organisations.theme``)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase

from ..brand import stored_colour, theme_stylesheet
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


def operator_theme(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The stylesheet with an operator's colour (KERN's action tokens); 404 for employers and
    for operators without a colour of their own."""
    operator = (
        Organisation.objects.filter(slug=slug, type=OrganisationType.OPERATOR)
        .only("pk", "type", "brand_colour")
        .first()
    )
    colour = stored_colour(operator) if operator is not None else ""
    if not colour:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = HttpResponse(theme_stylesheet(colour), content_type="text/css; charset=utf-8")
    # Its address changes with the colour (operator_theme_url), so a day is safe.
    response["Cache-Control"] = "public, max-age=86400"
    return response
