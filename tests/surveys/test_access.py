"""Who reaches which survey page: outsiders never see that a survey exists (404), members
without a survey role or grant are refused (403), the staff council sees what it is given."""

from __future__ import annotations

import pytest

from vereinbar.surveys.models import SurveyAccess, SurveyStatus
from vereinbar.surveys.services.surveys import survey_access_grant

ORG = "/en/workspace/kreis-musterstadt/surveys/"

# (method, path below the survey) for every survey page and endpoint.
SURVEY_PAGES = [
    ("get", ""),
    ("get", "settings/"),
    ("post", "settings/"),
    ("post", "open/"),
    ("post", "close/"),
    ("post", "invitations/"),
    ("post", "reminders/"),
    ("post", "codes/"),
    ("post", "open-link/"),
    ("post", "access/"),
    ("post", "access/{access}/revoke/"),
    ("get", "results/"),
    ("get", "results/chart/profile.svg"),
    ("get", "results/report.pdf"),
    ("get", "results/figures.csv"),
    ("get", "results/figures.xlsx"),
    ("get", "results/raw/"),
    ("post", "results/raw/"),
]
MANAGE = {path for method, path in SURVEY_PAGES if method == "post" and not path.startswith("results")} | {"settings/"}


@pytest.fixture
def survey(closed_survey_with_answers, coordinator, contributor):
    grant = survey_access_grant(
        actor=coordinator, survey=closed_survey_with_answers, email=contributor.email, raw_data=True
    )
    closed_survey_with_answers.grant = grant
    return closed_survey_with_answers


def _url(survey, path):
    return f"{ORG}{survey.pk}/{path.format(access=survey.grant.pk)}"


@pytest.mark.parametrize(("method", "path"), SURVEY_PAGES)
def test_an_outsider_gets_404_on_every_survey_page(survey, login, outsider, method, path):
    response = getattr(login(outsider), method)(_url(survey, path))
    assert response.status_code == 404


@pytest.mark.parametrize("path", [ORG, f"{ORG}new/"])
def test_an_outsider_gets_404_on_the_survey_list_and_form(db, login, outsider, employer_org, path):
    assert login(outsider).get(path).status_code == 404


@pytest.mark.parametrize(("method", "path"), SURVEY_PAGES)
def test_anonymous_visitors_are_sent_to_the_login(survey, client, method, path):
    response = getattr(client, method)(_url(survey, path))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("method", "path"), SURVEY_PAGES)
def test_a_viewer_without_a_grant_is_refused(survey, login, viewer, method, path):
    assert getattr(login(viewer), method)(_url(survey, path)).status_code == 403


def test_a_viewer_sees_only_the_surveys_shared_with_them(survey, login, viewer, coordinator):
    client = login(viewer)
    assert survey.title not in client.get(ORG).content.decode()
    survey_access_grant(actor=coordinator, survey=survey, email=viewer.email)
    assert survey.title in client.get(ORG).content.decode()
    assert client.get(_url(survey, "")).status_code == 200
    assert client.get(_url(survey, "results/")).status_code == 200
    assert client.get(_url(survey, "results/raw/")).status_code == 403
    assert client.post(_url(survey, "close/")).status_code == 403


@pytest.mark.parametrize(("method", "path"), SURVEY_PAGES)
def test_a_contributor_reads_but_does_not_manage(survey, login, contributor, method, path):
    response = getattr(login(contributor), method)(_url(survey, path))
    if path in MANAGE:
        assert response.status_code == 403
    else:
        assert response.status_code in {200, 302, 400}, path


def test_only_coordinators_see_the_form_to_create_a_survey(db, login, coordinator, contributor, employer_org):
    assert login(contributor).get(f"{ORG}new/").status_code == 403
    assert login(coordinator).get(f"{ORG}new/").status_code == 200


def test_the_coordinator_runs_a_survey_from_the_pages(instrument_version, login, coordinator):
    client = login(coordinator)
    response = client.post(
        f"{ORG}new/",
        {
            "title_de": "Befragung 2026",
            "instrument_version": instrument_version.pk,
            "languages": ["de", "en"],
            "min_group_size": 5,
            "min_group_size_comments": 10,
            "units": "Personal\nBauamt",
        },
    )
    assert response.status_code == 302
    detail = response["Location"]
    assert client.post(detail + "open/").status_code == 302
    page = client.get(detail).content.decode()
    assert "Invite staff by e-mail" in page and "Printed codes" in page
    codes = client.post(detail + "codes/", {"count": 3, "language": "de"})
    assert codes.status_code == 200 and codes.content.decode().count('class="code"') == 3
    bad = client.post(
        detail + "settings/", {"title_de": "X", "languages": ["de"], "min_group_size": 2, "min_group_size_comments": 10}
    )
    assert bad.status_code == 200 and "aria-invalid" in bad.content.decode()
    assert client.post(detail + "close/", {"confirm": "yes"}).status_code == 302
    assert SurveyAccess.objects.count() == 0
    from vereinbar.surveys.models import Survey

    assert Survey.objects.get().status == SurveyStatus.CLOSED
