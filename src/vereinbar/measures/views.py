"""Measure pages in the employer workspace, and the catalogue in the operator area."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vereinbar.core.exports import export
from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, check_operator_action, has_operator_permission, has_permission
from vereinbar.organisations.views.common import form_errors_from, organisation_in_area

from . import selectors, services
from .forms import CatalogueEntryForm, MeasureFilterForm, MeasureForm, StatusForm
from .models import Measure, MeasureCategory, MeasureStatus, MeasureType


def _organisation(request: AuthedRequest, slug: str, action: Action = Action.VIEW) -> Organisation:
    return organisation_in_area(request, "workspace", slug, action)


def _form(org: Organisation, data: object = None, measure: Measure | None = None) -> MeasureForm:
    return MeasureForm(data, categories=selectors.catalogue(), language=org.primary_language, measure=measure)


@login_required
def measure_list(request: AuthedRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug)
    form, filters, groups = _listed(request, org)
    query = QueryDict(mutable=True)
    query.update(filters)
    if sort := form.order():
        query["sort"] = sort  # the downloads list in the page's order
    return render(
        request,
        "measures/list.html",
        {
            "organisation": org,
            "area": "workspace",
            "groups": groups,
            "filter_form": form,
            "filtered": bool(filters),
            "filter_query": f"?{query.urlencode()}" if query else "",
            "shown": sum(len(measures) for _category, measures in groups),
            "total": selectors.measures_of(organisation=org).count() if filters else None,
            "can_manage": has_permission(request.user, org, Action.MANAGE_MEASURES),
        },
    )


def _listed(
    request: AuthedRequest, org: Organisation
) -> tuple[MeasureFilterForm, dict[str, str], list[tuple[MeasureCategory, list[Measure]]]]:
    """The filter (checked) and the measures it lists, by category in the order chosen: for the
    page and its exports."""
    form = MeasureFilterForm(request.GET)
    filters = form.filters()
    return form, filters, selectors.by_category(selectors.measures_of(organisation=org, **filters), sort=form.order())


@login_required
def measure_export(request: AuthedRequest, slug: str, fmt: str) -> HttpResponse:
    """What the measures page lists under the same filter, as CSV or XLSX, with labels not keys."""
    org = _organisation(request, slug)
    _form, _filters, groups = _listed(request, org)
    header = [
        _("Category"),
        _("Measure"),
        _("Measure type"),
        _("Status"),
        _("Since"),
        _("Ended on"),
        _("Basis"),
        _("For"),
        _("Visibility"),
    ]
    rows = [
        [
            str(category.name),
            measure.title,
            measure.type.name if measure.type and measure.type.name != measure.title else "",
            measure.get_status_display(),
            measure.since,
            measure.ended_on,
            measure.get_basis_display(),
            ", ".join(measure.get_target_groups_display()),
            measure.get_visibility_display(),
        ]
        for category, measures in groups
        for measure in measures
    ]
    return export(fmt, f"measures-{org.slug}", _("Measures"), header, rows)


@login_required
def measure_add(request: AuthedRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug, Action.MANAGE_MEASURES)
    form = _form(org, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(actor=request.user, organisation=org, data=form.service_data())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The measure “%(title)s” has been added.") % {"title": measure.title})
            return redirect("workspace:measures", slug=org.slug)
    return render(request, "measures/form.html", {"organisation": org, "area": "workspace", "form": form})


@login_required
def measure_detail(request: AuthedRequest, slug: str, measure_id: int) -> HttpResponse:
    """Everyone in the organisation reads a measure; those who manage measures edit it here."""
    org = _organisation(request, slug)
    measure: Measure = get_object_or_404(
        Measure.objects.select_related("type", "category"), pk=measure_id, organisation=org
    )
    can_manage = has_permission(request.user, org, Action.MANAGE_MEASURES)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = _form(org, request.POST or None, measure) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.measure_update(actor=request.user, measure=measure, data=form.service_data())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect("workspace:measures", slug=org.slug)
    return _detail(request, org, measure, form=form, can_manage=can_manage)


def _detail(
    request: AuthedRequest,
    org: Organisation,
    measure: Measure,
    *,
    form: MeasureForm | None,
    can_manage: bool,
    status_form: StatusForm | None = None,
) -> HttpResponse:
    allowed = sorted(services.ALLOWED_STATUS_CHANGES[MeasureStatus(measure.status)], key=list(MeasureStatus).index)
    return render(
        request,
        "measures/detail.html",
        {
            "organisation": org,
            "area": "workspace",
            "measure": measure,
            "form": form,
            "status_form": status_form or (StatusForm(allowed=allowed) if can_manage else None),
            "can_manage": can_manage,
            "history": selectors.measure_history(user=request.user, measure=measure)[:50],
        },
    )


@login_required
@require_POST
def measure_status(request: AuthedRequest, slug: str, measure_id: int) -> HttpResponse:
    org = _organisation(request, slug, Action.MANAGE_MEASURES)
    measure = get_object_or_404(Measure, pk=measure_id, organisation=org)
    allowed = sorted(services.ALLOWED_STATUS_CHANGES[MeasureStatus(measure.status)], key=list(MeasureStatus).index)
    form = StatusForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            services.measure_change_status(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
            measure.refresh_from_db()
        else:
            messages.success(request, _("The measure is now “%(status)s”.") % {"status": measure.get_status_display()})
            # "#main": the message above, not the form's own anchor, which the redirect would keep
            return redirect(reverse("workspace:measure", args=[org.slug, measure.pk]) + "#main")
    return _detail(request, org, measure, form=_form(org, None, measure), can_manage=True, status_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def measure_delete(request: AuthedRequest, slug: str, measure_id: int) -> HttpResponse:
    """GET asks before deleting; the POST deletes."""
    org = _organisation(request, slug, Action.MANAGE_MEASURES)
    measure = get_object_or_404(Measure, pk=measure_id, organisation=org)
    if request.method == "GET":
        return render(
            request,
            "core/confirm.html",
            {
                "organisation": org,
                "area": "workspace",
                "subnav": "organisations/_subnav.html",
                "current": "measures",
                "question": _("Delete the measure “%(title)s”?") % {"title": measure.title},
                "consequence": _(
                    "Delete only a measure recorded by mistake. A measure that is no longer offered should be "
                    "ended instead, so its history stays."
                ),
                "confirm_label": _("Delete the measure"),
                "cancel_url": reverse("workspace:measure", args=[org.slug, measure.pk]),
            },
        )
    services.measure_delete(actor=request.user, measure=measure)
    messages.success(request, _("The measure “%(title)s” has been deleted.") % {"title": measure.title})
    return redirect("workspace:measures", slug=org.slug)


# --- The catalogue (operator area) ------------------------------------------------------


@login_required
def catalogue(request: AuthedRequest) -> HttpResponse:
    """Every operator member reads the catalogue (VIEW, held in any operator); operator admins extend it."""
    check_operator_action(request.user, Action.VIEW)
    return render(
        request,
        "measures/catalogue.html",
        {
            "categories": selectors.catalogue(include_inactive=True),
            "can_manage": has_operator_permission(request.user, Action.MANAGE_CATALOGUE),
        },
    )


@login_required
def catalogue_entry_form(request: AuthedRequest, key: str | None = None) -> HttpResponse:
    check_operator_action(request.user, Action.MANAGE_CATALOGUE)
    entry = get_object_or_404(MeasureType, key=key) if key else None
    categories = selectors.catalogue()
    form = CatalogueEntryForm(request.POST or None, categories=categories, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                entry = services.catalogue_entry_create(actor=request.user, data=form.service_data())
            else:
                entry = services.catalogue_entry_update(actor=request.user, entry=entry, data=form.service_data())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The catalogue entry “%(name)s” has been saved.") % {"name": entry.name})
            return redirect("operator:catalogue")
    return render(request, "measures/catalogue_form.html", {"form": form, "entry": entry})
