"""The filter form of the operator's list of awards: a GET form whose state is the URL, as the
desk's other lists (``cycles.desk_forms``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinbar.cycles.desk import FilterChoices
from vereinbar.cycles.desk_forms import DATE, DeskFilterForm, any_choice, organisation_field, search_field, size_field

from .desk import AWARD_SORTS, AwardQuery
from .models import AwardStatus

AWARD_SORT_LABELS = {
    "expiry": _("Valid until (soonest first)"),
    "organisation": _("Organisation (A–Z)"),
    "-issued": _("Issued on (newest first)"),
}

# The status filter: the list opens on the awards in force; "all" adds the ended ones.
STATUS_CHOICES = [
    (AwardStatus.VALID, _("In force")),
    ("", _("All, including ended ones")),
    *((value, label) for value, label in AwardStatus.choices if value != AwardStatus.VALID),
]

RENEWAL_CHOICES = [("none", _("none applied for yet")), ("running", _("applied for or in progress"))]


class AwardFilterForm(DeskFilterForm):
    q = search_field(_("An employer's name or town, or an award number."))
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    region = forms.ChoiceField(label=_("Region"), required=False)
    expires_from = forms.DateField(label=_("Expires from"), required=False, widget=DATE)
    expires_to = forms.DateField(label=_("Expires until"), required=False, widget=DATE)
    renewal = forms.ChoiceField(label=_("Renewal"), required=False, choices=any_choice(RENEWAL_CHOICES))
    organisation = organisation_field()
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(key, AWARD_SORT_LABELS[key]) for key in AWARD_SORTS]
    )
    size = size_field()

    FILTERS = ("q", "programme", "stage", "status", "region", "expires_from", "expires_to", "renewal", "organisation")
    RANGE = ("expires_from", "expires_to")
    query_class = AwardQuery
    default_sort = "expiry"
    DEFAULTS = {"status": AwardStatus.VALID}  # the list opens on the awards in force

    def __init__(self, data: Any, *, choices: FilterChoices) -> None:
        super().__init__(data)
        self.choices_offer(programme=choices.programmes, stage=choices.stages, region=choices.regions)
