"""Forms of the endpoint pages. They only parse input; the services check and change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import EventType, events_offered


class EventsField(forms.MultipleChoiceField):
    """The events offered as checkboxes. A value not offered (a forged or outdated form) is
    refused by its label, or without one when it names no event at all: never by its key."""

    def validate(self, value: Any) -> None:
        labels = dict(EventType.choices)
        refused = [item for item in value if not self.valid_value(item)]
        if known := [labels[item] for item in refused if item in labels]:
            raise ValidationError(
                _("Your organisation does not receive the event “%(event)s”. Choose among the events listed."),
                code="invalid_choice",
                params={"event": known[0]},
            )
        if refused:
            raise ValidationError(
                _("The form named an event that does not exist. Choose among the events listed."),
                code="invalid_choice",
            )
        super().validate(value)


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
    events = EventsField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = self.fields["events"]
        assert isinstance(events, EventsField)
        events.choices = events_offered(organisation)


class EndpointChangeForm(EndpointForm):
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive endpoint receives no messages.")
    )
