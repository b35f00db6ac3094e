"""The survey phase page for readers on both sides: a reader who may not read the report learns
that the survey has results and whose they are to share (not "no results"); a phase delivered by
a survey run elsewhere points to its attached report instead of asking for a survey."""

from __future__ import annotations

import pytest

from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseStatus

from .helpers import pdf_upload
from .survey_helpers import closed_with, cycle_survey, load_instrument, load_programme, open_cycle, survey_run

pytestmark = pytest.mark.django_db

TEXTS = {
    "de": {
        "available": "liegen vor; ob der Bericht weitergegeben wird, entscheidet der Arbeitgeber",
        "no_results": "keine Ergebnisse (zu wenige Antworten)",
        "elsewhere": "wurde außerhalb der Plattform durchgeführt: Ihr Bericht ist unter",
        "follows": "Diese Phase folgt ihrer Beschäftigtenbefragung",
        "none_yet": "Für diese Phase wurde noch keine Beschäftigtenbefragung angelegt.",
    },
    "nl": {
        "available": "beschikbaar; of het rapport wordt gedeeld, beslist de werkgever",
        "no_results": "geen resultaten (te weinig antwoorden)",
        "elsewhere": "is buiten het platform gehouden: het rapport ervan is bijgevoegd",
        "follows": "Deze stap volgt",
        "none_yet": "Voor deze stap is nog geen medewerkersonderzoek aangemaakt.",
    },
}


@pytest.fixture
def cycle(operator_org, employer_org, coordinator, operator_admin, auditor):
    return open_cycle(load_programme(operator_org), employer_org, coordinator, operator_admin, auditor)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_reader_without_the_report_learns_that_the_survey_has_results(
    client, login, cycle, coordinator, operator_admin, auditor, language
):
    survey = closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 12)
    assert survey.has_results
    url = f"/{language}/operator/cycles/{cycle.pk}/phases/{survey_run(cycle).pk}/"
    login(operator_admin)
    page = client.get(url).content.decode()
    assert TEXTS[language]["available"] in page
    assert TEXTS[language]["no_results"] not in page
    assert f"survey={survey.pk}" not in page  # no way to the report, which the operator may not read
    assert auditor.get_full_name() in page  # who reads it on the platform: the assigned auditor
    login(auditor)
    assert f"survey={survey.pk}" in client.get(url).content.decode()


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_survey_closed_with_too_few_answers_still_says_so(
    client, login, cycle, coordinator, operator_admin, language
):
    closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 3)
    login(operator_admin)
    page = client.get(f"/{language}/operator/cycles/{cycle.pk}/phases/{survey_run(cycle).pk}/").content.decode()
    assert TEXTS[language]["no_results"] in page and TEXTS[language]["available"] not in page


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_phase_delivered_by_a_survey_run_elsewhere_points_to_its_report(
    client, login, cycle, coordinator, operator_admin, language
):
    run = survey_run(cycle)
    services.phase_note_save(actor=coordinator, run=run, note="Run with our own tool in March.")
    services.evidence_add(actor=coordinator, run=run, upload=pdf_upload("survey-report.pdf"))
    services.phase_submit(actor=coordinator, run=run)
    run.refresh_from_db()
    assert run.status == PhaseStatus.ACCEPTED
    for reader, url in (
        (coordinator, f"/{language}/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/phases/{run.pk}/"),
        (operator_admin, f"/{language}/operator/cycles/{cycle.pk}/phases/{run.pk}/"),
    ):
        login(reader)
        page = client.get(url).content.decode()
        assert TEXTS[language]["elsewhere"] in page and 'href="#attachments"' in page
        assert "survey-report.pdf" in page
        assert TEXTS[language]["follows"] not in page
        assert TEXTS[language]["none_yet"] not in page


def test_an_open_survey_phase_without_a_survey_still_asks_for_one(client, login, cycle, coordinator):
    run = survey_run(cycle)
    login(coordinator)
    page = client.get(f"/de/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/phases/{run.pk}/").content.decode()
    assert TEXTS["de"]["none_yet"] in page and TEXTS["de"]["elsewhere"] not in page


def test_the_survey_pages_lead_back_to_their_phase(client, login, cycle, coordinator, auditor):
    survey = closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 12)
    run = survey_run(cycle)
    slug = cycle.organisation.slug
    back = f'<a href="/en/workspace/{slug}/cycles/{cycle.pk}/phases/{run.pk}/">Back to the phase “Staff survey”</a>'
    login(coordinator)
    for page in (f"/en/workspace/{slug}/surveys/{survey.pk}/", f"/en/workspace/{slug}/surveys/{survey.pk}/results/"):
        assert back in client.get(page).content.decode(), page
    login(auditor)  # the report the auditor reads under the cycle
    page = client.get(f"/en/operator/cycles/{cycle.pk}/survey/?survey={survey.pk}").content.decode()
    assert f'<a href="/en/operator/cycles/{cycle.pk}/phases/{run.pk}/">Back to the phase “Staff survey”</a>' in page
