"""The survey coordinator's steps as she sees them: a reminder is confirmed on its own page
(how many, when the last went; counts only) and only that page's POST sends it; a missing tick
when closing is said beside the box; results of many units come in sections to open."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone

from vereinbar.activity.models import Entry
from vereinbar.notifications.models import MailKind, OutgoingMail
from vereinbar.surveys.models import SurveyInvitation, SurveyStatus

from .conftest import ALL_SCALES, respond_rows

pytestmark = pytest.mark.django_db

# A county's structure in small: 3 departments with 3 offices each, 12 units in all.
MANY_UNITS = "\n".join(
    f"Dezernat {d}\n" + "\n".join(f"Dezernat {d} / Amt {d}{a}" for a in range(1, 4)) for d in (1, 2, 3)
)


def _reminders(survey) -> str:
    return reverse("surveys:remind", args=[survey.organisation.slug, survey.pk])


def _reminder_mails() -> int:
    return OutgoingMail.objects.filter(kind=MailKind.SURVEY_REMINDER).count()


@pytest.fixture
def invited(open_survey, invite):
    """The open survey with three people invited by e-mail, one of whom has answered."""
    for _ in range(3):
        invite(open_survey)
    SurveyInvitation.objects.filter(pk=SurveyInvitation.objects.filter(survey=open_survey).first().pk).update(used=True)
    return open_survey


def test_the_reminder_page_says_how_many_get_one_and_sends_nothing(client, coordinator, invited):
    client.force_login(coordinator)
    response = client.get(_reminders(invited))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 people invited by e-mail who have not answered yet" in page
    assert "none sent yet" in page
    assert "Send the reminder to 2 people" in page
    assert "@example.org" not in page  # anonymous: counts only, never who
    assert _reminder_mails() == 0


def test_the_survey_page_links_to_the_confirmation_instead_of_sending(client, coordinator, invited):
    client.force_login(coordinator)
    page = client.get(reverse("surveys:detail", args=[invited.organisation.slug, invited.pk])).content.decode()
    assert f'href="{_reminders(invited)}"' in page
    assert f'action="{_reminders(invited)}"' not in page


def test_a_post_without_the_confirmation_sends_nothing(client, coordinator, invited):
    client.force_login(coordinator)
    response = client.post(_reminders(invited))
    assert response.status_code == 200
    assert "Send the reminder to 2 people" in response.content.decode()
    assert _reminder_mails() == 0


def test_the_confirming_post_sends_once_and_says_to_how_many(client, coordinator, invited):
    client.force_login(coordinator)
    response = client.post(_reminders(invited), {"confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert "Reminders are being sent to 2 people who have not answered yet." in page
    assert "the next reminder is possible from" in page
    assert _reminder_mails() == 2


def test_a_second_reminder_within_a_day_is_refused_with_the_time_it_is_possible(client, coordinator, invited):
    client.force_login(coordinator)
    client.post(_reminders(invited), {"confirm": "yes"})
    sent_at = Entry.objects.get(verb="survey.reminders_sent").created_at
    next_time = formats.date_format(timezone.localtime(sent_at + datetime.timedelta(hours=24)), "SHORT_DATETIME_FORMAT")

    page = client.get(_reminders(invited)).content.decode()
    assert f"the next ones can be sent from {next_time}" in page
    assert "Send the reminder" not in page

    detail = client.get(reverse("surveys:detail", args=[invited.organisation.slug, invited.pk])).content.decode()
    assert f"The next one is possible from {next_time}." in detail

    refused = client.post(_reminders(invited), {"confirm": "yes"}, follow=True).content.decode()
    assert f"the next ones can be sent from {next_time}" in refused
    assert _reminder_mails() == 2


def test_a_day_later_the_page_names_the_last_reminder_and_offers_the_next(client, coordinator, invited):
    client.force_login(coordinator)
    client.post(_reminders(invited), {"confirm": "yes"})
    sent_at = Entry.objects.get(verb="survey.reminders_sent").created_at
    when = formats.date_format(timezone.localtime(sent_at), "SHORT_DATETIME_FORMAT")
    with time_machine.travel(sent_at + datetime.timedelta(hours=24, minutes=1)):
        page = client.get(_reminders(invited)).content.decode()
        detail = client.get(reverse("surveys:detail", args=[invited.organisation.slug, invited.pk])).content.decode()
    assert f"{when}, to 2 people" in page
    assert "Send the reminder to 2 people" in page
    assert f"Last reminder: {when}, to 2 people." in detail


def test_closing_without_the_tick_says_so_beside_the_box(client, coordinator, open_survey):
    client.force_login(coordinator)
    response = client.post(reverse("surveys:close", args=[open_survey.organisation.slug, open_survey.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    box = re.search(r'<input type="checkbox" name="confirm"[^>]*>', page)
    assert box is not None
    assert 'aria-invalid="true"' in box.group(0)
    assert re.search(r'aria-describedby="[^"]*close-confirm_error', box.group(0))
    error = re.search(r'id="close-confirm_error">(.*?)</div>', page, re.S)
    assert error is not None and "Tick the box to confirm that the survey is to be closed." in error.group(1)
    messages = page.split('class="messages', 1)
    assert len(messages) == 1 or "Tick the box" not in messages[1].split("</div>\n      </div>", 1)[0]
    open_survey.refresh_from_db()
    assert open_survey.status == SurveyStatus.OPEN


def test_closing_a_closed_survey_is_said_on_top(client, coordinator, make_survey):
    survey = make_survey(SurveyStatus.CLOSED)
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:close", args=[survey.organisation.slug, survey.pk]), {"confirm": "on"}, follow=True
    )
    page = response.content.decode()
    assert "cannot change to" in page.split('class="messages', 1)[1]


@pytest.fixture
def many_units_closed(make_survey, coordinator):
    from vereinbar.surveys.services.surveys import survey_close

    survey = make_survey(SurveyStatus.OPEN, units=MANY_UNITS)
    for d in (1, 2, 3):
        for a in (1, 2, 3):
            respond_rows(survey, f"Amt {d}{a}", 6, ALL_SCALES)
    return survey_close(actor=coordinator, survey=survey)


def test_results_of_many_units_come_in_closed_sections_per_top_level_unit(client, coordinator, many_units_closed):
    client.force_login(coordinator)
    url = reverse("surveys:report", args=[many_units_closed.organisation.slug, many_units_closed.pk])
    page = client.get(url).content.decode()
    sections = re.findall(r'<details class="unit-section"( open)?>\s*<summary>(.*?)</summary>', page, re.S)
    names = [re.sub(r"<[^>]+>", " ", summary) for _open, summary in sections]
    assert any("Dezernat 2" in name and "with 3 units" in name and "18 answers" in name for name in names)
    assert not any(is_open for is_open, _summary in sections)
    assert "Open all 12 units" in page

    opened = client.get(url + "?units=open").content.decode()
    assert '<details class="unit-section" open>' in opened
    assert "Amt 23" in opened


def test_results_of_a_few_units_come_in_closed_sections_too(client, coordinator, closed_survey_with_answers):
    # A phone shows each unit as a card of ten lines: five units already make a long page.
    client.force_login(coordinator)
    survey = closed_survey_with_answers
    page = client.get(reverse("surveys:report", args=[survey.organisation.slug, survey.pk])).content.decode()
    assert "Results by unit" in page
    sections = re.findall(r'<details class="unit-section"( open)?>\s*<summary>(.*?)</summary>', page, re.S)
    names = [re.sub(r"<[^>]+>", " ", summary) for _open, summary in sections]
    assert any("Verwaltung" in name and "with 2 units" in name for name in names)
    assert any("Jugendamt" in name for name in names)
    assert not any(is_open for is_open, _summary in sections)


def test_the_pdf_shows_every_unit_without_sections(many_units_closed):
    from vereinbar.surveys.report.cache import report_cached

    report = report_cached(many_units_closed, "en", "all")
    html = render_to_string(
        "surveys/report_pdf.html", {"report": report, "charts": {}, "survey": many_units_closed, "pdf": True}
    )
    assert "<details" not in html
    assert "Amt 33" in html
