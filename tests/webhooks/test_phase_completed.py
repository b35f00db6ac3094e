"""A phase nobody accepts is completed by its actor: its webhook event is "phase.completed", not
"phase.accepted" (nobody accepted it); endpoints that subscribed to "phase.accepted" before the
event existed were subscribed to it too (migration webhooks/0002), so they keep hearing of it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tests.cycles.helpers import drive
from vereinbar.activity.models import Entry
from vereinbar.webhooks.events import events_of
from vereinbar.webhooks.models import Endpoint

pytestmark = pytest.mark.django_db


def _event_types(run) -> list[str]:
    entries = Entry.objects.filter(target_type__model="phaserun", target_id=str(run.pk)).order_by("pk")
    return [event.type for entry in entries for event in events_of(entry)]


def test_the_auditors_report_is_sent_as_completed_and_the_agreement_as_submitted_and_accepted(
    audit, open_cycle, parties
):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="decision")
    report = cycle.phase_runs.get(phase__key="report")  # no accepted_by: the auditor completes it
    agreement = cycle.phase_runs.get(phase__key="agreement")  # the auditor accepts it
    assert _event_types(report) == ["phase.completed"]
    assert _event_types(agreement) == ["phase.submitted", "phase.accepted"]
    [completed] = [e for entry in Entry.objects.filter(verb="phase.completed") for e in events_of(entry)]
    assert completed.data["phase"]["key"] == "report" and completed.data["phase"]["status"] == "accepted"


def test_endpoints_subscribed_to_accepted_phases_are_subscribed_to_completed_ones(employer_org):
    migration = importlib.import_module("vereinbar.webhooks.migrations.0002_phase_completed")
    accepted = Endpoint.objects.create(
        organisation=employer_org,
        url="https://a.example/",
        events=["phase.submitted", "phase.accepted", "award.granted"],
    )
    other = Endpoint.objects.create(organisation=employer_org, url="https://b.example/", events=["award.granted"])
    both = Endpoint.objects.create(
        organisation=employer_org, url="https://c.example/", events=["phase.completed", "phase.accepted"]
    )
    migration.subscribe_completed(apps, None)
    for endpoint in (accepted, other, both):
        endpoint.refresh_from_db()
    assert accepted.events == ["phase.submitted", "phase.accepted", "phase.completed", "award.granted"]
    assert other.events == ["award.granted"]
    assert both.events == ["phase.completed", "phase.accepted"]
