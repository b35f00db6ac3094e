"""The operator's lists of employer registrations (/<lang>/operator/registrations/) and of the
employers on their desk (/<lang>/operator/employers/): filters in the URL, paging, htmx, export.
The list machinery is the cycles list's (``vereinbar.cycles.views.desk``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinbar.core.templatetags.country_names import country_name
from vereinbar.core.types import AuthedRequest
from vereinbar.cycles.desk import employer_choices, employer_list, registration_choices, registration_list
from vereinbar.cycles.desk_forms import EmployerFilterForm, RegistrationFilterForm
from vereinbar.cycles.views.desk import export, list_context


def _registration_form(request: AuthedRequest) -> RegistrationFilterForm:
    return RegistrationFilterForm(request.GET, choices=registration_choices(user=request.user))


@login_required
def registrations(request: AuthedRequest) -> HttpResponse:
    """Self-registered employers, waiting ones first; operator admins only (403/404 otherwise)."""
    form = _registration_form(request)
    found = registration_list(user=request.user, query=form.query())
    context = list_context(
        request,
        form,
        found,
        list_url=reverse("operator:registrations"),
        csv_url=reverse("operator:registrations_csv"),
        xlsx_url=reverse("operator:registrations_xlsx"),
        table="organisations/_desk_registrations_table.html",
        submit_label=_("Show registrations"),
    )
    count = context["page"].paginator.count
    context["found_label"] = ngettext("%(count)s registration found", "%(count)s registrations found", count) % {
        "count": count
    }
    template = "cycles/_desk_list.html" if getattr(request, "htmx", False) else "organisations/registrations.html"
    return render(request, template, context)


@login_required
def registrations_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    found = registration_list(user=request.user, query=_registration_form(request).query())
    header = [
        _("Organisation"),
        _("Kind"),
        _("City"),
        _("Region"),
        _("Country"),
        _("Staff"),
        _("Registered"),
        _("Status"),
    ]
    rows = [
        [
            org.name,
            org.get_kind_display(),
            org.city,
            org.region,
            country_name(org.country),
            org.staff_count,
            org.registered_at.date() if org.registered_at else None,
            org.get_status_display(),
        ]
        for org in found
    ]
    return export(fmt, "registrations", _("Employer registrations"), header, rows)


def _employer_form(request: AuthedRequest) -> EmployerFilterForm:
    return EmployerFilterForm(request.GET, choices=employer_choices(user=request.user))


@login_required
def employers(request: AuthedRequest) -> HttpResponse:
    """The employers with a cycle in the reader's programmes (or assigned to them as auditor)."""
    form = _employer_form(request)
    found = employer_list(user=request.user, query=form.query())
    context: dict[str, Any] = list_context(
        request,
        form,
        found,
        employers=found,
        list_url=reverse("operator:employers"),
        csv_url=reverse("operator:employers_csv"),
        xlsx_url=reverse("operator:employers_xlsx"),
        table="organisations/_desk_employers_table.html",
        submit_label=_("Show employers"),
    )
    count = context["page"].paginator.count
    context["found_label"] = ngettext("%(count)s employer found", "%(count)s employers found", count) % {"count": count}
    template = "cycles/_desk_list.html" if getattr(request, "htmx", False) else "organisations/desk_employers.html"
    return render(request, template, context)


@login_required
def employers_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    found = employer_list(user=request.user, query=_employer_form(request).query())
    header = [_("Organisation"), _("City"), _("Region"), _("Country"), _("Staff"), _("Cycles"), _("Awards in force")]
    rows = [
        [
            org.name,
            org.city,
            org.region,
            country_name(org.country),
            org.staff_count,
            org.cycle_count,
            org.award_count,
        ]
        for org in found
    ]
    return export(fmt, "employers", _("Employers"), header, rows)
