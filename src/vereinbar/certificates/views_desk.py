"""The operator's list of awards (/<lang>/operator/cycles/awards/): search, filters, sorting and
paging in the URL, swapped in place by htmx, and its export (CSV, XLSX) of exactly what is
filtered; one ``DeskList`` as the desk's other lists (``cycles.views.desk``).

The declaration is the view: ``AWARDS.page`` and ``AWARDS.export`` are the page and its
exports, which ``urls_desk`` routes (``AWARDS.paths``); what is particular to the awards list
(its form, its query, its columns, what its empty state says) is set here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, ngettext_lazy

from vereinbar.cycles.desk_list import DeskList

from .desk import award_export_rows, award_filter_choices, award_list
from .desk_forms import AwardFilterForm

AWARDS = DeskList(
    form_class=AwardFilterForm,
    choices=award_filter_choices,
    select=award_list,
    rows=award_export_rows,
    header=(
        gettext_lazy("Number"),
        gettext_lazy("Organisation"),
        gettext_lazy("Region"),
        gettext_lazy("Programme"),
        gettext_lazy("Stage"),
        gettext_lazy("Level"),
        gettext_lazy("Issued on"),
        gettext_lazy("Valid until"),
        gettext_lazy("Status"),
        gettext_lazy("Renewal"),
    ),
    urls=("operator_cycles:awards", "operator_cycles:awards_csv", "operator_cycles:awards_xlsx"),
    template="certificates/desk_awards.html",
    table="certificates/_desk_awards_table.html",
    submit_label=gettext_lazy("Show awards"),
    found=ngettext_lazy("%(count)s award found", "%(count)s awards found", "number"),
    empty=gettext_lazy(
        "No award is in force. An award is granted by the decision that ends a cycle, and appears here with its"
        " certificate; ended ones are under All."
    ),
    export_title=gettext_lazy("Awards"),
    object_name="awards",
    scope=(
        gettext_lazy("Awards in force."),
        gettext_lazy("Show all, including expired, revoked and superseded"),
        gettext_lazy("All awards, including ended ones."),
        gettext_lazy("Show only those in force"),
    ),
)
