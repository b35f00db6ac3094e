"""A password's rules are the field's hint, as any hint: below the label, named by the field's
aria-describedby, before its errors and the field (core/form_templates/django/forms/field.html).
Being a list, they would otherwise stand apart with a list's margins above and below, far from
the field they describe: main.css takes those off inside a hint."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from vereinbar.organisations.forms import RegistrationForm

CSS = Path(__file__).resolve().parents[2] / "src" / "vereinbar" / "static" / "vereinbar" / "css" / "main.css"


def _password_group(form: RegistrationForm) -> str:
    html = str(form)
    found = re.search(r'<label class="kern-label" for="id_password">.*?<input [^>]*id="id_password">', html, re.S)
    assert found
    return found.group(0)


def test_the_password_rules_are_the_fields_hint_below_its_label():
    with translation.override("de"):
        group = _password_group(RegistrationForm(with_account=True))
    hint = group.index('<div class="kern-hint" id="id_password_helptext"><ul>')
    assert "mindestens 10 Zeichen" in group[hint:]
    assert 'aria-describedby="id_password_helptext"' in group[hint:]


def test_a_refused_password_shows_its_error_between_the_rules_and_the_field():
    data = {"name": "Stadt Beispiel", "password": "kurz", "password_again": "kurz"}
    with translation.override("de"):
        form = RegistrationForm(data=data, with_account=True)
        form.is_valid()
        group = _password_group(form)
    hint, error, field = (
        group.index(mark) for mark in ('id="id_password_helptext"', 'id="id_password_error"', "<input")
    )
    assert hint < error < field
    assert 'aria-describedby="id_password_helptext id_password_error"' in group[field:]


def test_a_list_in_a_hint_has_no_margins_of_its_own():
    rule = re.search(r"\.kern-hint ul\s*\{([^}]*)\}", CSS.read_text(encoding="utf-8"))
    assert rule and re.search(r"(^|;|\s)margin:\s*0\b", rule.group(1))
