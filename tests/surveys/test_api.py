"""The survey API: list, anonymous figures with hidden cells as reasons only, the schema."""

from __future__ import annotations

from vereinbar.surveys.models import SurveyStatus

from .conftest import ALL_SCALES


def test_the_api_lists_surveys_and_hides_them_from_outsiders(closed_survey_with_answers, login, coordinator, outsider):
    listing = login(coordinator).get("/api/v1/organisations/kreis-musterstadt/surveys")
    assert listing.status_code == 200 and listing.json()["results"][0]["instrument"].endswith("@2026.3")
    assert login(outsider).get("/api/v1/organisations/kreis-musterstadt/surveys").status_code == 404
    url = f"/api/v1/organisations/kreis-musterstadt/surveys/{closed_survey_with_answers.pk}/results"
    assert login(outsider).get(url).json()["code"] == "not_found"


def test_results_carry_hidden_cells_as_reasons_without_numbers(make_survey, respond, coordinator, login):
    from vereinbar.surveys.services.surveys import survey_close

    survey = make_survey(SurveyStatus.OPEN)
    respond(survey, "Personal", count=12, **ALL_SCALES)
    respond(survey, "Jugendamt", count=12, **ALL_SCALES)
    respond(survey, "Bauamt", count=2, **ALL_SCALES)
    client = login(coordinator)
    url = f"/api/v1/organisations/kreis-musterstadt/surveys/{survey.pk}/results"
    assert client.get(url).status_code == 409
    survey_close(actor=coordinator, survey=survey)
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    groups = {group["label"]: group for group in body["groups"]}
    assert groups["Whole organisation"]["answers"] == 26
    small = groups["Bauamt"]
    assert small["answers"] is None and small["hidden_because"] == "below_k"
    assert all(cell["mean"] is None and cell["n"] is None for cell in small["cells"])


def test_the_instrument_schema_is_public(client):
    response = client.get("/api/v1/surveys/instrument-schema")
    assert response.status_code == 200 and response.json()["$id"] == "urn:vereinbar:schema:instrument:1"
