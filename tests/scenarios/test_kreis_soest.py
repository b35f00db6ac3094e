"""Kreis Soest: signed the charter of the NRW programme "Vereinbarkeit Beruf & Pflege" on
21 August 2025 (no expiry); service agreement on work and care since 2012; Pflege-Guides
trained in a two-day AOK seminar."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.scenarios.conftest import entries, noon
from vereinbar.accounts.models import User
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import awards_listed
from vereinbar.cycles.models import Cycle, CycleStatus, Signature
from vereinbar.organisations.models import Organisation

SLUG = "kreis-soest"
pytestmark = pytest.mark.django_db


def test_the_charter_signed_on_21_august_2025_is_an_award_without_expiry():
    award = Award.objects.get(organisation__slug=SLUG)
    assert award.issued_on == date(2025, 8, 21) and award.status == AwardStatus.VALID
    assert award.valid_until is None and award.stage.validity_months is None and award.is_open_ended
    assert award.programme.identifier == "urn:vereinbar:programme:charta-vereinbarkeit-beruf-pflege-nrw"
    # no decision phase: the award followed automatically from the accepted signature
    decision = award.cycle.decisions.get()
    assert decision.automatic and decision.decided_on == date(2025, 8, 21)
    signature = Signature.objects.get(cycle=award.cycle)
    assert (signature.signer_name, signature.signed_on) == ("Volker Topp", date(2025, 8, 21))
    with time_machine.travel(date(2040, 1, 1), tick=False):
        assert award in awards_listed()


def test_the_pflege_guides_were_trained_and_the_cycle_is_complete():
    cycle = Cycle.objects.get(organisation__slug=SLUG)
    assert cycle.status == CycleStatus.COMPLETED and cycle.closed_on == date(2025, 11, 10)
    training = cycle.phase_runs.get(phase__key="pflege_guide_schulung")
    assert training.due_on == date(2026, 8, 21)  # twelve months after the award, as the programme says
    assert training.workshops.get().held_on == date(2025, 10, 23)
    soest = Organisation.objects.get(slug=SLUG)
    guides = soest.contacts.get(role="care_guide")
    assert guides.trained_on == date(2025, 10, 24) and guides.visibility == "public"
    assert soest.contacts.get(role="staff_council").visibility == "internal"


def test_the_service_agreement_of_2012_and_the_offers_of_the_press_release():
    soest = Organisation.objects.get(slug=SLUG)
    agreement = soest.measures.get(basis="service_agreement", type__isnull=True)
    assert agreement.since == date(2012, 1, 1) and agreement.status == "in_place"
    assert set(soest.measures.filter(since=date(2025, 8, 21)).values_list("type__key", flat=True)) == {
        "care_guides",
        "care_counselling",
        "lectures",
    }
    created = {entry.after["title"]: entry.created_at for entry in entries(SLUG, "measure.created")}
    assert created[agreement.title] == noon(date(2012, 1, 1))


def test_the_history_page_shows_the_signing(client):
    client.force_login(User.objects.get(email="personal@kreis-soest.example"))
    html = client.get(f"/en/workspace/{SLUG}/history/").content.decode()
    assert 'datetime="2025-08-21T12:00:00' in html
