"""The operator's lists of employer registrations (/<lang>/operator/registrations/) and of the
employers on their desk (/<lang>/operator/employers/): filters in the URL, paging, htmx, export.
Each is a ``DeskList`` (``vereinbar.cycles.desk_list``), as the cycles list; the templates are
organisations'. Part of the ``operator`` namespace, which ``site/urls_operator.py`` composes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from vereinbar.core.templatetags.country_names import country_name

from ..desk import (
    EmployerQuery,
    RegistrationQuery,
    employer_choices,
    employer_list,
    reader_parties,
    registration_choices,
    registration_list,
)
from ..desk_forms import EmployerFilterForm, RegistrationFilterForm
from ..desk_list import DeskList

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.core.types import AuthedRequest


def registration_rows(*, user: User, query: RegistrationQuery) -> list[list[Any]]:
    return [
        [
            org.name,
            org.get_kind_display(),
            org.city,
            org.region,
            country_name(org.country),
            org.staff_count,
            org.registered_at.date() if org.registered_at else None,
            org.get_status_display(),
            gettext("no") if org.contact_unconfirmed else gettext("yes"),  # registrations_for_review annotates it
        ]
        for org in registration_list(user=user, query=query)
    ]


def employer_rows(*, user: User, query: EmployerQuery) -> list[list[Any]]:
    """Plain values, each country named once: a thousand employers in a tenth of the time."""
    rows = list(
        employer_list(user=user, query=query).values_list(
            "name", "city", "region", "country", "staff_count", "cycle_count", "award_count"
        )
    )
    countries = {code: country_name(code) for code in {row[3] for row in rows}}
    return [
        [name, city, region, countries[country], staff, cycles, awards]
        for name, city, region, country, staff, cycles, awards in rows
    ]


# Self-registered employers, waiting ones first; operator admins only (403/404 otherwise).
REGISTRATIONS = DeskList(
    form_class=RegistrationFilterForm,
    choices=registration_choices,
    select=registration_list,
    rows=registration_rows,
    header=(
        gettext_lazy("Organisation"),
        gettext_lazy("Kind"),
        gettext_lazy("City"),
        gettext_lazy("Region"),
        gettext_lazy("Country"),
        gettext_lazy("Staff"),
        gettext_lazy("Registered"),
        gettext_lazy("Status"),
        gettext_lazy("E-mail address confirmed"),
    ),
    urls=("operator:registrations", "operator:registrations_csv", "operator:registrations_xlsx"),
    template="organisations/registrations.html",
    table="organisations/_desk_registrations_table.html",
    submit_label=gettext_lazy("Show registrations"),
    found=ngettext_lazy("%(count)s registration found", "%(count)s registrations found", "number"),
    empty=gettext_lazy(
        "No registration is awaiting approval. New ones appear here; choose another status to see the "
        "approved and rejected ones."
    ),
    export_title=gettext_lazy("Registrations"),  # a sheet's name holds 31 characters
)


def _employers_page(request: AuthedRequest) -> dict[str, Any]:
    """Whether the reader runs programmes (operator admin, board member) or only audits the
    cycles assigned to them: the page says which employers it lists."""
    return {"runs_programmes": request.user.is_superuser or bool(reader_parties(user=request.user))}


# The employers with a cycle in the reader's programmes (or assigned to them as auditor).
EMPLOYERS = DeskList(
    form_class=EmployerFilterForm,
    choices=employer_choices,
    select=employer_list,
    rows=employer_rows,
    header=(
        gettext_lazy("Organisation"),
        gettext_lazy("City"),
        gettext_lazy("Region"),
        gettext_lazy("Country"),
        gettext_lazy("Staff"),
        gettext_lazy("Cycles"),
        gettext_lazy("Awards in force"),
    ),
    urls=("operator:employers", "operator:employers_csv", "operator:employers_xlsx"),
    template="organisations/desk_employers.html",
    table="organisations/_desk_employers_table.html",
    submit_label=gettext_lazy("Show employers"),
    found=ngettext_lazy("%(count)s employer found", "%(count)s employers found", "number"),
    export_title=gettext_lazy("Employers"),
    object_name="employers",
    page_context=_employers_page,
)
