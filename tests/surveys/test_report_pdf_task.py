"""The report PDF made in the background: asked for from the results page, made by a task, kept
in the private storage, served only to the report's readers, reused while the report is the
same, deleted after a day or when the report changes; a failure offers to try again."""

from __future__ import annotations

import io
from datetime import timedelta

import pdfplumber
import pytest
from django.core.management import call_command
from django.utils import timezone

from vereinbar.surveys.models import ReportPdf, ReportPdfStatus, ScaleResult
from vereinbar.surveys.report import pdf as pdf_module
from vereinbar.surveys.services.surveys import survey_access_grant

BASE = "/en/workspace/kreis-musterstadt/surveys/{}/results/"


@pytest.fixture
def survey(closed_survey_with_answers):
    return closed_survey_with_answers


@pytest.fixture
def quick_pdf(monkeypatch):
    """The layout is tested in test_report_pdf; here a stand-in renderer keeps the tests quick
    and counts how often a PDF is made."""
    made = []

    def render(report, draw=None):
        made.append((report.language, report.survey.pk))
        return b"%PDF-1.7 made for " + report.language.encode()

    monkeypatch.setattr(pdf_module, "report_pdf", render)
    return made


def _ask(client, survey, django_capture_on_commit_callbacks, *, lang="en", peers="all", htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"{BASE.format(survey.pk)}pdf/", {"lang": lang, "peers": peers}, headers=headers)


def test_the_task_makes_the_pdf_in_the_chosen_language(survey, login, coordinator, django_capture_on_commit_callbacks):
    client = login(coordinator)
    response = _ask(client, survey, django_capture_on_commit_callbacks, lang="nl")
    pdf = ReportPdf.objects.get(survey=survey)
    assert response.status_code == 302
    assert response["Location"] == f"{BASE.format(survey.pk)}?peers=all&pdf={pdf.pk}#report-pdf"
    assert pdf.status == ReportPdfStatus.READY and pdf.language == "nl" and pdf.finished_at is not None
    assert pdf.file.name.startswith(f"survey-reports/{survey.pk}/")
    with pytest.raises(NotImplementedError):  # no public address
        pdf.file.url  # noqa: B018
    download = client.get(f"{BASE.format(survey.pk)}pdf/{pdf.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"] and download["Cache-Control"] == "private, no-store"
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(body)) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert survey.title in text and "Opmerkingen" in text and "Comments" not in text  # in Dutch


@pytest.mark.parametrize("role", ["coordinator", "contributor_with_grant"])
def test_readers_of_the_report_download_the_pdf(
    survey, role, login, coordinator, contributor, quick_pdf, django_capture_on_commit_callbacks
):
    _ask(login(coordinator), survey, django_capture_on_commit_callbacks)
    pdf = ReportPdf.objects.get(survey=survey)
    if role == "contributor_with_grant":
        survey_access_grant(actor=coordinator, survey=survey, email=contributor.email, raw_data=False)
        client = login(contributor)
    else:
        client = login(coordinator)
    response = client.get(f"{BASE.format(survey.pk)}pdf/{pdf.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 made for en"


def test_people_who_may_not_read_the_report_do_not_get_the_pdf(
    survey, login, coordinator, viewer, outsider, client, quick_pdf, django_capture_on_commit_callbacks
):
    _ask(login(coordinator), survey, django_capture_on_commit_callbacks)
    pdf = ReportPdf.objects.get(survey=survey)
    urls = [f"{BASE.format(survey.pk)}pdf/{pdf.pk}/download/", f"{BASE.format(survey.pk)}pdf/{pdf.pk}/"]
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302 and "login" in client.get(url)["Location"]
    for url in urls:
        assert login(viewer).get(url).status_code == 403  # a member without a grant
        assert login(outsider).get(url).status_code == 404  # another organisation
    assert login(outsider).post(f"{BASE.format(survey.pk)}pdf/", {"lang": "en"}).status_code == 404


def test_a_pdf_of_another_survey_is_not_served_under_this_one(
    survey, make_survey, login, coordinator, quick_pdf, django_capture_on_commit_callbacks
):
    _ask(login(coordinator), survey, django_capture_on_commit_callbacks)
    pdf = ReportPdf.objects.get(survey=survey)
    other = make_survey("closed", title="Andere")
    assert login(coordinator).get(f"{BASE.format(other.pk)}pdf/{pdf.pk}/download/").status_code == 404


def test_the_page_shows_preparing_and_polls_until_ready(
    survey, login, coordinator, quick_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(coordinator)
    monkeypatch.setattr(pdf_module, "_enqueue", lambda pdf_id: None)  # no worker (yet)
    box = _ask(client, survey, django_capture_on_commit_callbacks, htmx=True).content.decode()
    pdf = ReportPdf.objects.get(survey=survey)
    status_url = f"{BASE.format(survey.pk)}pdf/{pdf.pk}/"
    assert pdf.status == ReportPdfStatus.PREPARING
    assert "Preparing the PDF (English)…" in box and f'hx-get="{status_url}"' in box and 'hx-trigger="every 2s"' in box
    assert f'href="{BASE.format(survey.pk)}?peers=all&amp;pdf={pdf.pk}#report-pdf"' in box  # without JavaScript
    page = client.get(f"{BASE.format(survey.pk)}?peers=all&pdf={pdf.pk}").content.decode()
    assert "Preparing the PDF (English)…" in page and f'hx-get="{status_url}"' in page
    pdf_module.pdf_make(pdf.pk)  # the worker
    ready = client.get(status_url).content.decode()
    assert "The PDF (English) is ready." in ready and "hx-get" not in ready
    assert f'href="{status_url}download/"' in ready


def test_a_worker_that_is_down_shows_still_preparing_and_then_offers_to_try_again(
    survey, login, coordinator, quick_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(coordinator)
    monkeypatch.setattr(pdf_module, "_enqueue", lambda pdf_id: None)
    _ask(client, survey, django_capture_on_commit_callbacks)
    pdf = ReportPdf.objects.get(survey=survey)
    status_url = f"{BASE.format(survey.pk)}pdf/{pdf.pk}/"
    ReportPdf.objects.filter(pk=pdf.pk).update(requested_at=timezone.now() - timedelta(minutes=2))
    box = client.get(status_url)
    assert box.status_code == 200 and "Still preparing the PDF (English)…" in box.content.decode()
    assert "Try again" not in box.content.decode()
    ReportPdf.objects.filter(pk=pdf.pk).update(requested_at=timezone.now() - timedelta(minutes=11))
    box = client.get(status_url).content.decode()
    assert "much longer than usual" in box and "Try again" in box and "hx-get" in box
    monkeypatch.undo()
    monkeypatch.setattr(pdf_module, "report_pdf", lambda report, draw=None: b"%PDF again")
    _ask(client, survey, django_capture_on_commit_callbacks)  # try again: enqueued anew, made
    pdf.refresh_from_db()
    assert pdf.status == ReportPdfStatus.READY


def test_a_failed_task_shows_a_message_and_trying_again_makes_the_pdf(
    survey, login, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(coordinator)

    def broken(report, draw=None):
        raise RuntimeError("WeasyPrint ran out of memory")

    monkeypatch.setattr(pdf_module, "report_pdf", broken)
    _ask(client, survey, django_capture_on_commit_callbacks)
    pdf = ReportPdf.objects.get(survey=survey)
    assert pdf.status == ReportPdfStatus.FAILED and "out of memory" in pdf.error
    box = client.get(f"{BASE.format(survey.pk)}pdf/{pdf.pk}/").content.decode()
    assert "could not be made" in box and "Try again" in box and "hx-get" not in box
    assert "out of memory" not in box  # the reason is for the log, not the page
    assert client.get(f"{BASE.format(survey.pk)}pdf/{pdf.pk}/download/").status_code == 404
    monkeypatch.setattr(pdf_module, "report_pdf", lambda report, draw=None: b"%PDF fine")
    _ask(client, survey, django_capture_on_commit_callbacks)
    pdf.refresh_from_db()
    assert pdf.status == ReportPdfStatus.READY and pdf.error == "" and ReportPdf.objects.count() == 1


def test_a_made_pdf_is_reused_while_the_report_is_unchanged(
    survey, login, coordinator, quick_pdf, django_capture_on_commit_callbacks
):
    client = login(coordinator)
    _ask(client, survey, django_capture_on_commit_callbacks)
    _ask(client, survey, django_capture_on_commit_callbacks)
    assert len(quick_pdf) == 1 and ReportPdf.objects.count() == 1
    _ask(client, survey, django_capture_on_commit_callbacks, lang="de")
    _ask(client, survey, django_capture_on_commit_callbacks, peers="sector")
    assert len(quick_pdf) == 3 and ReportPdf.objects.count() == 3


def test_a_changed_report_gets_a_new_pdf_and_the_old_one_goes(
    survey, login, coordinator, quick_pdf, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    client = login(coordinator)
    _ask(client, survey, django_capture_on_commit_callbacks)
    old = ReportPdf.objects.get(survey=survey)
    storage, name = old.file.storage, old.file.name
    type(survey).objects.filter(pk=survey.pk).update(title="Befragung, umbenannt")
    cache.clear()
    _ask(client, survey, django_capture_on_commit_callbacks)
    assert len(quick_pdf) == 2 and not ReportPdf.objects.filter(pk=old.pk).exists()
    assert not storage.exists(name) and ReportPdf.objects.get(survey=survey).stamp != old.stamp


def test_the_old_address_serves_a_ready_pdf_or_leads_to_the_button(
    survey, login, coordinator, quick_pdf, django_capture_on_commit_callbacks
):
    client = login(coordinator)
    before = client.get(f"{BASE.format(survey.pk)}report.pdf?lang=en&peers=all")
    assert before.status_code == 302 and before["Location"].endswith("?peers=all#report-pdf")
    _ask(client, survey, django_capture_on_commit_callbacks)
    after = client.get(f"{BASE.format(survey.pk)}report.pdf?lang=en&peers=all")
    assert after.status_code == 200 and b"".join(after.streaming_content) == b"%PDF-1.7 made for en"


def test_pdfs_are_deleted_after_a_day_by_the_daily_job(
    survey, login, coordinator, quick_pdf, django_capture_on_commit_callbacks
):
    _ask(login(coordinator), survey, django_capture_on_commit_callbacks)
    _ask(login(coordinator), survey, django_capture_on_commit_callbacks, lang="de")
    old, new = ReportPdf.objects.order_by("pk")
    storage, name = old.file.storage, old.file.name
    ReportPdf.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=1, minutes=1))
    out = io.StringIO()
    call_command("survey_report_pdfs", stdout=out)
    assert "deleted: 1" in out.getvalue()
    assert list(ReportPdf.objects.all()) == [new] and not storage.exists(name) and storage.exists(new.file.name)


def test_the_daily_jobs_include_the_pdf_clean_up():
    from vereinbar.core.management.commands.serve import DAILY_JOBS

    assert ("survey_report_pdfs", ("survey_report_pdfs",)) in DAILY_JOBS


def test_removing_raw_data_at_retention_deletes_the_pdfs(
    survey, login, coordinator, quick_pdf, django_capture_on_commit_callbacks
):
    from vereinbar.privacy.retention import survey_raw_data_remove

    _ask(login(coordinator), survey, django_capture_on_commit_callbacks)
    pdf = ReportPdf.objects.get(survey=survey)
    storage, name = pdf.file.storage, pdf.file.name
    assert ScaleResult.objects.filter(survey=survey).exists()
    survey_raw_data_remove(survey=survey)
    assert not ReportPdf.objects.filter(survey=survey).exists() and not storage.exists(name)


def test_the_api_schema_lists_every_reason_a_figure_is_hidden(client, db):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("CellOut", "GroupOut"):
        described = schema[name]["properties"]["hidden_because"]["description"]
        assert all(code in described for code in ("below_k", "complementary", "wave_difference")), name


def test_no_pdf_is_made_while_answers_still_come_in(
    open_survey, login, coordinator, django_capture_on_commit_callbacks
):
    response = _ask(login(coordinator), open_survey, django_capture_on_commit_callbacks)
    assert response.status_code == 404 and not ReportPdf.objects.exists()


def test_a_pdf_file_goes_with_its_row_however_the_row_goes(
    survey, login, coordinator, quick_pdf, django_capture_on_commit_callbacks
):
    _ask(login(coordinator), survey, django_capture_on_commit_callbacks)
    pdf = ReportPdf.objects.get(survey=survey)
    storage, name = pdf.file.storage, pdf.file.name
    ReportPdf.objects.filter(survey__organisation=survey.organisation).delete()  # as a cascade would
    assert not storage.exists(name)
