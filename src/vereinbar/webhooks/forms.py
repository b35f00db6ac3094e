"""Forms of the endpoint pages. They only parse input; the services check and change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventType


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("The address of your system that receives the messages, starting with https://."),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False, help_text=_("For example the system's name.")
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )


class EndpointChangeForm(EndpointForm):
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive endpoint receives no messages.")
    )
