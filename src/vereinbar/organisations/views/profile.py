"""The profile ("Steckbrief") page, the logo, and resubmitting a rejected registration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinbar.core.images import IMAGE_CONTENT_TYPES
from vereinbar.core.types import AuthedRequest

from .. import brand, services
from ..forms import ProfileForm
from ..models import Organisation
from ..permissions import Action
from .common import form_errors_from, organisation_in_area


@login_required
def profile_edit(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    org = organisation_in_area(request, area, slug, Action.EDIT_PROFILE)
    form = ProfileForm(request.POST or None, request.FILES or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            # The colour first: refused, it leaves the profile and logo unchanged too.
            with transaction.atomic():
                if (colour := form.brand_colour()) is not None:
                    brand.operator_brand_colour_set(actor=request.user, organisation=org, colour=colour)
                services.organisation_update_profile(actor=request.user, organisation=org, **form.service_arguments())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect(f"{area}:organisation", slug=org.slug)
    return render(request, "organisations/profile.html", {"organisation": org, "area": area, "form": form})


def logo_response(organisation: Organisation) -> FileResponse:
    """The stored logo with the content type of its (re-encoded) format; 404 without one."""
    if not organisation.logo:
        raise Http404
    extension = (organisation.logo.name or "").rsplit(".", 1)[-1].lower()
    content_type = IMAGE_CONTENT_TYPES.get(extension)
    if content_type is None:
        raise Http404
    try:
        handle = organisation.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
def logo(request: AuthedRequest, area: str, slug: str) -> FileResponse:
    return logo_response(organisation_in_area(request, area, slug))


@login_required
@require_POST
def resubmit(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    org = organisation_in_area(request, area, slug, Action.EDIT_PROFILE)
    try:
        services.organisation_resubmit(actor=request.user, organisation=org)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration has been submitted again for approval."))
    return redirect(f"{area}:organisation", slug=org.slug)
