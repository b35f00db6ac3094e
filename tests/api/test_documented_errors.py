"""The errors as docs/api.md describes them to an integrator: 401 for a request without a valid
credential (also a write), a CSRF refusal that says what is missing, 422 details in the
language asked for, 429 with Retry-After; and the directory's page parameter, which like every
filter is never an error (docs/open-data.md)."""

from __future__ import annotations

import pytest
from django.test import Client

from vereinbar.accounts.api_auth import TOKEN_FAILURES
from vereinbar.core.ratelimit import forget_all

pytestmark = pytest.mark.django_db


def test_a_write_without_credentials_is_401_naming_the_scheme(client):
    answer = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_a_write_with_a_wrong_token_is_401_not_a_csrf_refusal(client):
    answer = client.post(
        "/api/v1/me/tokens", {"name": "x"}, content_type="application/json", headers={"Authorization": "Bearer vb_x_y"}
    )
    assert answer.status_code == 401


def test_a_session_write_without_the_csrf_token_says_what_is_missing(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 403
    assert answer.json()["code"] == "csrf_failed"
    assert "X-CSRFToken" in answer.json()["message"]


@pytest.mark.parametrize(
    ("language", "required", "date"),
    [
        ("en", "This field is required.", "Enter a date as YYYY-MM-DD."),
        ("de", "Dieses Feld ist erforderlich.", "Geben Sie ein Datum als JJJJ-MM-TT an."),
        ("nl", "Dit veld is verplicht.", "Geef een datum als JJJJ-MM-DD."),
    ],
)
def test_invalid_fields_are_explained_in_the_language_asked_for(client, coordinator, language, required, date):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.post(
        "/api/v1/cycles/",
        {"organisation": "x", "applied_on": "tomorrow"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert answer.status_code == 422
    details = {detail["field"]: detail["message"] for detail in answer.json()["details"]}
    assert details == {"programme": required, "applied_on": date}


def test_a_blank_text_is_explained_not_shown_as_a_pattern(client, coordinator):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.post(
        "/api/v1/cycles/",
        {"organisation": " ", "programme": "x"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    [detail] = answer.json()["details"]
    assert detail["message"] == "This field must not be empty or only spaces."


def test_too_many_wrong_tokens_say_when_to_try_again(client):
    forget_all()
    try:
        for number in range(TOKEN_FAILURES.limit):
            client.get("/api/v1/me", headers={"Authorization": f"Bearer vb_wrong{number}"})
        answer = client.get("/api/v1/me", headers={"Authorization": "Bearer vb_wrong"})
    finally:
        forget_all()
    assert answer.status_code == 429
    assert answer["Retry-After"] == str(TOKEN_FAILURES.window)


@pytest.mark.parametrize("page", ["abc", "0", "-3"])
def test_a_directory_page_that_is_no_page_number_is_the_first(client, page):
    answer = client.get("/api/v1/directory/", {"page": page})
    assert answer.status_code == 200
    assert answer.json()["page"] == 1
