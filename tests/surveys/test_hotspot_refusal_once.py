"""A cycle that no longer takes goals says so once on the results page, not beside every
hotspot (three hotspots used to repeat the same notice three times)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tests.cycles.survey_helpers import closed_with, cycle_survey, load_instrument, load_programme, open_cycle
from tests.surveys.conftest import ALL_SCALES
from vereinbar.cycles import services

pytestmark = pytest.mark.django_db

# Nobody knows where to find offers, and leaders do not help: two hotspots.
TWO_HOTSPOTS = ALL_SCALES | {
    "info_where": 1,
    "info_whom": 1,
    "info_clear": 1,
    "lead_understanding": 1,
    "lead_solutions": 1,
    "lead_open": 1,
    "lead_always_on": 1,
}
SIGNED = "The target agreement is signed; it can no longer be changed."


def test_a_signed_agreement_is_named_once_above_all_hotspots(
    client, login, operator_org, employer_org, coordinator, operator_admin, auditor
):
    with translation.override("en"):
        cycle = open_cycle(load_programme(operator_org), employer_org, coordinator, operator_admin, auditor)
        survey = closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 12, TWO_HOTSPOTS)
        services.goal_save(actor=coordinator, cycle=cycle, action_field_code="1", title="Flexitime for all")
        services.agreement_sign(
            actor=coordinator, cycle=cycle, signer_name="Dr. Head", signer_function="Chief", signed_on=date.today()
        )
    login(coordinator)
    page = client.get(f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/").content.decode()
    assert page.count('<article class="hotspot"') >= 2
    assert page.count(SIGNED) == 1
    assert "Create a goal in the target agreement" not in page
