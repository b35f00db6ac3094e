"""The desk lists offer their CSV and XLSX downloads only when the list shows something: a list
that found nothing offers no empty files; one with rows names what the files hold (the filtered
rows, or the whole list)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from .test_operator_desk import applied, registered

pytestmark = pytest.mark.django_db


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


def downloads(html: str) -> str:
    """The download line as read, or "" when the page offers none."""
    start = html.find('class="desk-export"')
    if start == -1:
        return ""
    line = html[html.index(">", start) + 1 : html.index("</p>", start)]
    return " ".join(re.sub(r"<[^>]+>", "", line).split())


def test_the_cycles_list_offers_no_download_when_the_filters_find_nothing(audit, parties, login):
    applied(audit, "Stadt Aachen", region="Bayern")
    client = login(parties["operator"])
    found = client.get(url("operator_cycles:list", "de"), {"q": "Aachen"}).content.decode()
    assert downloads(found) == "Gefilterte Liste herunterladen: CSV · XLSX"
    nothing = client.get(url("operator_cycles:list", "de"), {"q": "Zwickau"}).content.decode()
    assert "Stadt Aachen" not in nothing
    assert downloads(nothing) == ""
    assert "XLSX" not in nothing


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_registrations_list_offers_downloads_only_for_rows(parties, login, language):
    registered("Verein Bdorf", "Bayern", date(2026, 1, 1), status="approved")
    client = login(parties["operator"])
    empty = client.get(url("operator:registrations", language)).content.decode()  # none waits
    assert downloads(empty) == "" and "CSV" not in empty
    listed = client.get(url("operator:registrations", language), {"status": ""}).content.decode()
    assert "Verein Bdorf" in listed
    assert (
        downloads(listed) == {"nl": "Lijst downloaden: CSV · XLSX", "de": "Liste herunterladen: CSV · XLSX"}[language]
    )
