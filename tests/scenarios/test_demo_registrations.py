"""The operator's queue of self-registrations is not empty in the demo: made-up German and Dutch
employers wait for their review, marked as examples, each with what a registration carries."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from vereinbar.accounts.models import User
from vereinbar.organisations.models import Organisation, OrganisationStatus

# Marked like every module here, so pytest-django keeps it with the others: unmarked, it ran
# after them and the package loaded the demo a second time.
pytestmark = pytest.mark.django_db

OPERATOR = "operator@berufundfamilie.example"


def _waiting() -> list[Organisation]:
    return list(
        Organisation.objects.filter(status=OrganisationStatus.PENDING, registered_at__isnull=False).order_by(
            "registered_at"
        )
    )


def test_the_registration_queue_lists_german_and_dutch_employers_marked_as_examples(client):
    waiting = _waiting()
    assert {organisation.country for organisation in waiting} == {"DE", "NL"}
    assert len(waiting) >= 4 and all(organisation.is_example for organisation in waiting)
    client.force_login(User.objects.get(email=OPERATOR))
    with translation.override("de"):
        page = client.get(reverse("operator:registrations")).content.decode()
    for organisation in waiting:
        assert html.escape(organisation.name) in page
    assert page.count("Beispiel</span>") >= len(waiting)
    assert "noch nicht bestätigt" in page  # one coordinator has not confirmed the address yet


def test_a_waiting_registration_carries_what_the_form_asks_and_its_history(client):
    today = timezone.localdate()
    client.force_login(User.objects.get(email=OPERATOR))
    for organisation in _waiting():
        assert organisation.kind and organisation.sector and organisation.region and organisation.city
        assert organisation.staff_count and organisation.staff_count >= 5
        assert 0 <= (today - timezone.localtime(organisation.registered_at).date()).days <= 30
        with translation.override("nl"):
            page = client.get(reverse("operator:registration", args=[organisation.slug])).content.decode()
        coordinator = organisation.memberships.get().user
        assert html.escape(coordinator.full_name) in page and coordinator.email in page
        assert coordinator.email.endswith(f"@{organisation.slug}.example")
        assert not coordinator.has_usable_password()
        assert "Voorbeeld" in page and html.escape(organisation.city) in page
        assert organisation.history.filter(verb="organisation.registered").exists()
