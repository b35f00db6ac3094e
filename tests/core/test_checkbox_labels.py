"""A checkbox's label follows the box and reads as the answer ("Read only"), so it takes no
colon, while the label above a text field does ("Name:")."""

from django import forms
from django.utils import translation


class TokenLikeForm(forms.Form):
    name = forms.CharField(label="Name")
    read_only = forms.BooleanField(label="Read only", required=False)


def test_a_checkbox_label_has_no_colon_and_a_field_label_keeps_it():
    with translation.override("en"):
        html = str(TokenLikeForm())
    assert '<label class="kern-label" for="id_read_only">Read only</label>' in html
    assert "Read only:" not in html
    assert 'for="id_name">Name:</label>' in html
