"""The response rate shows how many were invited only where the group's answers are shown:
"4 invited" beside a hidden unit lets a reader tell that everyone in it took part."""

from __future__ import annotations

from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.exports import rate_rows
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES


def test_invited_counts_of_hidden_units_are_not_shown(make_survey, respond, invite, coordinator, login):
    survey = make_survey(SurveyStatus.OPEN)
    for unit, invited, answered in (("Personal", 12, 10), ("Jugendamt", 7, 3), ("Bauamt", 4, 4)):
        for _ in range(invited):
            invite(survey, unit)
        respond(survey, unit, count=answered, **ALL_SCALES)
    survey_close(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    report = report_build(survey=survey, language="en")
    rates = {row.label: row for row in report.rates}
    assert (rates["Personal"].invited, rates["Personal"].responses) == (12, 10)
    for hidden in ("Jugendamt", "Bauamt"):
        assert (rates[hidden].invited, rates[hidden].responses, rates[hidden].rate) == (None, None, None)
    assert (report.rate_total.invited, report.rate_total.responses) == (23, 17)
    _header, spreadsheet = rate_rows(report)  # the Excel file's response-rate sheet
    assert next(row for row in spreadsheet if row[0] == "Bauamt")[1:4] == [None, None, None]
    page = login(coordinator).get(f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/")
    rate_table = page.content.decode().split('id="rates-heading"')[1].split("</table>")[0]
    row = rate_table.split(">Bauamt<")[1].split("</tr>")[0]
    assert ">4<" not in row and ">7<" not in rate_table.split(">Jugendamt<")[1].split("</tr>")[0]
