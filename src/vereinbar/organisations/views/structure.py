"""Units (the tree of departments and offices) and contacts. Members read, editors change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from vereinbar.core.types import AuthedRequest

from .. import selectors, services
from ..forms import ContactForm, UnitForm
from ..models import Contact, Organisation, Unit
from ..permissions import Action, has_permission
from .common import form_errors_from, organisation_in_area


def _confirm(request: AuthedRequest, org: Organisation, area: str, current: str, **question: str) -> HttpResponse:
    """The page that asks before a deletion, under the organisation's sub-navigation."""
    context = {"organisation": org, "area": area, "subnav": "organisations/_subnav.html", "current": current}
    return render(request, "core/confirm.html", context | question)


# --- Units ------------------------------------------------------------------------------


def _why_not_deletable(unit: Unit, sub_units: int) -> str:
    """Why a unit with sub-units cannot be deleted yet, and what to do first."""
    return ngettext(
        "“%(name)s” has a sub-unit. Move it elsewhere (open it and change “Part of”) or delete it; "
        "then this unit can be deleted.",
        "“%(name)s” has %(count)s sub-units. Move them elsewhere (open each and change “Part of”) or "
        "delete them; then this unit can be deleted.",
        sub_units,
    ) % {"name": unit.name, "count": sub_units}


@login_required
def units(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    org = organisation_in_area(request, area, slug)
    can_edit = has_permission(request.user, org, Action.EDIT_PROFILE)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    nodes = selectors.units_tree(organisation=org)
    form = UnitForm(request.POST or None, nodes=nodes) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, organisation=org, **form.service_arguments())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The unit “%(name)s” has been added.") % {"name": unit.name})
            return redirect(f"{area}:units", slug=org.slug)
    return render(
        request,
        "organisations/units.html",
        {
            "organisation": org,
            "area": area,
            "roots": [n for n in nodes if n.depth == 0],
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
def unit_edit(request: AuthedRequest, area: str, slug: str, unit_id: int) -> HttpResponse:
    org = organisation_in_area(request, area, slug, Action.EDIT_PROFILE)
    unit = get_object_or_404(Unit, pk=unit_id, organisation=org)
    nodes = selectors.units_tree(organisation=org)
    exclude = {unit.pk} | selectors.descendants_of(unit=unit)
    form = UnitForm(
        request.POST or None, nodes=nodes, exclude=exclude, initial={"name": unit.name, "parent": unit.parent_id}
    )
    sub_units = next(node.children for node in nodes if node.unit.pk == unit.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.service_arguments())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The unit has been saved."))
            return redirect(f"{area}:units", slug=org.slug)
    context = {"organisation": org, "area": area, "unit": unit, "form": form, "sub_units": sub_units}
    if sub_units:
        context["not_deletable"] = _why_not_deletable(unit, len(sub_units))
    return render(request, "organisations/unit_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_delete(request: AuthedRequest, area: str, slug: str, unit_id: int) -> HttpResponse:
    """GET asks before deleting; the POST deletes."""
    org = organisation_in_area(request, area, slug, Action.EDIT_PROFILE)
    unit = get_object_or_404(Unit, pk=unit_id, organisation=org)
    if request.method == "GET":
        sub_units = unit.children.count()
        return _confirm(
            request,
            org,
            area,
            "units",
            question=_("Delete the unit “%(name)s”?") % {"name": unit.name},
            # the service refuses a unit with sub-units: no button that only leads to an error
            consequence=_why_not_deletable(unit, sub_units)
            if sub_units
            else _("Only a unit without sub-units can be deleted. Its contacts are kept, without a unit."),
            confirm_label="" if sub_units else _("Delete the unit"),
            cancel_url=reverse(f"{area}:unit_edit", args=[org.slug, unit.pk]),
        )
    try:
        services.unit_delete(actor=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{area}:unit_edit", slug=org.slug, unit_id=unit.pk)
    messages.success(request, _("The unit “%(name)s” has been deleted.") % {"name": unit.name})
    return redirect(f"{area}:units", slug=org.slug)


# --- Contacts ---------------------------------------------------------------------------


@login_required
def contacts(request: AuthedRequest, area: str, slug: str) -> HttpResponse:
    org = organisation_in_area(request, area, slug)
    return render(
        request,
        "organisations/contacts.html",
        {
            "organisation": org,
            "area": area,
            "contacts": selectors.contacts_of(organisation=org),
            "can_edit": has_permission(request.user, org, Action.EDIT_PROFILE),
        },
    )


@login_required
def contact_form(request: AuthedRequest, area: str, slug: str, contact_id: int | None = None) -> HttpResponse:
    org = organisation_in_area(request, area, slug, Action.EDIT_PROFILE)
    contact = get_object_or_404(Contact, pk=contact_id, organisation=org) if contact_id else None
    form = ContactForm(request.POST or None, instance=contact, nodes=selectors.units_tree(organisation=org))
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                services.contact_create(actor=request.user, organisation=org, data=form.service_data())
            else:
                services.contact_update(actor=request.user, contact=contact, data=form.service_data())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The contact has been saved."))
            return redirect(f"{area}:contacts", slug=org.slug)
    return render(
        request,
        "organisations/contact_form.html",
        {"organisation": org, "area": area, "contact": contact, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: AuthedRequest, area: str, slug: str, contact_id: int) -> HttpResponse:
    """GET asks before deleting; the POST deletes."""
    org = organisation_in_area(request, area, slug, Action.EDIT_PROFILE)
    contact = get_object_or_404(Contact, pk=contact_id, organisation=org)
    if request.method == "GET":
        return _confirm(
            request,
            org,
            area,
            "contacts",
            question=_("Delete the contact “%(name)s”?") % {"name": contact.name},
            consequence=_("Staff and the public no longer see this contact. This cannot be undone."),
            confirm_label=_("Delete the contact"),
            cancel_url=reverse(f"{area}:contacts", args=[org.slug]),
        )
    services.contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("The contact “%(name)s” has been deleted.") % {"name": contact.name})
    return redirect(f"{area}:contacts", slug=org.slug)
