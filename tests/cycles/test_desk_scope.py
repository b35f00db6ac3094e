"""The cycles list opens on the current cycles (applied for, in progress, awarded), says so and
links to every cycle; the operator home's counts are the numbers of the lists they open; a
programme is named by its short key in the address (the old ``urn:`` address still works)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from vereinbar.cycles.models import Cycle, CycleStatus

from .test_operator_desk import applied, award, names, started

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"


@pytest.fixture
def desk(audit, parties):
    """Gemeente Delft applied, Stadt Aachen is in progress, Kreis Borken is awarded and going on,
    Kreis Coesfeld finished, Kreis Soest withdrew."""
    applied(audit, "Gemeente Delft")
    started(audit, "Stadt Aachen", parties)
    for name, status in (
        ("Kreis Borken", CycleStatus.AWARDED),
        ("Kreis Coesfeld", CycleStatus.COMPLETED),
        ("Kreis Soest", CycleStatus.WITHDRAWN),
    ):
        Cycle.objects.filter(pk=started(audit, name, parties).pk).update(status=status)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_list_opens_on_the_current_cycles_and_links_to_all(desk, parties, login):
    client = login(parties["operator"])
    opened = client.get(reverse(LIST))
    assert names(opened) == ["Gemeente Delft", "Kreis Borken", "Stadt Aachen"]
    page = opened.content.decode()
    assert "Current cycles: applied for, in progress or awarded. Show all, including finished" in text_of(page)
    [href] = re.findall(r'<p class="desk-scope">[^<]*<a href="([^"]*)"', page)
    every = client.get(unescape(href))
    assert names(every) == ["Gemeente Delft", "Kreis Borken", "Kreis Coesfeld", "Kreis Soest", "Stadt Aachen"]
    assert "All cycles, including finished. Show only the current ones" in text_of(every.content.decode())
    assert names(client.get(reverse(LIST), {"status": "completed"})) == ["Kreis Coesfeld"]


def test_the_export_holds_what_the_list_shows(desk, parties, login):
    client = login(parties["operator"])
    current = client.get(reverse("operator_cycles:export_csv")).content.decode("utf-8-sig")
    assert "Stadt Aachen" in current and "Kreis Coesfeld" not in current
    every = client.get(reverse("operator_cycles:export_csv"), {"status": ""}).content.decode("utf-8-sig")
    assert "Kreis Coesfeld" in every and "Kreis Soest" in every


def test_each_count_on_the_home_is_the_number_its_link_finds(desk, parties, login):
    client = login(parties["operator"])
    home = client.get(reverse("operator:index"), follow=True).content.decode()
    desk_part = home[home.index('class="desk-counts"') :]
    links = re.findall(r'<a(?: class="overdue")? href="([^"]*/cycles/[^"]*)">([^<]*\d[^<]*)</a>', desk_part)
    texts = [text for _href, text in links]
    assert "3 current cycles" in texts and "1 in progress" in texts and "1 application to accept" in texts
    for href, text in links:
        found = client.get(unescape(href)).context["page"].paginator.count
        assert found == int(re.findall(r"\d+", text.split(":")[-1])[0]), (href, text)
        assert "urn" not in href


def test_a_programme_is_named_by_its_short_key_and_the_old_address_still_works(desk, audit, parties, login):
    client = login(parties["operator"])
    short = client.get(reverse(LIST), {"programme": "test-audit"})
    assert names(short) == ["Gemeente Delft", "Kreis Borken", "Stadt Aachen"]
    old = client.get(reverse(LIST), {"programme": audit.identifier})
    assert old.status_code == 302
    assert old["Location"] == f"{reverse(LIST)}?programme=test-audit"
    assert 'value="test-audit" selected' in short.content.decode()


def test_the_waiting_for_filter_reads_naturally_in_german_and_dutch(desk, parties, login):
    client = login(parties["operator"])
    for language, line in (
        ("en", "Filter (1): Waiting for: the auditor"),
        ("de", "Filter (1): Am Zug: Auditorin/Auditor"),
        ("nl", "Filter (1): Aan zet: auditor"),
    ):
        with translation.override(language):
            page = client.get(reverse(LIST), {"waiting": "auditor"}).content.decode()
        assert line in text_of(page), language


def test_the_awards_list_names_a_programme_by_its_short_key_too(audit, parties, login):
    award(applied(audit, "Stadt Aachen"), "A-1", date.today() + timedelta(days=40))
    client = login(parties["operator"])
    short = client.get(reverse("operator_cycles:awards"), {"programme": "test-audit"})
    assert [a.number for a in short.context["page"].object_list] == ["A-1"]
    assert 'value="test-audit" selected' in short.content.decode()
    assert "urn:" not in short.content.decode()
    old = client.get(reverse("operator_cycles:awards"), {"programme": audit.identifier})
    assert old.status_code == 302
    assert old["Location"] == f"{reverse('operator_cycles:awards')}?programme=test-audit"
