"""The surveys pages as each member sees them: someone who sees only shared surveys is not
told there are none while one runs, and a reminder is offered only when someone was invited by
e-mail (printed codes and the open link have nobody to remind)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _list(client, user, organisation) -> str:
    client.force_login(user)
    return client.get(reverse("surveys:list", args=[organisation.slug])).content.decode()


def _detail(client, user, survey) -> str:
    client.force_login(user)
    return client.get(reverse("surveys:detail", args=[survey.organisation.slug, survey.pk])).content.decode()


def test_a_viewer_is_told_surveys_are_shared_not_that_there_are_none(client, viewer, open_survey):
    page = _list(client, viewer, open_survey.organisation)
    assert "No survey has been shared with you yet" in page
    assert "No surveys yet." not in page


def test_a_coordinator_without_surveys_reads_none_yet(client, coordinator, employer_org):
    page = _list(client, coordinator, employer_org)
    assert "No surveys yet." in page
    assert "shared with you" not in page


def test_an_open_survey_without_mail_invitations_offers_no_reminder(client, coordinator, open_survey):
    page = _detail(client, coordinator, open_survey)
    assert "Nobody has been invited by e-mail yet, so there is nobody to remind." in page
    assert "Remind those who have not answered" not in page


def test_an_open_survey_with_mail_invitations_offers_the_reminder(client, coordinator, open_survey, invite):
    invite(open_survey)
    page = _detail(client, coordinator, open_survey)
    assert "Remind those who have not answered" in page
    assert "nobody to remind" not in page


def test_the_new_survey_page_keeps_the_organisation_menu(client, coordinator, employer_org, instrument_version):
    client.force_login(coordinator)
    page = client.get(reverse("surveys:create", args=[employer_org.slug])).content.decode()
    assert f'aria-label="{employer_org.name}"' in page
    assert f'href="{reverse("surveys:list", args=[employer_org.slug])}"' in page
