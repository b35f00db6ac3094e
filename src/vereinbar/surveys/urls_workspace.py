"""Survey pages in the workspace (/<lang>/workspace/<org>/surveys/)."""

from django.urls import path

from .views import ranking, report, workspace

app_name = "surveys"

urlpatterns = [
    path("", workspace.survey_list, name="list"),
    path("new/", workspace.survey_create, name="create"),
    path("rankings/", ranking.ranking_consent, name="rankings"),
    path("rankings/<int:programme_id>/", ranking.ranking_consent_change, name="ranking_change"),
    path("<int:survey_id>/", workspace.survey_detail, name="detail"),
    path("<int:survey_id>/settings/", workspace.survey_edit, name="edit"),
    path("<int:survey_id>/open/", workspace.survey_transition, {"to": "open"}, name="open"),
    path("<int:survey_id>/close/", workspace.survey_transition, {"to": "closed"}, name="close"),
    path("<int:survey_id>/invitations/", workspace.survey_invite, name="invite"),
    path("<int:survey_id>/reminders/", workspace.survey_remind, name="remind"),
    path("<int:survey_id>/mail-progress/", workspace.survey_mail_progress, name="mail_progress"),
    path("<int:survey_id>/codes/", workspace.survey_codes, name="codes"),
    path("<int:survey_id>/open-link/", workspace.survey_open_link, name="open_link"),
    path("<int:survey_id>/access/", workspace.survey_access, name="access"),
    path("<int:survey_id>/access/<int:access_id>/revoke/", workspace.survey_access_revoke, name="access_revoke"),
    path("<int:survey_id>/results/", report.report_page, name="report"),
    path("<int:survey_id>/results/chart/<slug:name>.svg", report.report_chart, name="chart"),
    path("<int:survey_id>/results/report.pdf", report.report_pdf, name="pdf"),
    path("<int:survey_id>/results/pdf/", report.report_pdf_request, name="pdf_request"),
    path("<int:survey_id>/results/pdf/<int:pdf_id>/", report.report_pdf_status, name="pdf_status"),
    path("<int:survey_id>/results/pdf/<int:pdf_id>/download/", report.report_pdf_download, name="pdf_download"),
    path("<int:survey_id>/results/figures.csv", report.report_table, {"kind": "csv"}, name="csv"),
    path("<int:survey_id>/results/figures.xlsx", report.report_table, {"kind": "xlsx"}, name="xlsx"),
    path("<int:survey_id>/results/raw/", report.raw_data, name="raw"),
    path("<int:survey_id>/results/goal/", report.report_goal, name="goal"),
]
