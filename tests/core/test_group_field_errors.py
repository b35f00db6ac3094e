"""A group of options (checkboxes, radios) shows its errors as a single field does: below its
legend, at full width, above the options. KERN floats the legend, so the errors stand in their
own block that clears it (core/form_templates/django/forms/field.html), inside the fieldset, whose
aria-describedby names them for screen readers."""

import re

from django import forms
from django.utils import translation


class EndpointLikeForm(forms.Form):
    url = forms.CharField(label="URL")
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[("a", "Award granted"), ("b", "Award revoked")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Which messages to send.",
    )


def _fieldset(html: str) -> str:
    found = re.search(r"<fieldset\b.*?</fieldset>", html, re.S)
    assert found
    return found.group(0)


def test_a_groups_error_stands_below_its_legend_and_above_its_options():
    with translation.override("en"):
        fieldset = _fieldset(str(EndpointLikeForm(data={"url": "https://example.org"})))
    legend = fieldset.index("</legend>")
    hint = fieldset.index('id="id_events_helptext"')
    errors = fieldset.index('<div class="kern-fieldset__errors"><div class="errorlist" id="id_events_error">')
    options = fieldset.index('class="kern-fieldset__body')
    assert legend < hint < errors < options
    assert "This field is required." in fieldset[errors:options]


def test_a_groups_error_is_named_by_its_fieldset():
    with translation.override("en"):
        fieldset = _fieldset(str(EndpointLikeForm(data={"url": "https://example.org"})))
    opening = fieldset[: fieldset.index(">") + 1]
    assert 'aria-describedby="id_events_helptext id_events_error"' in opening


def test_a_group_without_an_error_has_no_empty_error_block():
    with translation.override("en"):
        html = str(EndpointLikeForm(data={"url": "https://example.org", "events": ["a"]}))
    assert "kern-fieldset__errors" not in html
