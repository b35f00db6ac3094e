"""Webhook messages reach a real receiver signed, exactly once per event from its view, in order
per subject, also after the receiver was down for a while; and only public addresses are used."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.cycles.helpers import drive
from vereinbar.certificates.services import award_revoke
from vereinbar.webhooks.delivery import UnsafeAddress, post, signed_headers, url_problem
from vereinbar.webhooks.models import Delivery, DeliveryStatus, EventType, events_offered
from vereinbar.webhooks.services import delivery_redeliver, endpoint_create

pytestmark = pytest.mark.django_db

ALL_EVENTS = list(EventType.values)


@pytest.fixture
def endpoint(receiver, employer_org, coordinator):
    events = [value for value, _label in events_offered(employer_org)]
    endpoint = endpoint_create(actor=coordinator, organisation=employer_org, url=receiver.url, events=events)
    receiver.secret = endpoint.secret
    return endpoint


def _later(hours: int = 2):
    """A moment after every back-off so far, so the retries are due."""
    return time_machine.travel(timezone.now() + timedelta(hours=hours), tick=True)


def _recorded(endpoint) -> list[tuple[str, str, str]]:
    return [(d.message_id, d.event_type, d.subject) for d in Delivery.objects.filter(endpoint=endpoint).order_by("pk")]


def test_a_cycle_through_to_the_award_reaches_the_receiver_signed_and_in_order(
    endpoint, receiver, scored, open_cycle, parties, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cycle = open_cycle(scored)
        drive(cycle, parties)

    recorded = _recorded(endpoint)
    assert receiver.rejected == 0
    assert [(e["id"], e["type"], e["subject"]) for e in receiver.processed] == recorded
    types = [event_type for _id, event_type, _subject in recorded]
    assert "phase.submitted" in types and "phase.accepted" in types and types[-1] == "award.granted"
    award = receiver.processed[-1]["data"]["award"]
    assert award["number"] == cycle.award.number and award["verification_url"].endswith(
        f"/verify/{cycle.award.verification_code}/"
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert set(Delivery.objects.values_list("response_code", flat=True)) == {204}


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body_with_the_decoded_secret():
    secret = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
    at = timezone.now()
    headers = signed_headers(secret=secret, message_id="msg_1", body=b'{"a":1}', at=at)
    signed = f"msg_1.{int(at.timestamp())}.".encode() + b'{"a":1}'
    expected = base64.b64encode(hmac.new(b"0123456789abcdef0123456789abcdef", signed, hashlib.sha256).digest())
    assert headers == {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": "v1," + expected.decode(),
    }


def test_a_receiver_with_another_secret_refuses_the_message_and_it_is_retried(
    endpoint, receiver, scored, open_cycle, parties, django_capture_on_commit_callbacks
):
    receiver.secret = "whsec_" + base64.b64encode(b"not the endpoint's secret at all").decode()
    with django_capture_on_commit_callbacks(execute=True):
        drive(open_cycle(scored), parties, stop_before="decision")
    assert receiver.rejected >= 1 and receiver.processed == []
    first = Delivery.objects.order_by("pk").first()
    assert first.status == DeliveryStatus.RETRYING and first.response_code == 401


def test_a_receiver_down_for_a_while_gets_every_event_exactly_once_in_order_per_subject(
    endpoint, receiver, scored, open_cycle, parties, django_capture_on_commit_callbacks
):
    receiver.mode = "down"
    with django_capture_on_commit_callbacks(execute=True):
        cycle = open_cycle(scored)
        drive(cycle, parties)
    recorded = _recorded(endpoint)
    assert len(recorded) >= 3 and receiver.processed == []
    # Only the first message of each subject was tried; the later ones wait for it.
    tried = Delivery.objects.filter(attempts__gt=0)
    assert set(tried.values_list("subject", flat=True)) == {s for _i, _t, s in recorded}
    assert tried.count() == len({s for _i, _t, s in recorded})

    # Back up, but the first answer of each attempt round gets lost: the receiver processed the
    # message, the sender did not hear it and sends it again with the same webhook-id.
    receiver.mode = "lose_answer"
    with _later(hours=2):
        call_command("webhooks", stdout=io.StringIO())
    receiver.mode = "up"
    for hours in (4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34):
        if not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists():
            break
        with _later(hours=hours):
            call_command("webhooks", stdout=io.StringIO())

    assert not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()
    received = [(e["id"], e["type"], e["subject"]) for e in receiver.processed]
    assert sorted(received) == sorted(recorded)  # every event, each once
    for subject in {s for _i, _t, s in recorded}:
        assert [r for r in received if r[2] == subject] == [r for r in recorded if r[2] == subject]
    ids = [request["headers"]["webhook-id"] for request in receiver.requests]
    assert len(ids) > len(set(ids))  # some were sent more than once, and processed once


def test_a_later_event_of_the_same_subject_waits_for_an_earlier_one_that_failed(
    endpoint, receiver, scored, open_cycle, parties, django_capture_on_commit_callbacks
):
    cycle = open_cycle(scored)
    receiver.mode = "down"
    with django_capture_on_commit_callbacks(execute=True):
        drive(cycle, parties, stop_before="decision")
    first, *later = Delivery.objects.filter(subject=f"cycle/{cycle.pk}").order_by("pk")
    assert first.status == DeliveryStatus.RETRYING and first.next_attempt_at > timezone.now()
    assert later and all(d.attempts == 0 for d in later)  # never tried before the first
    receiver.mode = "up"
    with django_capture_on_commit_callbacks(execute=True):
        # The decision: new messages are due at once while the first waits for its retry. The
        # award's message (another subject) goes first; its success wakes the waiting ones.
        drive(cycle, parties)
    assert receiver.processed[0]["type"] == EventType.AWARD_GRANTED
    assert [e["id"] for e in receiver.processed if e["subject"] == f"cycle/{cycle.pk}"] == [
        d.message_id for d in Delivery.objects.filter(subject=f"cycle/{cycle.pk}").order_by("pk")
    ]


def test_a_revoked_award_is_an_event_and_can_be_sent_again_with_the_same_id(
    endpoint, receiver, scored, open_cycle, parties, operator_admin, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cycle = open_cycle(scored)
        drive(cycle, parties)
        award_revoke(actor=operator_admin, award=cycle.award, reason="Die Maßnahmen wurden eingestellt.")
    revoked = Delivery.objects.get(event_type=EventType.AWARD_REVOKED)
    assert revoked.status == DeliveryStatus.DELIVERED
    assert receiver.processed[-1]["data"]["award"]["status"] == "revoked"
    before = len(receiver.requests)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_redeliver(actor=coordinator, delivery=revoked)
    assert len(receiver.requests) == before + 1
    assert receiver.requests[-1]["headers"]["webhook-id"] == revoked.message_id


def test_an_endpoint_not_subscribed_to_an_event_gets_no_message(
    receiver, employer_org, coordinator, scored, open_cycle, parties, django_capture_on_commit_callbacks
):
    endpoint = endpoint_create(
        actor=coordinator, organisation=employer_org, url=receiver.url, events=[EventType.AWARD_GRANTED]
    )
    receiver.secret = endpoint.secret
    with django_capture_on_commit_callbacks(execute=True):
        drive(open_cycle(scored), parties)
    assert receiver.events() == [(EventType.AWARD_GRANTED, receiver.processed[0]["subject"])]


def test_the_operator_of_the_programme_hears_of_its_cycles_and_another_employer_does_not(
    receiver, operator_org, operator_admin, other_employer_org, outsider, scored, open_cycle, parties,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    mine = endpoint_create(actor=operator_admin, organisation=operator_org, url=receiver.url, events=ALL_EVENTS)
    everything_theirs = [value for value, _label in events_offered(other_employer_org)]
    theirs = endpoint_create(
        actor=outsider, organisation=other_employer_org, url=receiver.url, events=everything_theirs
    )
    receiver.secret = mine.secret
    with django_capture_on_commit_callbacks(execute=True):
        drive(open_cycle(scored), parties)
    assert Delivery.objects.filter(endpoint=mine).count() >= 3
    assert not Delivery.objects.filter(endpoint=theirs).exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "http://example.org/hook",
        "ftp://example.org/hook",
        "https://user:secret@example.org/hook",
    ],
)
def test_an_endpoint_must_be_a_public_https_address(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    assert url_problem(url) is not None


def test_a_public_https_address_is_accepted(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    assert url_problem("https://hooks.example.org/vereinbar?x=1") is None
    assert url_problem("https://93.184.215.14/hook") is None


def test_sending_refuses_a_name_that_resolves_to_loopback(settings, receiver):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    port = receiver.url.split(":")[2].split("/")[0]
    with pytest.raises(UnsafeAddress):
        post(f"https://localhost:{port}/hooks", b"{}", {})
    with pytest.raises(UnsafeAddress):
        post(f"http://127.0.0.1:{port}/hooks", b"{}", {})
    assert receiver.requests == []


def test_a_fault_in_recording_a_message_leaves_the_change_itself_alone(
    endpoint, receiver, scored, open_cycle, parties, operator_admin, monkeypatch, caplog
):
    from vereinbar.certificates.models import AwardStatus
    from vereinbar.webhooks import services

    cycle = open_cycle(scored)
    drive(cycle, parties)
    before = Delivery.objects.count()

    def broken(entry):
        raise RuntimeError("a bug in a payload")

    monkeypatch.setattr(services, "events_of", broken)
    award_revoke(actor=operator_admin, award=cycle.award, reason="Die Maßnahmen wurden eingestellt.")
    cycle.award.refresh_from_db()
    assert cycle.award.status == AwardStatus.REVOKED
    assert Delivery.objects.count() == before
    assert "could not be recorded" in caplog.text


def test_an_inactive_endpoint_gets_no_messages(endpoint, scored, open_cycle, parties):
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active"])
    drive(open_cycle(scored), parties)
    assert not Delivery.objects.exists()
