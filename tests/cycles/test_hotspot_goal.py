"""From a hotspot of a cycle's survey report, one POST makes a goal in the cycle's target
agreement, pre-filled with the scale and the action field the questionnaire names; only for
people who edit the agreement, and refused plainly once it is signed."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tests.surveys.conftest import ALL_SCALES
from vereinbar.cycles import services
from vereinbar.cycles.models import Goal

from .survey_helpers import PROGRAMME_ID, closed_with, cycle_survey, load_instrument, load_programme, open_cycle

pytestmark = pytest.mark.django_db

# Nobody knows where to find offers: the information scale scores 0, far below its reference 50.
UNINFORMED = ALL_SCALES | {"info_where": 1, "info_whom": 1, "info_clear": 1}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def survey(operator_org, employer_org, coordinator, operator_admin, auditor):
    version = load_instrument()
    cycle = open_cycle(load_programme(operator_org), employer_org, coordinator, operator_admin, auditor)
    survey = cycle_survey(cycle, coordinator, version)
    return closed_with(survey, coordinator, 12, UNINFORMED)


def results_url(survey):
    return f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/"


def test_the_instrument_names_the_programmes_action_field_for_the_scale(survey):
    scale = next(s for s in survey.instrument_version.spec.scales if s.key == "information")
    assert "information_communication" in scale.measure_categories
    assert PROGRAMME_ID not in scale.programme_action_fields  # a programme the file does not know


def test_the_report_offers_a_goal_beside_the_hotspot(client, login, survey, coordinator):
    login(coordinator)
    page = client.get(results_url(survey)).content.decode()
    assert 'id="hotspot-information"' in page
    assert f'action="/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/goal/"' in page
    assert "Create a goal in the target agreement" in page


def test_a_goal_is_made_from_a_hotspot_and_shown(client, login, survey, coordinator):
    login(coordinator)
    response = client.post(
        results_url(survey) + "goal/", {"scale": "information", "cycle": survey.cycle_id, "action_field": "2"}
    )
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cycles/{survey.cycle_id}/agreement/#goal-{goal.pk}")
    assert goal.code == "2.1" and goal.action_field.code == "2"
    assert "Information about offers" in goal.title
    assert "above 0" in goal.success_measure and survey.title in goal.success_measure
    assert goal.agreement.cycle_id == survey.cycle_id


def test_the_action_field_comes_from_the_instrument_when_it_names_the_programme(
    client, login, operator_org, employer_org, coordinator, operator_admin, auditor
):
    # The shipped questionnaire maps "information" to action field "2" of this library programme id.
    programme = load_programme(
        operator_org, identifier="urn:vereinbar:programme:qualitaetssiegel-familienfreundlicher-arbeitgeber"
    )
    cycle = open_cycle(programme, employer_org, coordinator, operator_admin, auditor)
    survey = closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 12, UNINFORMED)
    login(coordinator)
    page = client.get(results_url(survey)).content.decode()
    assert '<option value="2" selected>' in page
    client.post(results_url(survey) + "goal/", {"scale": "information"})
    assert Goal.objects.get().code == "2.1"


def test_without_an_action_field_the_goal_is_refused_with_a_message(client, login, survey, coordinator):
    login(coordinator)
    response = client.post(results_url(survey) + "goal/", {"scale": "information"}, follow=True)
    assert not Goal.objects.exists()
    assert "Choose the action field of the goal." in response.content.decode()


@pytest.mark.parametrize("persona", ["viewer", "auditor", "outsider"])
def test_people_who_do_not_edit_the_agreement_cannot(client, login, survey, persona, request):
    person = request.getfixturevalue(persona)
    login(person)
    if persona == "viewer":
        assert "Create a goal in the target agreement" not in client.get(results_url(survey)).content.decode()
    response = client.post(results_url(survey) + "goal/", {"scale": "information", "action_field": "2"})
    assert response.status_code in (403, 404)
    assert not Goal.objects.exists()


def test_a_signed_agreement_refuses_the_goal_plainly(client, login, survey, coordinator):
    cycle = survey.cycle
    goal = services.goal_save(actor=coordinator, cycle=cycle, action_field_code="1", title="Flexitime for all")
    services.agreement_sign(
        actor=coordinator, cycle=cycle, signer_name="Dr. Head", signer_function="Chief", signed_on=date.today()
    )
    login(coordinator)
    page = client.get(results_url(survey)).content.decode()
    assert "The target agreement is signed; it can no longer be changed." in page
    response = client.post(results_url(survey) + "goal/", {"scale": "information", "action_field": "2"}, follow=True)
    assert "The target agreement is signed; it can no longer be changed." in response.content.decode()
    assert list(Goal.objects.all()) == [goal]


def test_the_goal_is_recorded_in_the_history(survey, coordinator):
    from vereinbar.activity.models import Entry
    from vereinbar.surveys.services.cycle_phase import goal_from_hotspot

    goal = goal_from_hotspot(actor=coordinator, survey=survey, scale_key="information", action_field_code="2")
    entry = Entry.objects.filter(verb="survey.hotspot_goal").get()
    assert entry.after == {"scale": "information", "goal": goal.code, "cycle": survey.cycle_id}


def test_a_survey_of_its_own_puts_goals_in_a_running_cycle_of_the_organisation(
    client, login, operator_org, employer_org, coordinator, operator_admin, auditor
):
    from vereinbar.surveys.services.surveys import survey_create

    version = load_instrument()
    cycle = open_cycle(load_programme(operator_org), employer_org, coordinator, operator_admin, auditor)
    survey = survey_create(
        actor=coordinator,
        organisation=employer_org,
        instrument_version=version,
        title="Pulse",
        languages=["en"],
        units="Admin",
    )
    survey = closed_with(survey, coordinator, 12, UNINFORMED)
    assert survey.cycle is None
    login(coordinator)
    page = client.get(results_url(survey)).content.decode()
    assert f'name="cycle" value="{cycle.pk}"' in page
    client.post(results_url(survey) + "goal/", {"scale": "information", "cycle": cycle.pk, "action_field": "1"})
    assert Goal.objects.get().agreement.cycle == cycle
