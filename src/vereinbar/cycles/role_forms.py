"""The form that names a person of the organisation for a programme role (format 2 ``roles``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vereinbar.accounts.models import User

from .services.roles import EMPLOYER_ROLES


class RoleAssignForm(forms.Form):
    role = forms.CharField(widget=forms.HiddenInput)
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), empty_label=_("– choose –"))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = User.objects.filter(
            memberships__organisation=organisation, memberships__role__in=EMPLOYER_ROLES, is_active=True
        ).order_by("full_name", "email")
        field.label_from_instance = lambda user: user.full_name or user.email
