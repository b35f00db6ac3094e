"""A select's empty choice says what choosing it means: "– choose –" where a choice is needed,
"– none –" where the field is optional and nothing chosen is an answer, whether the form wrote
its empty choice or Django took core's generic one from a model field (core's select.html); an
empty choice with words of its own ("All", "– top level –") keeps them."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vereinbar.organisations.models import Organisation

WORDS = {"de": ("– bitte wählen –", "– keine Angabe –"), "nl": ("– kies –", "– geen –")}


class ProfileLike(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", _("– choose –")), ("town", "Town")])
    status = forms.ChoiceField(label="Status", choices=[("", "All"), ("open", "Open")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # blank=True: Django gives it core's generic empty choice (BLANK_CHOICE_LABEL)
        self.fields.update(forms.fields_for_model(Organisation, fields=["sector"]))


def _empty_choice(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select
    option = re.search(r'<option value=""[^>]*>([^<]*)</option>', select.group(0))
    assert option
    return option.group(1)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_an_optional_selects_empty_choice_says_nothing_is_chosen(language):
    choose, none = WORDS[language]
    with translation.override(language):
        html = str(ProfileLike())
    assert _empty_choice(html, "sector") == none
    assert _empty_choice(html, "kind") == choose


def test_an_empty_choice_with_words_of_its_own_keeps_them():
    with translation.override("de"):
        assert _empty_choice(str(ProfileLike()), "status") == "All"


def test_the_empty_choice_stays_selected_when_nothing_is_chosen():
    with translation.override("de"):
        html = str(ProfileLike(data={"sector": ""}))
    assert re.search(r'<option value="" selected>– keine Angabe –</option>', html)
