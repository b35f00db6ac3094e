"""A form sent back with errors opens at the first of them (core/form_renderer.py): that field,
or the form-wide error above the fields, takes the focus, so a screen reader starts with what
to put right instead of the page's top or a field that is fine."""

import re

from django import forms
from django.utils import translation


class SignInLikeForm(forms.Form):
    email = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autofocus": True}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    team = forms.ChoiceField(label="Team", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    wrong_pair = False

    def clean(self):
        if self.wrong_pair:
            raise forms.ValidationError("The e-mail address and password do not match.")
        return super().clean()


def _focused(html: str) -> list[str]:
    """The opening tags that carry autofocus, in the page's order (the browser focuses the first)."""
    return [tag for tag in re.findall(r"<[a-z]+\b[^>]*>", html) if re.search(r"\sautofocus[\s>=]", tag)]


def test_an_untouched_form_keeps_its_own_autofocus():
    html = str(SignInLikeForm())
    [tag] = _focused(html)
    assert 'name="email"' in tag


def test_the_first_field_in_error_takes_the_focus_from_the_fields_own_autofocus():
    form = SignInLikeForm(data={"email": "a@example.org", "password": ""})
    with translation.override("en"):
        html = str(form)
    focused = _focused(html)
    assert len(focused) == 1, focused
    assert 'name="password"' in focused[0]
    # the field says it is wrong and which text says why
    assert 'aria-invalid="true"' in focused[0]
    assert "id_password_error" in focused[0]
    assert 'id="id_password_error"' in html


def test_a_choice_in_error_puts_the_focus_on_its_first_option():
    form = SignInLikeForm(data={"email": "a@example.org", "password": "x"})
    html = str(form)
    [first, *rest] = _focused(html)
    assert 'id="id_team_0"' in first
    assert all('name="team"' in tag for tag in rest)


def test_a_form_wide_error_takes_the_focus_and_no_field_does():
    form = SignInLikeForm(data={"email": "a@example.org", "password": "x", "team": "a"})
    form.wrong_pair = True
    with translation.override("en"):
        html = str(form)
    [tag] = _focused(html)
    assert tag.startswith("<div") and 'role="alert"' in tag and 'tabindex="-1"' in tag
    assert html.index("do not match") > html.index(tag)
