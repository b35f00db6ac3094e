"""The coordinator's steps on the survey page: closing asks for confirmation, and a long unit
list says where each unit sits (in the settings card and in the unit choice for codes)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vereinbar.surveys.forms import CodesForm
from vereinbar.surveys.models import SurveyStatus

pytestmark = pytest.mark.django_db

UNITS = "Dezernat 1\nDezernat 1 / Amt 11\nDezernat 1 / Amt 12\nDezernat 2 / Amt 21 / Team Nord\nStabsstelle"


def _close(client, survey, **data):
    return client.post(reverse("surveys:close", args=[survey.organisation.slug, survey.pk]), data)


def test_closing_without_the_confirmation_leaves_the_survey_open(client, coordinator, open_survey):
    client.force_login(coordinator)
    response = _close(client, open_survey)
    open_survey.refresh_from_db()
    assert open_survey.status == SurveyStatus.OPEN
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()


def test_closing_with_the_confirmation_closes_the_survey(client, coordinator, open_survey):
    client.force_login(coordinator)
    _close(client, open_survey, confirm="yes")
    open_survey.refresh_from_db()
    assert open_survey.status == SurveyStatus.CLOSED


def test_the_close_button_sits_beside_a_required_confirmation(client, coordinator, open_survey):
    client.force_login(coordinator)
    page = client.get(reverse("surveys:detail", args=[open_survey.organisation.slug, open_survey.pk])).content.decode()
    assert re.search(r'<input type="checkbox" name="confirm"[^>]* required', page)


def test_the_settings_card_groups_units_under_their_top_level_unit(client, coordinator, make_survey):
    survey = make_survey(units=UNITS)
    client.force_login(coordinator)
    page = client.get(reverse("surveys:detail", args=[survey.organisation.slug, survey.pk])).content.decode()
    assert "<li><strong>Dezernat 1</strong>: Amt 11, Amt 12</li>" in page
    assert "<li><strong>Dezernat 2</strong>: Amt 21, Amt 21 / Team Nord</li>" in page
    assert "<li><strong>Stabsstelle</strong></li>" in page


def test_the_unit_choice_for_codes_names_the_path_of_each_unit(make_survey):
    survey = make_survey(units=UNITS)
    labels = [label for _value, label in CodesForm(survey=survey).fields["unit"].choices]
    assert "Dezernat 1 / Amt 11" in labels
    assert "Dezernat 2 / Amt 21 / Team Nord" in labels
    assert "Stabsstelle" in labels


def test_the_questionnaires_are_offered_as_radio_buttons_with_the_first_chosen(client, coordinator, employer_org):
    from vereinbar.surveys.services.instruments import instrument_load

    from .conftest import SHIPPED

    version = instrument_load(raw=SHIPPED.read_bytes(), filename=SHIPPED.name).version
    client.force_login(coordinator)
    page = client.get(reverse("surveys:create", args=[employer_org.slug])).content.decode()
    assert f'type="radio" name="instrument_version" value="{version.pk}"' in page
    assert "checked" in page.split('name="instrument_version"')[1].split(">")[0]


def test_a_staff_list_may_name_a_unit_by_its_path(coordinator, make_survey):
    from vereinbar.surveys.models import SurveyInvitation
    from vereinbar.surveys.services.invitations import invitations_import

    survey = make_survey(SurveyStatus.OPEN, units=UNITS)
    raw = b"email;unit\nanna@example.org;Dezernat 2/Amt 21 / Team Nord\nbert@example.org;amt 11\n"
    invitations_import(actor=coordinator, survey=survey, raw=raw, default_language="de")
    units = dict(SurveyInvitation.objects.filter(survey=survey).values_list("email", "unit__name"))
    assert units == {"anna@example.org": "Team Nord", "bert@example.org": "Amt 11"}


def test_the_printed_codes_page_offers_printing_or_saving_as_pdf(client, coordinator, open_survey):
    client.force_login(coordinator)
    url = reverse("surveys:codes", args=[open_survey.organisation.slug, open_survey.pk])
    page = client.post(url, {"count": 3, "unit": "", "language": "de"}).content.decode()
    assert page.count('class="code"') == 3
    assert "data-print hidden" in page and "surveys/print" in page


def test_reminders_go_out_at_most_once_a_day(coordinator, open_survey):
    import datetime

    import time_machine
    from django.core import mail
    from django.core.exceptions import ValidationError

    from vereinbar.surveys.services.invitations import invitations_import, invitations_remind

    staff = b"email;unit\nanna@example.org;Personal\nbert@example.org;Bauamt\n"
    start = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        invitations_import(actor=coordinator, survey=open_survey, raw=staff, default_language="de")
        assert invitations_remind(actor=coordinator, survey=open_survey) == 2
        mail.outbox.clear()
    with time_machine.travel(start + datetime.timedelta(hours=23), tick=False):
        with pytest.raises(ValidationError, match="Reminders went out on"):
            invitations_remind(actor=coordinator, survey=open_survey)
        assert mail.outbox == []
    with time_machine.travel(start + datetime.timedelta(hours=24, minutes=1), tick=False):
        assert invitations_remind(actor=coordinator, survey=open_survey) == 2
