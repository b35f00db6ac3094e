"""The desk lists' filter panel (one include for the cycles, awards, registrations and employers
lists): once there are results it is one closed line naming the filters set and their number,
with the link clearing them beside it; it opens by itself only when nothing is set and nothing
found, when a filter has an error, and while the reader changes filters in it (htmx). The
operator area's menu link to a list keeps the filters the reader left it with."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from .test_operator_desk import applied, registered, started

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"


def panel(html: str) -> tuple[bool, str, str]:
    """Whether the panel is open, its closed line as read, and what follows the panel."""
    found = re.search(r'<details class="desk-panel"( open)?>\s*<summary[^>]*>(.*?)</summary>', html, re.S)
    assert found, "no filter panel"
    after = html[html.index("</details>", found.end()) :]
    return bool(found.group(1)), " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(2))).split()), after


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize(
    ("language", "line", "reset"),
    [
        ("de", "Filter (2): Status: Bewerbung eingereicht · Region: Bayern", "Alle Filter zurücksetzen"),
        ("nl", "Filters (2): Status: Aangevraagd · Regio: Bayern", "Alle filters wissen"),
    ],
)
def test_a_filtered_list_shows_one_closed_line_naming_the_filters_and_the_reset_link(
    audit, parties, login, language, line, reset
):
    applied(audit, "Stadt Aachen", region="Bayern")
    applied(audit, "Stadt Bonn", region="Hessen")
    client = login(parties["operator"])
    html = client.get(url(LIST, language), {"status": "applied", "region": "Bayern"}).content.decode()
    is_open, summary, after = panel(html)
    assert not is_open
    assert summary == line
    # The reset link is outside the closed panel, before the results.
    assert f'<a href="{url(LIST, language)}">{reset}</a>' in after.split("desk-results")[0]
    assert "Stadt Aachen" in after and "Stadt Bonn" not in after


def test_the_plain_list_with_results_is_closed_too_and_offers_no_reset(audit, parties, login):
    applied(audit, "Stadt Aachen", region="Bayern")
    client = login(parties["operator"])
    html = client.get(url(LIST, "de")).content.decode()
    is_open, summary, _after = panel(html)
    assert (is_open, summary) == (False, "Filter")
    assert "Alle Filter zurücksetzen" not in html


def test_the_panel_opens_when_nothing_is_set_and_nothing_found(audit, parties, login):
    client = login(parties["operator"])
    is_open, _summary, _after = panel(client.get(url(LIST, "de")).content.decode())
    assert is_open


def test_a_search_finding_nothing_stays_closed_with_its_reset_link(audit, parties, login):
    applied(audit, "Stadt Aachen", region="Bayern")
    client = login(parties["operator"])
    html = client.get(url(LIST, "de"), {"q": "Zwickau"}).content.decode()
    is_open, summary, after = panel(html)
    # The search word is no filter: the panel counts none, the results name the word searched for.
    assert (is_open, summary) == (False, "Filter")
    assert "Suchwort: „Zwickau“" in text(after)
    assert "Suche zurücksetzen" in after


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(
    ("language", "line", "shown"),
    [
        (
            "de",
            "Filter (1): Region: Bayern",
            "Zeilen 26–30 von 30 · Suchwort: „Gemeinde“ · Sortiert nach: Organisation (A–Z)",
        ),
        (
            "nl",
            "Filter (1): Regio: Bayern",
            "Rijen 26–30 van 30 · Zoekwoord: ‘Gemeinde’ · Gesorteerd op: Organisatie (A–Z)",
        ),
    ],
)
def test_the_search_word_is_named_beside_the_rows_not_counted_as_a_filter(audit, parties, login, language, line, shown):
    for number in range(30):
        applied(audit, f"Gemeinde {number:02}", region="Bayern")
    applied(audit, "Stadt Aachen", region="Bayern")
    client = login(parties["operator"])
    html = client.get(url(LIST, language), {"q": "Gemeinde", "region": "Bayern", "size": "25", "page": "2"})
    _open, summary, after = panel(html.content.decode())
    assert summary == line
    assert shown in text(after)


def test_a_filter_with_an_error_opens_the_panel_to_show_it(audit, parties, login):
    applied(audit, "Stadt Aachen", region="Bayern")
    client = login(parties["operator"])
    html = client.get(url(LIST, "de"), {"due_from": "2026-05-01", "due_to": "2026-04-01"}).content.decode()
    is_open, summary, _after = panel(html)
    assert is_open
    assert summary == "Filter (2): Fällig ab: 01.05.2026 · Fällig bis: 01.04.2026"
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in html


def test_changing_a_filter_in_place_keeps_the_panel_open_but_paging_does_not(audit, parties, login):
    for number in range(30):
        applied(audit, f"Gemeinde {number:02}", region="Bayern")
    client = login(parties["operator"])
    changed = client.get(url(LIST, "de"), {"region": "Bayern"}, headers={"HX-Request": "true"}).content.decode()
    assert panel(changed)[0]
    paged = client.get(url(LIST, "de"), {"size": "25", "page": "2"}, headers={"HX-Request": "true"}).content.decode()
    assert not panel(paged)[0]


def test_the_search_stays_in_view_and_searching_leaves_the_panel_folded(audit, parties, login):
    for number in range(3):
        applied(audit, f"Gemeinde {number:02}", region="Bayern")
    client = login(parties["operator"])
    html = client.get(url(LIST, "de"), {"region": "Bayern"}).content.decode()
    is_open, _line, _after = panel(html)
    assert not is_open
    before_panel = html[: html.index('<details class="desk-panel"')]
    assert 'name="q"' in before_panel  # the search field is outside the folded panel
    address = f"http://testserver{url(LIST, 'de')}?region=Bayern"
    searched = client.get(
        url(LIST, "de"),
        {"region": "Bayern", "q": "Gemeinde 01"},
        headers={"HX-Request": "true", "HX-Current-URL": address},
    ).content.decode()
    assert not panel(searched)[0]
    assert "1 Durchlauf gefunden" in searched
    narrowed = client.get(
        url(LIST, "de"), {"region": "Hessen"}, headers={"HX-Request": "true", "HX-Current-URL": address}
    ).content.decode()
    assert panel(narrowed)[0]


def test_the_registrations_list_shares_the_panel_and_its_default_is_no_filter(parties, login):
    from datetime import date

    registered("Gemeinde Adorf", "Bayern", date(2026, 4, 1))
    registered("Verein Bdorf", "Bayern", date(2026, 1, 1), status="approved")
    client = login(parties["operator"])
    plain = client.get(url("operator:registrations", "de")).content.decode()
    assert panel(plain)[:2] == (False, "Filter")  # "pending" is the list's own default
    approved = client.get(url("operator:registrations", "nl"), {"status": "approved"}).content.decode()
    assert panel(approved)[:2] == (False, "Filter (1): Status: Goedgekeurd")


def menu_link(html: str, label: str) -> str:
    """The href of the operator area's menu item ``label`` (the first sub-navigation)."""
    nav = html[html.index('<nav class="subnav"') :]
    nav = nav[: nav.index("</nav>")]
    found = re.search(rf'<a href="([^"]*)"[^>]*>{label}</a>', nav)
    assert found, nav
    return unescape(found.group(1))


def test_the_menu_link_from_a_cycle_opens_the_list_as_it_was_left(audit, parties, login):
    cycle = started(audit, "Stadt Aachen", parties, region="Bayern")
    client = login(parties["operator"])
    detail_url = reverse("operator_cycles:detail", args=[cycle.pk])
    assert menu_link(client.get(detail_url).content.decode(), "Cycles") == reverse(LIST)
    client.get(reverse(LIST), {"region": "Bayern", "waiting": "auditor"})
    kept = menu_link(client.get(detail_url).content.decode(), "Cycles")
    assert kept == f"{reverse(LIST)}?region=Bayern&waiting=auditor"
    # Followed, it shows the list as left: its filters named on the closed panel line.
    _open, summary, _after = panel(client.get(kept).content.decode())
    assert summary == "Filters (2): Waiting for: the auditor · Region: Bayern"
    # On the list itself the menu item is the page (with its filters), not a page below it.
    listed = client.get(kept).content.decode()
    assert re.search(r'<a href="[^"]*waiting=auditor" aria-current="page">Cycles</a>', listed)
