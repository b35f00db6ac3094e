"""Survey figures (invitations, answers, mails) are grouped by thousands as the reader's
language writes them, on the pages and in the response-rate chart of the report and its PDF."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from vereinbar.surveys.report.build import RateRow
from vereinbar.surveys.report.charts import rates


@pytest.mark.parametrize(
    ("language", "sent", "failed"),
    [
        ("de", "Letzter Versand: 1.200 von 3.400 E-Mails gesendet.", "1.001 E-Mails konnten nicht zugestellt werden"),
        ("nl", "Laatste verzending: 1.200 van 3.400 e-mails verzonden.", "1.001 e-mails konden niet worden bezorgd"),
        ("en", "Last mailing: 1,200 of 3,400 mails sent.", "1,001 mails could not be delivered"),
    ],
)
def test_the_mail_progress_groups_the_numbers_of_mails(language, sent, failed):
    progress = {"done": True, "sent": 1200, "total": 3400, "failed": 1001}
    with translation.override(language):
        html = " ".join(render_to_string("surveys/_mail_progress.html", {"mail_progress": (None, progress)}).split())
    assert sent in html
    assert failed in html


@pytest.mark.parametrize(
    ("language", "pair", "answers"), [("de", "(1.234/2.000)", "1.500"), ("en", "(1,234/2,000)", "1,500")]
)
def test_the_response_rate_chart_groups_answers_and_invitations(language, pair, answers):
    report = SimpleNamespace(
        k=5,
        rate_total=RateRow(label="Total", depth=0, invited=2000, responses=1234, rate=0.617),
        rates=(RateRow(label="Care", depth=1, invited=None, responses=1500, rate=None),),
    )
    with translation.override(language):
        svg = rates(report)  # type: ignore[arg-type]  # the chart reads only these fields
    assert pair in svg
    assert f"{answers} " in svg


@pytest.mark.django_db
def test_the_reminder_message_groups_the_number_of_reminders(open_survey, coordinator, login, monkeypatch):
    from vereinbar.surveys.views import workspace

    monkeypatch.setattr(workspace.invitation_services, "invitations_remind", lambda **kwargs: 1200)
    client = login(coordinator)
    response = client.post(
        f"/de/workspace/kreis-musterstadt/surveys/{open_survey.pk}/reminders/", {"confirm": "yes"}, follow=True
    )
    assert "Erinnerungen an 1.200 Personen" in response.content.decode()
