"""Labels take no colon, whoever writes them: a field's label stands above its box in KERN's
layout, as the hand-written labels and the checkboxes' do, so a form rendered by Django
(``{{ form }}``) shows them the same way (core/form_renderer.py)."""

import re

import pytest
from django import forms
from django.utils import translation


class TokenLikeForm(forms.Form):
    name = forms.CharField(label="Name")
    read_only = forms.BooleanField(label="Read only", required=False)
    kinds = forms.MultipleChoiceField(label="Kinds", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)


def _labels(html: str) -> list[str]:
    """The text of every label and legend of a page."""
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r"<(?:label|legend)\b[^>]*>(.*?)</(?:label|legend)>", html, re.S)
    ]


def test_no_label_of_a_form_ends_in_a_colon():
    with translation.override("en"):
        html = str(TokenLikeForm())
    assert '<label class="kern-label" for="id_read_only">Read only</label>' in html
    assert 'for="id_name">Name</label>' in html
    assert "Kinds" in _labels(html)
    assert not [label for label in _labels(html) if label.endswith(":")]


def test_a_field_that_names_its_own_suffix_keeps_it():
    form = TokenLikeForm()
    form.fields["name"].label_suffix = " →"
    assert 'for="id_name">Name →</label>' in str(form)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_sign_in_and_a_coordinator_form_have_no_colons(client, login, coordinator, employer_org, language):
    sign_in = _labels(client.get(f"/{language}/accounts/login/").content.decode())
    assert sign_in and not [label for label in sign_in if label.endswith(":")]
    profile = login(coordinator).get(f"/{language}/workspace/{employer_org.slug}/profile/")
    labels = _labels(profile.content.decode())
    assert len(labels) > 5, labels
    assert not [label for label in labels if label.endswith(":")], labels
