"""Managing endpoints: the coordinator (workspace) and the operator admin (operator area) add,
change, re-key, delete endpoints and send messages again, on the pages and through the API;
other members get 403, outsiders 404, and nobody reaches another organisation's endpoint."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vereinbar.accounts.services import token_create
from vereinbar.activity.models import Entry
from vereinbar.webhooks.models import Delivery, DeliveryStatus, Endpoint, EventType
from vereinbar.webhooks.services import endpoint_create, endpoint_update

pytestmark = pytest.mark.django_db

WORKSPACE = "/en/workspace/kreis-musterstadt/webhooks/"
OPERATOR = "/en/operator/programme-operator/webhooks/"
API = "/api/v1/organisations/kreis-musterstadt/webhooks"


@pytest.fixture
def endpoint(employer_org, coordinator):
    return endpoint_create(
        actor=coordinator,
        organisation=employer_org,
        url="https://hooks.example.org/vereinbar",
        events=[EventType.AWARD_GRANTED],
    )


def test_the_coordinator_adds_an_endpoint_and_sees_its_secret(login, coordinator, employer_org):
    client = login(coordinator)
    page = client.get(WORKSPACE)
    assert page.status_code == 200 and b"Add an endpoint" in page.content
    response = client.post(
        WORKSPACE,
        {
            "url": "https://hooks.example.org/in",
            "description": "HR system",
            "events": ["award.granted", "survey.closed"],
        },
    )
    endpoint = Endpoint.objects.get(organisation=employer_org)
    assert response.status_code == 302 and response["Location"].endswith(f"/webhooks/{endpoint.pk}/")
    assert endpoint.events == ["award.granted", "survey.closed"] and endpoint.secret.startswith("whsec_")
    detail = client.get(response["Location"])
    assert endpoint.secret in detail.content.decode() and "HR system" in detail.content.decode()
    assert Entry.objects.filter(verb="webhook.created", organisation=employer_org).exists()
    assert WORKSPACE.encode() in client.get("/en/workspace/kreis-musterstadt/").content  # in the navigation


def test_a_private_address_is_refused_next_to_the_field(login, coordinator, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    response = login(coordinator).post(WORKSPACE, {"url": "https://192.168.1.5/hook", "events": ["award.granted"]})
    assert response.status_code == 400
    assert "public addresses" in str(response.context["form"].errors["url"])
    assert not Endpoint.objects.exists()


def test_no_event_chosen_is_refused(login, coordinator):
    response = login(coordinator).post(WORKSPACE, {"url": "https://hooks.example.org/in"})
    assert response.status_code == 400 and "events" in response.context["form"].errors


def test_an_employer_is_offered_only_the_events_it_receives(login, coordinator, operator_admin):
    employer = login(coordinator).get(WORKSPACE).content.decode()
    assert "Award granted" in employer and "Survey closed" in employer
    assert "Employer registration" not in employer and "registration.submitted" not in employer
    operator = login(operator_admin).get(OPERATOR).content.decode()
    assert "Employer registration submitted" in operator and "Employer registration rejected" in operator


def test_an_employer_asking_for_a_registration_event_is_told_next_to_the_field(login, coordinator):
    response = login(coordinator).post(
        WORKSPACE, {"url": "https://hooks.example.org/in", "events": ["award.granted", "registration.approved"]}
    )
    assert response.status_code == 400 and not Endpoint.objects.exists()
    errors = str(response.context["form"].errors["events"])
    assert "does not receive the event “Employer registration approved”" in errors
    assert "registration.approved" not in errors
    assert "Choose among the events listed." in response.content.decode()


def test_a_forged_unknown_event_is_refused_in_words_not_by_its_key(login, coordinator):
    response = login(coordinator).post(WORKSPACE, {"url": "https://hooks.example.org/in", "events": ["x.forged"]})
    assert response.status_code == 400 and not Endpoint.objects.exists()
    errors = str(response.context["form"].errors["events"])
    assert "an event that does not exist" in errors and "x.forged" not in response.content.decode()


def test_the_service_refuses_an_employer_a_registration_event_and_changes_nothing(coordinator, endpoint):
    with pytest.raises(ValidationError) as refused:
        endpoint_create(
            actor=coordinator,
            organisation=endpoint.organisation,
            url="https://hooks.example.org/other",
            events=[EventType.REGISTRATION_SUBMITTED],
        )
    assert refused.value.message_dict["events"] == [
        "Your organisation does not receive these events: Employer registration submitted."
    ]
    with pytest.raises(ValidationError):
        endpoint_update(
            actor=coordinator,
            endpoint=endpoint,
            url="https://hooks.example.org/moved",
            events=[EventType.AWARD_GRANTED, EventType.REGISTRATION_REJECTED],
            description="",
            is_active=True,
        )
    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example.org/vereinbar" and endpoint.events == ["award.granted"]
    assert Endpoint.objects.count() == 1


def test_the_operator_admin_manages_the_operators_endpoints(login, operator_admin, operator_org):
    client = login(operator_admin)
    assert client.get(OPERATOR).status_code == 200
    client.post(OPERATOR, {"url": "https://ops.example.org/in", "events": ["registration.submitted"]})
    assert Endpoint.objects.filter(organisation=operator_org).count() == 1


@pytest.mark.parametrize("who", ["contributor", "viewer"])
def test_other_members_may_not_manage_webhooks(login, request, who, endpoint):
    client = login(request.getfixturevalue(who))
    assert client.get(WORKSPACE).status_code == 403
    assert client.get(f"{WORKSPACE}{endpoint.pk}/").status_code == 403
    assert b"/webhooks/" not in client.get("/en/workspace/kreis-musterstadt/").content  # no link either


@pytest.mark.parametrize("who", ["outsider", "auditor"])
def test_outsiders_do_not_see_that_the_endpoints_exist(login, request, who, endpoint):
    client = login(request.getfixturevalue(who))
    assert client.get(WORKSPACE).status_code == 404
    assert client.get(f"{WORKSPACE}{endpoint.pk}/").status_code == 404
    assert client.post(f"{WORKSPACE}{endpoint.pk}/delete/").status_code == 404
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_an_endpoint_of_another_organisation_is_not_found_under_ones_own(login, outsider, endpoint):
    client = login(outsider)
    assert client.get(f"/en/workspace/gemeente-anderdorp/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/en/workspace/gemeente-anderdorp/webhooks/{endpoint.pk}/secret/").status_code == 404


def test_the_workspace_of_an_operator_has_no_webhook_pages(login, operator_admin):
    assert login(operator_admin).get("/en/workspace/programme-operator/webhooks/").status_code == 404


def test_the_coordinator_changes_rekeys_and_deletes_an_endpoint(login, coordinator, endpoint):
    client = login(coordinator)
    old_secret = endpoint.secret
    client.post(
        f"{WORKSPACE}{endpoint.pk}/",
        {"url": endpoint.url, "description": "Paused", "events": ["award.revoked"], "is_active": ""},
    )
    endpoint.refresh_from_db()
    assert endpoint.events == ["award.revoked"] and not endpoint.is_active and endpoint.description == "Paused"
    client.post(f"{WORKSPACE}{endpoint.pk}/secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret and endpoint.secret.startswith("whsec_")
    assert client.post(f"{WORKSPACE}{endpoint.pk}/delete/").status_code == 302
    assert not Endpoint.objects.exists()
    verbs = set(Entry.objects.filter(verb__startswith="webhook.").values_list("verb", flat=True))
    assert verbs == {"webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.deleted"}


def test_the_page_lists_the_latest_messages_and_sends_a_failed_one_again(
    login, coordinator, endpoint, django_capture_on_commit_callbacks
):
    failed = Delivery.objects.create(
        endpoint=endpoint,
        event_type=EventType.AWARD_GRANTED,
        subject="award/2025-00001",
        body="{}",
        status=DeliveryStatus.FAILED,
        attempts=30,
        response_code=500,
        last_error="HTTP 500",
    )
    client = login(coordinator)
    page = client.get(f"{WORKSPACE}{endpoint.pk}/").content.decode()
    assert "Award granted" in page and "award/2025-00001" in page and "500" in page and "Send again" in page
    with django_capture_on_commit_callbacks():  # the worker is not run here
        client.post(f"{WORKSPACE}{endpoint.pk}/deliveries/{failed.pk}/redeliver/")
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.QUEUED and failed.attempts == 0


# --- API ----------------------------------------------------------------------------------


def _headers(user) -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='hooks').secret}",
        "HTTP_ACCEPT_LANGUAGE": "en",
    }


def test_the_api_creates_reads_changes_and_deletes_an_endpoint(client, coordinator):
    headers = _headers(coordinator)
    created = client.post(
        API,
        {"url": "https://hooks.example.org/api", "events": ["phase.submitted", "phase.returned"]},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["events"] == ["phase.submitted", "phase.returned"]
    listed = client.get(API, **headers).json()
    assert [item["id"] for item in listed] == [body["id"]] and "secret" not in listed[0]
    changed = client.patch(f"{API}/{body['id']}", {"is_active": False}, content_type="application/json", **headers)
    assert changed.status_code == 200 and changed.json()["is_active"] is False
    assert changed.json()["url"] == "https://hooks.example.org/api"
    assert client.get(f"{API}/{body['id']}/deliveries", **headers).json() == []
    assert client.delete(f"{API}/{body['id']}", **headers).status_code == 204


def test_the_api_refuses_a_loopback_address_and_an_unknown_event(client, coordinator, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    headers = _headers(coordinator)
    loopback = client.post(
        API, {"url": "https://127.0.0.1/x", "events": ["award.granted"]}, content_type="application/json", **headers
    )
    assert loopback.status_code == 422 and loopback.json()["details"][0]["field"] == "url"
    unknown = client.post(
        API, {"url": "https://a.example.org/x", "events": ["award.eaten"]}, content_type="application/json", **headers
    )
    assert unknown.status_code == 422
    body = {"url": "https://a.example.org/x", "events": ["registration.submitted"]}
    operators_only = client.post(API, body, content_type="application/json", **headers)
    assert operators_only.status_code == 422 and operators_only.json()["details"][0]["field"] == "events"
    assert not Endpoint.objects.exists()


def test_the_api_answers_others_before_reading_the_body(client, viewer, outsider, endpoint):
    for user, status in ((viewer, 403), (outsider, 404)):
        headers = _headers(user)
        assert client.get(API, **headers).status_code == status
        assert client.post(API, "not json", content_type="application/json", **headers).status_code == status
        assert client.get(f"{API}/{endpoint.pk}", **headers).status_code == status
    outsider_api = "/api/v1/organisations/gemeente-anderdorp/webhooks"
    assert client.get(f"{outsider_api}/{endpoint.pk}", **_headers(outsider)).status_code == 404


def test_the_api_sends_a_message_again_only_when_it_is_not_waiting(
    client, coordinator, endpoint, django_capture_on_commit_callbacks
):
    waiting = Delivery.objects.create(endpoint=endpoint, event_type=EventType.AWARD_GRANTED, subject="a", body="{}")
    headers = _headers(coordinator)
    url = f"{API}/{endpoint.pk}/deliveries/{waiting.pk}/redeliver"
    assert client.post(url, **headers).json()["code"] == "not_allowed_now"
    Delivery.objects.filter(pk=waiting.pk).update(status=DeliveryStatus.DELIVERED)
    with django_capture_on_commit_callbacks():
        again = client.post(url, **headers)
    assert again.status_code == 200 and again.json()["status"] == "queued"
    assert again.json()["message_id"] == waiting.message_id


@pytest.fixture
def endpoint_with_registrations(endpoint):
    """An employer's endpoint stored before registration events became the operators' only."""
    Endpoint.objects.filter(pk=endpoint.pk).update(events=["award.granted", "registration.approved"])
    endpoint.refresh_from_db()
    return endpoint


def test_an_api_patch_leaving_out_events_drops_the_ones_no_longer_received(
    client, coordinator, endpoint_with_registrations
):
    url = f"{API}/{endpoint_with_registrations.pk}"
    changed = client.patch(url, {"description": "HR system"}, content_type="application/json", **_headers(coordinator))
    assert changed.status_code == 200, changed.content
    assert changed.json()["description"] == "HR system" and changed.json()["events"] == ["award.granted"]
    entry = Entry.objects.filter(verb="webhook.updated").get()
    assert entry.before["events"] == ["Award granted", "Employer registration approved"]
    assert entry.after["events"] == ["Award granted"]


def test_an_api_patch_of_an_endpoint_left_with_no_event_is_refused_at_events(client, coordinator, endpoint):
    Endpoint.objects.filter(pk=endpoint.pk).update(events=["registration.approved"])
    changed = client.patch(
        f"{API}/{endpoint.pk}", {"is_active": False}, content_type="application/json", **_headers(coordinator)
    )
    assert changed.status_code == 422 and changed.json()["details"][0]["field"] == "events"
    assert "no longer receives any of this endpoint's events" in changed.json()["details"][0]["message"]


def test_the_page_tells_of_events_no_longer_received_and_saving_removes_them(
    login, coordinator, endpoint_with_registrations
):
    client = login(coordinator)
    page = f"{WORKSPACE}{endpoint_with_registrations.pk}/"
    shown = client.get(page).content.decode()
    assert "no longer receives: Employer registration approved. They are not sent" in shown
    form = {"url": endpoint_with_registrations.url, "description": "", "events": ["award.granted"], "is_active": "on"}
    assert client.post(page, form).status_code == 302
    endpoint_with_registrations.refresh_from_db()
    assert endpoint_with_registrations.events == ["award.granted"]
    assert "no longer receives" not in client.get(page).content.decode()


def test_a_stored_registration_event_is_not_sent_to_an_employer(endpoint_with_registrations):
    assert endpoint_with_registrations.receives("award.granted")
    assert not endpoint_with_registrations.receives("registration.approved")
