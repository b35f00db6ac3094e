"""Programme format 2 in the running cycle: the constructs of tests/cycles/programmes/seal2.yaml."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.cycles.api_client import Api
from vereinbar.cycles import services
from vereinbar.cycles.forms import AnswersForm
from vereinbar.cycles.models import PhaseStatus


@pytest.fixture
def seal2(load_programme):
    return load_programme("seal2")


@pytest.fixture
def self_assessment(seal2, open_cycle):
    cycle = open_cycle(seal2)
    return cycle.phase_runs.get(phase__key="self_assessment", status=PhaseStatus.OPEN)


# --- whole-number scores and steps ----------------------------------------------------------


def test_a_whole_point_criterion_refuses_a_half_point_in_the_service(self_assessment, contributor):
    with pytest.raises(ValidationError) as raised:
        services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.1", "score": "14.5"}])
    assert raised.value.message_dict == {"1.1": ["Enter a whole number from 0 to 29."]}
    assert not self_assessment.answers.exists()
    services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.1", "score": "14"}])
    assert self_assessment.answers.get().score == 14


def test_a_half_point_step_allows_halves_but_not_quarters(self_assessment, contributor):
    services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.2", "score": "7.5"}])
    with pytest.raises(ValidationError) as raised:
        services.answers_save(actor=contributor, run=self_assessment, answers=[{"criterion": "1.2", "score": "7.25"}])
    assert raised.value.message_dict == {"1.2": ["Enter a score from 0 to 10 in steps of 0.5."]}


def test_the_api_refuses_a_half_point_next_to_the_criterion(self_assessment, coordinator, contributor):
    api = Api({"contributor": contributor}).as_("contributor")
    path = f"/cycles/{self_assessment.cycle_id}/phases/{self_assessment.pk}/answers"
    status, body = api.put(path, [{"criterion": "1.1", "score": 14.5}])
    assert status == 422, body
    assert "Enter a whole number from 0 to 29." in str(body)
    assert not self_assessment.answers.exists()
    assert api.put(path, [{"criterion": "1.1", "score": 14}])[0] == 200


def test_the_form_shows_the_step_message_next_to_the_score_field(self_assessment):
    criteria = list(self_assessment.phase.stage.version.criteria.order_by("order"))
    whole = criteria[0]
    form = AnswersForm({f"score_{whole.pk}": "14.5"}, criteria=criteria, answers={})
    assert not form.is_valid()
    assert form.errors[f"score_{whole.pk}"] == ["Enter a whole number from 0 to 29."]
    assert 'step="1"' in str(form[f"score_{whole.pk}"])
    assert AnswersForm({f"score_{whole.pk}": "14"}, criteria=criteria, answers={}).is_valid()


# --- a flat list of criteria ------------------------------------------------------------------


def test_a_flat_list_of_criteria_runs_to_an_award_without_an_action_field_heading(
    seal2, open_cycle, parties, client, login
):
    from tests.cycles.helpers import drive

    cycle = open_cycle(seal2)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    login(parties["coordinator"])
    url = reverse("workspace_cycles:phase", args=[cycle.organisation.slug, cycle.pk, run.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="criterion-1.1"' in page and 'id="criterion-1.3"' in page
    assert "<h3>" not in page  # no heading for the untitled field that holds a flat list
    drive(cycle, parties, until_award=True)
    assert cycle.award.level.key == "seal"
