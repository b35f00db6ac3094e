"""The API's answer to a registration says in a field, not only in its text, whether the
account's address still waits for its link, and the schema documents the field."""

import pytest

from tests.accounts.test_email_change_confirmed import API_REGISTRATION

pytestmark = pytest.mark.django_db


def test_a_new_account_is_told_its_address_awaits_the_link(client):
    response = client.post("/api/v1/organisations/registrations", API_REGISTRATION, content_type="application/json")
    assert response.status_code == 201
    answer = response.json()
    assert answer["email_confirmation"] == "pending"
    assert answer["account"]["email"] == "ria@zorgzaam.example"


def test_an_invited_account_registering_another_employer_is_confirmed(client, coordinator):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    body = {key: API_REGISTRATION[key] for key in ("name", "kind", "country")}
    response = client.post("/api/v1/organisations/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["email_confirmation"] == "confirmed"
    assert "First confirm" not in response.json()["next"]


def test_the_schema_documents_the_field(client):
    schema = client.get("/api/v1/openapi.json").json()
    answer = schema["paths"]["/api/v1/organisations/registrations"]["post"]["responses"]["201"]
    name = answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    field = schema["components"]["schemas"][name]["properties"]["email_confirmation"]
    assert field["enum"] == ["pending", "confirmed"]
    assert "approve" in field["description"]
    assert "email_confirmation" in schema["components"]["schemas"][name]["required"]
