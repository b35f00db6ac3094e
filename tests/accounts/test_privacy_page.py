"""The privacy page warns the last person who manages an organisation's members before they
delete their account, and says where to hand the role over."""

import pytest

from tests.factories import UserFactory
from vereinbar.accounts.services import membership_add

pytestmark = pytest.mark.django_db

PAGE = "/de/accounts/privacy/"
WARNING = "Sonst verwaltet niemand die Mitglieder"


def test_the_only_coordinator_is_told_to_hand_over_first(login, coordinator):
    page = login(coordinator).get(PAGE).content.decode()
    assert WARNING in page
    assert 'href="/de/workspace/kreis-musterstadt/members/"' in page


def test_no_warning_once_a_colleague_also_coordinates(login, coordinator, employer_org):
    colleague = UserFactory(email="second.coordinator@test.example")
    membership_add(actor=coordinator, organisation=employer_org, user=colleague, role="coordinator")
    assert WARNING not in login(coordinator).get(PAGE).content.decode()


def test_a_contributor_is_not_warned(login, contributor):
    assert WARNING not in login(contributor).get(PAGE).content.decode()
