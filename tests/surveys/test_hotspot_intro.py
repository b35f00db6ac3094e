"""The results page's hotspot section promises a goal in a target agreement only when the
reader can make one; otherwise it says what opening a hotspot gives (suggested measures), not
an offer that the notice above it and the missing button contradict."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tests.cycles.survey_helpers import closed_with, cycle_survey, load_instrument, load_programme, open_cycle
from tests.surveys.conftest import ALL_SCALES
from vereinbar.cycles import services

pytestmark = pytest.mark.django_db

# Nobody knows where to find offers: the information scale is a hotspot.
UNINFORMED = ALL_SCALES | {"info_where": 1, "info_whom": 1, "info_clear": 1}
PROMISE = "Open a hotspot to create a goal for it in a target agreement"
MEASURES_ONLY = "Open a hotspot to see measures that may help."


@pytest.fixture
def cycle_and_survey(operator_org, employer_org, coordinator, operator_admin, auditor):
    with translation.override("en"):
        cycle = open_cycle(load_programme(operator_org), employer_org, coordinator, operator_admin, auditor)
        survey = closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 12, UNINFORMED)
    return cycle, survey


def results(client, survey):
    return client.get(f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/").content.decode()


def test_it_offers_a_goal_while_the_agreement_takes_one(client, login, cycle_and_survey, coordinator):
    _cycle, survey = cycle_and_survey
    login(coordinator)
    page = results(client, survey)
    assert PROMISE in page
    assert MEASURES_ONLY not in page


def test_it_offers_only_measures_once_the_agreement_is_signed(client, login, cycle_and_survey, coordinator):
    cycle, survey = cycle_and_survey
    with translation.override("en"):
        services.goal_save(actor=coordinator, cycle=cycle, action_field_code="1", title="Flexitime for all")
        services.agreement_sign(
            actor=coordinator, cycle=cycle, signer_name="Dr. Head", signer_function="Chief", signed_on=date.today()
        )
    login(coordinator)
    page = results(client, survey)
    assert 'id="hotspot-information"' in page
    assert PROMISE not in page
    assert MEASURES_ONLY in page
