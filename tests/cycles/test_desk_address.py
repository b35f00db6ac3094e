"""The desk lists' address holds only what the reader set: the filter form sends every field,
empty or not, but the address pushed by htmx, the plain page's address, the pager's and the
exports' links leave out empty filters, the default sort and page size and the first page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from .test_operator_desk import applied

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"
HTMX = {"HX-Request": "true"}
# What the cycles list's form sends when the reader picks only a programme (the status as the
# list opens: the current cycles).
EVERY_FIELD = {
    "q": "",
    "organisation": "",
    "programme": "",
    "stage": "",
    "status": "current",
    "phase": "",
    "waiting": "",
    "auditor": "",
    "region": "",
    "due_from": "",
    "due_to": "",
    "overdue": "",
    "sort": "organisation",
    "size": "50",
}


def test_htmx_is_told_to_push_only_the_filters_that_are_set(audit, parties, login):
    applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    client = login(parties["operator"])
    response = client.get(reverse(LIST), EVERY_FIELD | {"programme": "test-audit"}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == f"{reverse(LIST)}?programme=test-audit"
    cleared = client.get(reverse(LIST), EVERY_FIELD, headers=HTMX)
    assert cleared["HX-Push-Url"] == reverse(LIST)


def test_a_plain_get_with_empty_fields_is_sent_on_to_the_short_address(audit, parties, login):
    applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    client = login(parties["operator"])
    chosen = EVERY_FIELD | {"region": "Nordrhein-Westfalen", "sort": "-applied", "size": "100"}
    response = client.get(reverse(LIST), chosen)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(LIST)}?region=Nordrhein-Westfalen&sort=-applied&size=100"
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    assert shown.context["page"].paginator.count == 1


def test_the_pager_and_the_exports_link_to_the_short_address(audit, parties, login):
    for number in range(26):
        applied(audit, f"Gemeinde {number:02}", region="Bayern")
    client = login(parties["operator"])
    html = client.get(
        reverse(LIST), EVERY_FIELD | {"region": "Bayern", "size": "25", "page": "2"}, headers=HTMX
    ).content.decode()
    nav = html[html.index('<nav class="pagination"') :]
    pager = [unescape(href) for href in re.findall(r'href="([^"]*)"', nav[: nav.index("</nav>")])]
    exports = [unescape(href) for href in re.findall(r'href="([^"]*export\.[^"]*)"', html)]
    assert pager and exports
    for link in pager + exports:
        assert "=&" not in link and not link.endswith("=") and "sort=" not in link, link
        assert "region=Bayern&size=25" in link, link
    assert pager == ["?region=Bayern&size=25"]  # the previous, first page: no page=1


def test_an_empty_filter_with_a_default_stays_in_the_address(operator_org, parties, login):
    # The registrations list opens on those pending: "any status" (empty) differs from no choice.
    url = reverse("operator:registrations")
    client = login(parties["operator"])
    anything = client.get(url, {"q": "", "status": "", "sort": "registered"}, headers=HTMX)
    assert anything["HX-Push-Url"] == f"{url}?status="
    pending = client.get(url, {"q": "", "status": "pending"}, headers=HTMX)
    assert pending["HX-Push-Url"] == url
