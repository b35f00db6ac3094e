"""The demo's culture index: one example employer certified by its staff's answers, one that
misses the level on the sample condition alone, with the reason on its cycle; a second run adds
nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from tests.factories import MembershipFactory, OrganisationFactory
from vereinbar.accounts.models import User
from vereinbar.accounts.roles import Role
from vereinbar.certificates.models import Award
from vereinbar.cycles import selectors
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType
from vereinbar.programmes.services import programme_load
from vereinbar.site import demo_culture_index
from vereinbar.surveys.ranking import ranking_build

pytestmark = pytest.mark.django_db

INDEX = Path(__file__).resolve().parents[2] / "library" / "programmes" / "work-care-culture-index.yaml"


@pytest.fixture
def demo_world(instrument_version):
    operator = OrganisationFactory(operator=True, slug="made-up-index-office", is_example=True)
    programme_load(actor=None, raw=INDEX.read_bytes(), filename=INDEX.name, trusted=True, operator_slug=operator.slug)
    for email, role in (("admin@index.example", Role.OPERATOR_ADMIN), ("auditor@index.example", Role.AUDITOR)):
        MembershipFactory(user=User.objects.create_user(email=email, password="x"), organisation=operator, role=role)
    for slug in ("example-a", "example-b"):
        Organisation.objects.create(
            name=slug.title(),
            slug=slug,
            type=OrganisationType.EMPLOYER,
            status=OrganisationStatus.APPROVED,
            country="DE",
            staff_count=80,
            is_example=True,
        )


def test_one_employer_is_certified_and_one_misses_on_the_sample(demo_world):
    with translation.override("en"):
        logins = demo_culture_index.culture_index_load(today=date(2026, 12, 1), password="pw")
    assert [email for email, _roles, _password in logins] == [p.coordinator for p in demo_culture_index.PARTICIPANTS]
    reached = Cycle.objects.get(organisation__slug="example-a")
    missed = Cycle.objects.get(organisation__slug="example-b")
    assert reached.status == CycleStatus.COMPLETED and Award.objects.get(cycle=reached).level is not None
    assert missed.status == CycleStatus.OPEN and not Award.objects.filter(cycle=missed).exists()
    with translation.override("en"):
        checks = selectors.cycle_level(missed).checks
    failed = {reason.code for check in checks[:1] for reason in check.reasons if not reason.satisfied}
    assert failed == {"survey_margin_of_error"}  # the sample alone
    deferral = missed.decisions.get(automatic=True)
    with translation.override("en"):
        assert "Margin of error" in deferral.explanation
    with translation.override("en"):
        listed = [entry.name for band in ranking_build(reached.programme).bands for entry in band.entries]
    assert listed == ["Example-A"]
    assert demo_culture_index.culture_index_load(today=date(2026, 12, 1), password="pw") == []
    assert Cycle.objects.count() == 2
