"""A programme whose phases no auditor does or reviews (a charter, a recognition without an
audit) has no auditor to name: its cycle page says nothing about one and the operator accepting
the application is not asked to choose one. A programme with an audit keeps both."""

from __future__ import annotations

import pytest

from vereinbar.cycles import services

pytestmark = pytest.mark.django_db

AUDITOR_LINE = {"de": "noch nicht zugewiesen", "nl": "nog niet toegewezen"}


def _applied(programme, parties, employer_org):
    return services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=programme)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_charter_cycle_names_no_auditor_and_its_acceptance_asks_for_none(
    charter, parties, employer_org, login, language
):
    cycle = _applied(charter, parties, employer_org)
    coordinator_page = login(parties["coordinator"]).get(
        f"/{language}/workspace/{employer_org.slug}/cycles/{cycle.pk}/"
    )
    assert AUDITOR_LINE[language] not in coordinator_page.content.decode()
    operator_page = login(parties["operator"]).get(f"/{language}/operator/cycles/{cycle.pk}/").content.decode()
    assert 'name="auditor"' not in operator_page
    assert f"/operator/cycles/{cycle.pk}/do/accept/" in operator_page  # the application can still be accepted


@pytest.mark.parametrize("language", ["de", "nl"])
def test_an_audit_cycle_still_names_its_auditor_and_asks_for_one(audit, parties, employer_org, login, language):
    cycle = _applied(audit, parties, employer_org)
    coordinator_page = login(parties["coordinator"]).get(
        f"/{language}/workspace/{employer_org.slug}/cycles/{cycle.pk}/"
    )
    assert AUDITOR_LINE[language] in coordinator_page.content.decode()
    operator_page = login(parties["operator"]).get(f"/{language}/operator/cycles/{cycle.pk}/").content.decode()
    assert 'name="auditor"' in operator_page


WAIT = {
    "de": "sobald der Programmträger Ihre Registrierung freigegeben hat",
    "nl": "zodra de programma-uitvoerder uw aanmelding heeft goedgekeurd",
}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_registration_not_yet_approved_is_told_when_it_can_apply_not_offered_a_refused_form(
    charter, parties, employer_org, login, language
):
    from vereinbar.organisations.models import OrganisationStatus

    employer_org.status = OrganisationStatus.PENDING
    employer_org.save(update_fields=["status"])
    page = login(parties["coordinator"]).get(f"/{language}/workspace/{employer_org.slug}/cycles/").content.decode()
    assert WAIT[language] in page
    assert 'name="programme"' not in page
