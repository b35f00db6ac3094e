"""Django's own messages on our pages are in the page's language: Django 6.1 rewrote the password
length error and its Dutch catalogue lacks the new text, so a Dutch page showed the German one
(the default language's catalogue is the fallback). The project's catalogue carries it
(``accounts/django_texts.py``); these tests find the next such text among the password rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# A password that breaks each rule of settings.AUTH_PASSWORD_VALIDATORS, for a user with this address.
BREAKING = {
    "UserAttributeSimilarityValidator": "annemarie.jansen",
    "MinimumLengthValidator": "kort",
    "CommonPasswordValidator": "password123",
    "NumericPasswordValidator": "4711081547110815",
}


def _messages(language: str, validator, password: str, user) -> list[str]:  # type: ignore[no-untyped-def]
    with translation.override(language):
        try:
            validator.validate(password, user)
        except ValidationError as error:
            return list(error.messages)
        return []


def test_every_password_rule_speaks_dutch_and_german(django_user_model):
    user = django_user_model(email="annemarie.jansen@leiderdorp.example")
    validators = get_default_password_validators()
    assert {type(v).__name__ for v in validators} == set(BREAKING)
    for validator in validators:
        password = BREAKING[type(validator).__name__]
        english, german, dutch = (_messages(code, validator, password, user) for code in ("en", "de", "nl"))
        assert english, f"{type(validator).__name__} accepted {password!r}"
        assert german != english, (type(validator).__name__, german)
        assert dutch != english and dutch != german, (type(validator).__name__, dutch)
        with translation.override("nl"):
            help_text = validator.get_help_text()
        with translation.override("de"):
            assert help_text != validator.get_help_text()


def test_a_short_password_is_refused_in_dutch_on_the_dutch_page(client, coordinator):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/nl/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Kort-1", "new_password2": "Kort-1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten." in page
    assert "zu kurz" not in page and "too short" not in page
