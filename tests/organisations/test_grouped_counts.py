"""Staff and inhabitant numbers on the coordinator's overview and the operator's desk are
grouped by thousands as the reader's language writes them; links and exports keep them plain."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from vereinbar.organisations.models import OrganisationStatus

pytestmark = pytest.mark.django_db

GROUPED = {"de": ("1.600", "300.000"), "nl": ("1.600", "300.000"), "en": ("1,600", "300,000")}


@pytest.fixture
def large_employer(employer_org):
    employer_org.staff_count = 1600
    employer_org.inhabitants_served = 300_000
    employer_org.save(update_fields=["staff_count", "inhabitants_served"])
    return employer_org


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_coordinators_overview_groups_staff_and_inhabitants(login, coordinator, large_employer, language):
    page = login(coordinator).get(f"/{language}/workspace/kreis-musterstadt/").content.decode()
    staff, inhabitants = GROUPED[language]
    assert f"<dd>{staff}</dd>" in page
    assert f"<dd>{inhabitants}</dd>" in page
    assert "300000" not in page


@pytest.mark.parametrize(("language", "staff"), [("de", "1.600"), ("en", "1,600")])
def test_the_operators_registration_list_and_detail_group_the_staff_count(
    login, operator_admin, large_employer, language, staff
):
    large_employer.status, large_employer.registered_at = OrganisationStatus.PENDING, timezone.now()
    large_employer.save(update_fields=["status", "registered_at"])
    client = login(operator_admin)
    with translation.override(language):
        registrations = reverse("operator:registrations")
        detail = reverse("operator:registration", args=[large_employer.slug])
        export = reverse("operator:registrations_csv")
    assert f">{staff}</td>" in client.get(registrations).content.decode()
    assert f"<dd>{staff}</dd>" in client.get(detail).content.decode()
    assert ",1600," in client.get(export).content.decode()  # the export keeps the plain number
