"""Registration through the API (issue 14): the same service, rules and approval as the page
/register/; without an account the answer carries a token of the new account."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.api.journey import Caller
from vereinbar.accounts.models import ApiToken, Membership, User
from vereinbar.accounts.services import token_create
from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Organisation, OrganisationStatus

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "name": "Zorgzaam BV",
    "kind": "company",
    "country": "nl",
    "staff_count": 40,
    "full_name": "Ria de Vries",
    "email": "Ria@Zorgzaam.example",
    "password": "a long and unusual passphrase 7",
    "language": "nl",
}


def _post(client: Client, path: str, body: dict, token: str | None = None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"} | ({"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {})
    return client.post(f"/api/v1{path}", body, content_type="application/json", **headers)


def test_a_visitor_registers_an_employer_and_gets_a_token_of_the_new_account(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "/organisations/registrations", ACCOUNT)
    assert response.status_code == 201, response.json()
    answer = response.json()
    organisation = Organisation.objects.get(slug=answer["organisation"]["slug"])
    user = User.objects.get(email="ria@zorgzaam.example")
    assert organisation.status == OrganisationStatus.PENDING and organisation.country == "NL"
    assert answer["organisation"]["coordinators"] == ["ria@zorgzaam.example"]
    assert Membership.objects.get(user=user, organisation=organisation).role == "coordinator"
    assert user.preferred_language == "nl" and user.check_password(ACCOUNT["password"])
    assert answer["account"] == {
        "email": "ria@zorgzaam.example",
        "full_name": "Ria de Vries",
        "preferred_language": "nl",
    }
    assert "First confirm your e-mail address: we have sent a link to ria@zorgzaam.example" in answer["next"]
    # the same history and mail as after the page
    assert Entry.objects.filter(verb="organisation.registered", target_id=str(organisation.pk)).exists()
    assert [message.to for message in mail.outbox] == [["ria@zorgzaam.example"]]
    assert mail.outbox[0].extra_headers["Content-Language"] == "nl"
    # the token is the new account's, shown once, and works at once
    token = ApiToken.objects.get(pk=answer["token"]["id"])
    assert token.user == user and not token.read_only and answer["token"]["token"].startswith("vb_")
    me = Caller(Client(), answer["token"]["token"]).get(f"/organisations/{organisation.slug}")
    assert me["status"] == "pending"


def test_a_pending_employer_cannot_apply_until_the_operator_approves(client, operator_admin, audit):
    answer = _post(client, "/organisations/registrations", ACCOUNT).json()
    slug, registrant = answer["organisation"]["slug"], Caller(Client(), answer["token"]["token"])
    refused = registrant.post("/cycles/", {"organisation": slug, "programme": audit.identifier}, expect=(409,))
    assert refused["message"] == "Only approved employers can apply to a programme."
    operator = Caller(Client(), token_create(user=operator_admin, name="t").secret)
    refused = operator.post(f"/organisations/{slug}/approve", {}, expect=(422,))
    assert "has not confirmed their e-mail address" in str(refused["details"])
    EmailAddress.objects.filter(email=ACCOUNT["email"].lower()).update(verified=True)  # the link was followed
    assert operator.post(f"/organisations/{slug}/approve", {})["status"] == "approved"
    cycle = registrant.post("/cycles/", {"organisation": slug, "programme": audit.identifier}, expect=(201,))
    assert cycle["status"] == "applied"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password": "password"}, "password"),
        ({"email": "viewer@test.example"}, "email"),  # an account exists: it registers with its token
        ({"country": "D1"}, "country"),
        ({"kind": "castle"}, "kind"),
        ({"name": " "}, "name"),
    ],
)
def test_bad_registration_input_is_named_by_field_and_creates_nothing(client, viewer, changes, field):
    before = (Organisation.objects.count(), User.objects.count())
    response = _post(client, "/organisations/registrations", ACCOUNT | changes)
    assert response.status_code == 422, response.json()
    assert field in [item["field"] for item in response.json()["details"]], response.json()
    assert (Organisation.objects.count(), User.objects.count()) == before


def test_a_signed_in_user_registers_another_employer_without_a_new_account(client, coordinator):
    token = token_create(user=coordinator, name="t").secret
    body = {key: ACCOUNT[key] for key in ("name", "kind", "country")}
    response = _post(client, "/organisations/", body, token)
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["token"] is None and answer["account"]["email"] == coordinator.email
    organisation = Organisation.objects.get(slug=answer["organisation"]["slug"])
    assert organisation.status == OrganisationStatus.PENDING
    assert Membership.objects.get(user=coordinator, organisation=organisation).role == "coordinator"


def test_registering_as_a_user_needs_a_token_or_session(client):
    body = {key: ACCOUNT[key] for key in ("name", "kind", "country")}
    assert _post(client, "/organisations/", body).status_code == 401
    assert not Organisation.objects.exists()


def test_registrations_without_an_account_are_limited_per_client_address(client):
    for number in range(20):
        body = ACCOUNT | {"email": f"person{number}@zorgzaam.example", "name": f"Zorgzaam {number}"}
        assert _post(client, "/organisations/registrations", body).status_code == 201
    response = _post(client, "/organisations/registrations", ACCOUNT | {"email": "one-more@zorgzaam.example"})
    assert response.status_code == 429 and response.json()["code"] == "too_many_attempts"
    assert not User.objects.filter(email="one-more@zorgzaam.example").exists()


@pytest.mark.parametrize(("staff", "status"), [(5.0, 201), (5.5, 422), ("5", 422), (True, 422), (0, 422)])
def test_the_staff_count_is_a_whole_number_as_json_schema_means_it(client, coordinator, staff, status):
    token = token_create(user=coordinator, name="t").secret
    body = {key: ACCOUNT[key] for key in ("name", "kind", "country")} | {"staff_count": staff}
    response = _post(client, "/organisations/", body, token)
    assert response.status_code == status, response.json()
    if status == 201:
        assert Organisation.objects.get(slug=response.json()["organisation"]["slug"]).staff_count == 5
