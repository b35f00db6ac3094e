"""The form that names a person of the organisation for a programme role (format 2 ``roles``)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vereinbar.accounts.models import User
from vereinbar.organisations.models import Organisation

from .services.roles import EMPLOYER_ROLES


def role_candidates(organisation: Organisation) -> QuerySet[User]:
    """Who can be named for a programme role: the organisation's active employer-side members."""
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role__in=EMPLOYER_ROLES, is_active=True
    ).order_by("full_name", "email")


class RoleAssignForm(forms.Form):
    role = forms.CharField(widget=forms.HiddenInput)
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), empty_label=_("– choose –"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # each person shows as str(user): their name, else their e-mail address
        cast("forms.ModelChoiceField[User]", self.fields["user"]).queryset = role_candidates(organisation)
