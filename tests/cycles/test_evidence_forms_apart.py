"""A self-assessment page has two upload forms: one below the criteria (a file for one criterion)
and one for the phase's own documents. A refused file comes back in the form it was sent with:
the error, the chosen criterion and the description stay there, the other form stays empty, and
the page opens at the form used."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

REFUSED = "Dateien dieses Typs werden nicht angenommen."


class Forms(HTMLParser):
    """The upload forms of a page: the address each sends to, its text, and the values it holds
    (inputs' values, the selected option of each list)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form" and "/evidence/" in (a.get("action") or ""):
            self._form = {"action": a["action"], "text": "", "values": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name") and a.get("type") != "file":
            self._form["values"][a["name"]] = a.get("value") or ""
        elif self._form is not None and tag == "select":
            self._select = a.get("name")
        elif self._form is not None and tag == "option" and self._select and "selected" in a:
            self._form["values"][self._select] = a.get("value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._form is not None:
            self._form["text"] += data


def _upload_forms(html: str) -> tuple[dict, dict]:
    """The form below the criteria and the form of the phase's documents."""
    parser = Forms()
    parser.feed(html)
    by_anchor = {form["action"].rpartition("#")[2]: form for form in parser.forms}
    assert set(by_anchor) == {"criterion-evidence", "attachments"}, by_anchor.keys()
    return by_anchor["criterion-evidence"], by_anchor["attachments"]


@pytest.fixture
def page(audit, open_cycle, parties, employer_org, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    client = login(parties["coordinator"])
    with translation.override("de"):
        url = reverse("workspace_cycles:evidence_upload", args=[employer_org.slug, cycle.pk, run.pk])

    def post(data: dict) -> str:
        response = client.post(url, data)
        assert response.status_code == 422
        return response.content.decode()

    return post


def test_a_refused_file_for_a_criterion_comes_back_in_the_form_below_the_criteria(page):
    html = page(
        {"criterion": "3.1", "file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00"), "description": "Dienstvereinbarung"}
    )
    criterion_form, documents_form = _upload_forms(html)
    assert REFUSED in criterion_form["text"]
    assert criterion_form["values"]["criterion"] == "3.1"
    assert criterion_form["values"]["description"] == "Dienstvereinbarung"
    assert REFUSED not in documents_form["text"]
    # the documents' form would otherwise send the next file to criterion 3.1
    assert documents_form["values"].get("criterion", "") == ""
    assert documents_form["values"].get("description", "") == ""
    assert html.count(REFUSED) == 1


def test_a_refused_document_of_the_phase_comes_back_in_its_own_form(page):
    html = page({"file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00"), "description": "Protokoll"})
    criterion_form, documents_form = _upload_forms(html)
    assert REFUSED in documents_form["text"]
    assert documents_form["values"]["description"] == "Protokoll"
    assert REFUSED not in criterion_form["text"]
    assert criterion_form["values"].get("description", "") == ""


def test_an_upload_without_a_file_says_so_beside_the_field(page):
    criterion_form, documents_form = _upload_forms(page({"criterion": "1.2", "description": ""}))
    assert "Dieses Feld ist erforderlich." in criterion_form["text"]
    assert criterion_form["values"]["criterion"] == "1.2"
    assert "erforderlich" not in documents_form["text"]
