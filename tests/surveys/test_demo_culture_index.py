"""The demo's culture index: one example employer certified by its staff's answers, one that
misses the level on the sample condition alone, with the reason on its cycle; a second run adds
nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from vereinbar.accounts.models import User
from vereinbar.certificates.models import Award
from vereinbar.core import demo_culture_index
from vereinbar.cycles import services
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType
from vereinbar.programmes.services import programme_load
from vereinbar.surveys.ranking import ranking_build

pytestmark = pytest.mark.django_db

INDEX = Path(__file__).resolve().parents[2] / "library" / "programmes" / "work-care-culture-index.yaml"


@pytest.fixture
def demo_world(instrument_version):
    programme_load(actor=None, raw=INDEX.read_bytes(), filename=INDEX.name, trusted=True)
    for email in (demo_culture_index.OPERATOR_ADMIN, demo_culture_index.AUDITOR):
        User.objects.create_user(email=email, password="x")
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
        checks = services.cycle_level(missed).checks
    failed = {reason.code for check in checks[:1] for reason in check.reasons if not reason.satisfied}
    assert failed == {"survey_margin_of_error"}  # the sample alone
    assert "Margin of error" in missed.status_reason
    with translation.override("en"):
        listed = [entry.name for band in ranking_build(reached.programme).bands for entry in band.entries]
    assert listed == ["Example-A"]
    assert demo_culture_index.culture_index_load(today=date(2026, 12, 1), password="pw") == []
    assert Cycle.objects.count() == 2
