"""The staff offers page: for members at /<lang>/workspace/<slug>/offers/, for anyone with the
organisation's current link at /<lang>/offers/<token>/. Never indexed by search engines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, has_permission
from vereinbar.organisations.services import organisation_offers_link_rotate
from vereinbar.organisations.views.common import organisation_in_area

from .citations import legal_citation
from .offers import organisation_by_offers_token, staff_offers


def _page(request: HttpRequest, organisation: Organisation, extra: dict[str, object]) -> HttpResponse:
    offers = staff_offers(organisation=organisation)
    for group in offers.groups:
        for right in group.statutory:
            # for this page only: the reference in the reader's language (or marked with its own)
            right.citation = legal_citation(right.legal_reference, right.country)
    context = {"offers": offers, "today": timezone.localdate(), **extra}
    response = render(request, "measures/offers.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    # Links leave the site without the secret link in the Referer header. Not "no-referrer":
    # browsers then send the page's own forms with "Origin: null", which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
def offers_for_members(request: AuthedRequest, slug: str) -> HttpResponse:
    organisation = organisation_in_area(request, "workspace", slug)
    can_manage = has_permission(request.user, organisation, Action.EDIT_PROFILE)
    link = None
    if can_manage and organisation.offers_token:
        link = request.build_absolute_uri(reverse("offers:link", kwargs={"token": organisation.offers_token}))
    return _page(
        request,
        organisation,
        {
            "organisation": organisation,
            "area": "workspace",
            "members_view": True,
            "can_manage": can_manage,
            "link": link,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offers_link(request: AuthedRequest, slug: str) -> HttpResponse:
    """Make a new link (the old one stops working) or turn the link off; GET asks first."""
    organisation = organisation_in_area(request, "workspace", slug, Action.EDIT_PROFILE)
    if request.method == "GET":
        disable = request.GET.get("action") == "disable"
        if disable:
            question = _("Turn off the link to the staff offers page?")
            consequence = _(
                "The current link stops working at once. Until you make a new one, only members who log in can "
                "read the page."
            )
        else:
            question = _("Make a new link to the staff offers page?")
            consequence = _(
                "The current link stops working at once: everyone who saved or printed it needs the new one."
            )
        return render(
            request,
            "core/confirm.html",
            {
                "organisation": organisation,
                "area": "workspace",
                "subnav": "organisations/_subnav.html",
                "current": "offers",
                "question": question,
                "consequence": consequence,
                "confirm_label": _("Turn the link off") if disable else _("Make a new link"),
                "cancel_url": reverse("workspace_offers:page", args=[organisation.slug]),
                "hidden": [("action", "disable" if disable else "rotate")],
            },
        )
    disable = request.POST.get("action") == "disable"
    organisation_offers_link_rotate(actor=request.user, organisation=organisation, disable=disable)
    if disable:
        messages.success(request, _("The staff offers link is turned off."))
    else:
        messages.success(request, _("There is a new staff offers link. The previous link no longer works."))
    return redirect("workspace_offers:page", slug=organisation.slug)


def offers_by_link(request: HttpRequest, token: str) -> HttpResponse:
    organisation = organisation_by_offers_token(token=token)
    if organisation is None:
        # Staff with an old or mistyped link learn what happened and whom to ask, not just "not found".
        gone = render(request, "measures/offers_gone.html", {"login_url": reverse("accounts:login")}, status=404)
        gone["X-Robots-Tag"] = "noindex, nofollow"
        return gone
    return _page(request, organisation, {"organisation": organisation, "members_view": False})
