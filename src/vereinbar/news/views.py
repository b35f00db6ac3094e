"""The public news pages (/<lang>/news/) and the operator's announcement pages
(/<lang>/operator/news/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinbar.certificates.models import Award
from vereinbar.certificates.public_profile import public_profile_url
from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.views.common import form_errors_from
from vereinbar.programmes.keys import programme_by_param

from . import selectors, services
from .forms import AnnouncementForm
from .permissions import announcement_for_user, check_manage_news, news_operators

PAGE_SIZE = 20


# --- Public ------------------------------------------------------------------------------


def news_list(request: HttpRequest, programme_slug: str | None = None) -> HttpResponse:
    programme = None
    if programme_slug is not None:
        programme = programme_by_param(programme_slug)
        if programme is None:
            raise Http404
        if programme.key != programme_slug:  # an address from before keys (``programme_by_param``)
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return redirect(reverse("news:programme", args=[programme.key]) + query, permanent=True)
    page = Paginator(selectors.announcements_public(programme=programme), PAGE_SIZE).get_page(request.GET.get("page"))
    can_write = news_operators(request.user).exists()
    return render(request, "news/list.html", {"page": page, "programme": programme, "can_write": can_write})


def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_public(pk=pk)
    if announcement is None:
        raise Http404
    # the employer an award announcement is about, where the directory lists it: readers go on to it
    organisation = announcement.award.organisation if announcement.award else None
    profile_url = public_profile_url(organisation) if organisation else None
    return render(
        request,
        "news/detail.html",
        {"announcement": announcement, "organisation": organisation, "profile_url": profile_url},
    )


# --- Operator ----------------------------------------------------------------------------


@login_required
def operator_list(request: AuthedRequest) -> HttpResponse:
    operators = check_manage_news(request.user)
    unannounced = selectors.awards_unannounced(operators=operators)
    shown = list(unannounced[: selectors.UNANNOUNCED_LIMIT])
    return render(
        request,
        "news/operator_list.html",
        {
            "announcements": selectors.announcements_managed(operators=operators)[:100],
            "unannounced": shown,
            # a thousand employers' awards: the page says it shows the newest, and of how many
            "unannounced_total": unannounced.count() if len(shown) == selectors.UNANNOUNCED_LIMIT else len(shown),
        },
    )


def _publish_requested(request: HttpRequest) -> bool:
    """Whether the form was sent with "Save and publish" rather than "Save": the operator
    publishes what the form shows, never an older saved state."""
    return request.method == "POST" and "publish" in request.POST


@login_required
def operator_add(request: AuthedRequest) -> HttpResponse:
    operators = check_manage_news(request.user)
    award = None
    number = request.POST.get("award") or request.GET.get("award")
    if number:
        award = get_object_or_404(
            Award.objects.select_related("programme", "organisation", "version"),
            number=number,
            programme__operator__in=operators,
        )
    form = AnnouncementForm(
        request.POST or None,
        request.FILES or None,
        operators=operators,
        fixed_programme=award.programme if award else None,
        initial={"operator": award.programme.operator} if award else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_create(
                actor=request.user,
                operator=form.cleaned_data["operator"],
                programme=form.cleaned_data.get("programme"),
                award=award,
                texts=form.texts(),
                photo=form.cleaned_data.get("photo"),
                publish=_publish_requested(request),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            if announcement.is_published:
                messages.success(request, _("The announcement was saved and published."))
            else:
                messages.success(request, _("The announcement was saved as a draft."))
            return redirect("operator_news:edit", pk=announcement.pk)
    return render(request, "news/operator_form.html", {"form": form, "award": award, "announcement": None})


@login_required
def operator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    announcement = announcement_for_user(request.user, pk)
    form = AnnouncementForm(
        request.POST or None,
        request.FILES or None,
        operators=check_manage_news(request.user),
        announcement=announcement,
    )
    publish = _publish_requested(request) and not announcement.is_published
    if request.method == "POST" and form.is_valid():
        try:
            services.announcement_update(
                actor=request.user,
                announcement=announcement,
                texts=form.texts(),
                photo=form.cleaned_data.get("photo"),
                remove_photo=bool(form.cleaned_data.get("remove_photo")),
                publish=publish,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            if publish:
                messages.success(request, _("The announcement was saved and published."))
            else:
                messages.success(request, _("The announcement was saved."))
            return redirect("operator_news:edit", pk=announcement.pk)
    return render(
        request,
        "news/operator_form.html",
        {"form": form, "award": announcement.award, "announcement": announcement},
    )


@login_required
@require_POST
def operator_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    announcement = announcement_for_user(request.user, pk)
    try:
        services.announcement_withdraw(actor=request.user, announcement=announcement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The announcement was withdrawn."))
    return redirect("operator_news:edit", pk=announcement.pk)
