"""The ranking lists: the public page per programme with its open data (CSV, JSON), and the
workspace page where the coordinator gives or withdraws the consent to appear. Views parse, call,
render (``surveys.ranking``)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.permissions import Action, has_permission
from vereinbar.programmes.models import Programme

from .. import ranking as rankings
from ..permissions import surveys_organisation_for_user


def _ranking_or_404(programme_slug: str) -> rankings.Ranking:
    programme = rankings.programme_with_ranking(programme_slug)
    if programme is None:
        raise Http404
    return rankings.ranking_build(programme)


def ranking_page(request: HttpRequest, programme_slug: str) -> HttpResponse:
    ranking = _ranking_or_404(programme_slug)
    return render(request, "surveys/ranking.html", {"ranking": ranking})


def ranking_csv(request: HttpRequest, programme_slug: str) -> HttpResponse:
    ranking = _ranking_or_404(programme_slug)
    response = HttpResponse(rankings.ranking_csv(ranking), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ranking-{ranking.slug}.csv"'
    return response


def ranking_json(request: HttpRequest, programme_slug: str) -> HttpResponse:
    ranking = _ranking_or_404(programme_slug)
    body = json.dumps(rankings.ranking_data(ranking), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@login_required
def ranking_consent(request: AuthedRequest, slug: str) -> HttpResponse:
    """The organisation's ranking lists: taking part or not, and every change of it."""
    organisation = surveys_organisation_for_user(request.user, slug)
    items = [
        {
            "programme": programme,
            "slug": rankings.programme_slug(programme),
            "given": rankings.consent_current(organisation, programme),
            "history": rankings.consent_history(organisation, programme),
        }
        for programme in rankings.rankings_for(organisation)
    ]
    return render(
        request,
        "surveys/ranking_consent.html",
        {
            "organisation": organisation,
            "area": "workspace",
            "items": items,
            "can_manage": has_permission(request.user, organisation, Action.MANAGE_SURVEYS),
        },
    )


@login_required
@require_POST
def ranking_consent_change(request: AuthedRequest, slug: str, programme_id: int) -> HttpResponse:
    organisation = surveys_organisation_for_user(request.user, slug)
    programme = get_object_or_404(Programme, pk=programme_id)
    given = request.POST.get("given") == "1"
    try:
        rankings.consent_set(actor=request.user, organisation=organisation, programme=programme, given=given)
    except ValidationError as error:  # refused for want of permission: PermissionDenied, a 403
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your organisation now appears in the ranking list when it qualifies.")
            if given
            else _("Your organisation no longer appears in the ranking list."),
        )
    return redirect("surveys:rankings", organisation.slug)
