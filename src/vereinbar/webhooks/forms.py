"""Forms of the endpoint pages. They only parse input; the services check and change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventType, events_offered


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
        error_messages={
            "required": _("Choose at least one event."),
            "invalid_choice": _(
                "Your organisation does not receive the event %(value)s. Choose among the events listed."
            ),
        },
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = self.fields["events"]
        assert isinstance(events, forms.MultipleChoiceField)
        events.choices = events_offered(organisation)


class EndpointChangeForm(EndpointForm):
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive endpoint receives no messages.")
    )
