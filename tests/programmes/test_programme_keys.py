"""A programme's key in addresses is unique, readable and never a path segment of its own: two
programmes whose identifiers end alike get two readable keys (the newer one with the part before
in front), a programme whose identifier ends in "upload" does not hide behind the upload page;
the programme pages, the news and the directory's filter all use the one key, and the addresses
from before (the whole identifier, the last part) move permanently to it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from tests.directory.conftest import award_issue
from tests.factories import OrganisationFactory
from tests.programme_files import charter_load
from vereinbar.news.models import Announcement, AnnouncementStatus
from vereinbar.programmes.keys import RESERVED_KEYS, key_choose, programme_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def charter(operator_org):
    def make(identifier: str, name: str):
        return charter_load(operator_org, identifier, name)

    return make


@pytest.fixture
def alike(charter, operator_org):
    """Two programmes whose identifiers end alike, each with an awarded employer and news."""
    older = charter("urn:vereinbar:programme:care", "Alt")
    newer = charter("urn:example:care", "Neu")
    for programme, name in ((older, "Kreis Soest"), (newer, "Bakkerij Brood")):
        employer = OrganisationFactory(name=name, slug=name.lower().replace(" ", "-"), country="DE")
        award_issue(employer, programme, issued_on=date(2025, 3, 1))
        Announcement.objects.create(
            operator=operator_org,
            programme=programme,
            **{f"title_{code}": f"{name} ausgezeichnet" for code in ("de", "nl", "en")},
            **{f"text_{code}": "…" for code in ("de", "nl", "en")},
            status=AnnouncementStatus.PUBLISHED,
            published_at=timezone.now(),
        )
    return older, newer


def employers(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/[a-z]{2}/employers/[^"]+/">([^<]+)</a></h3>', html)


def test_identifiers_ending_alike_get_two_readable_keys(alike):
    older, newer = alike
    assert (older.key, newer.key) == ("care", "example-care")
    assert programme_keys() == {older.identifier: "care", newer.identifier: "example-care"}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_newer_programme_has_its_own_page_and_news(client, alike, language):
    response = client.get(f"/{language}/programmes/example-care/")
    assert response.status_code == 200
    assert employers(response.content.decode()) == ["Bakkerij Brood"]
    news = client.get(f"/{language}/news/programmes/example-care/").content.decode().replace("\u00ad", "")
    assert "Bakkerij Brood ausgezeichnet" in news and "Kreis Soest" not in news
    assert f'href="/{language}/news/programmes/example-care/feed/"' in news
    assert "Kreis Soest" in client.get(f"/{language}/news/programmes/care/").content.decode().replace("\u00ad", "")
    # the directory's filter takes the same key
    assert employers(client.get(f"/{language}/", {"programme": "example-care"}).content.decode()) == ["Bakkerij Brood"]


def test_the_links_name_each_programme_by_its_key(client, alike):
    news = client.get("/de/news/").content.decode()
    assert 'href="/de/news/programmes/example-care/"' in news and 'href="/de/news/programmes/care/"' in news
    assert "urn" not in "".join(re.findall(r'href="([^"]*)"', news))
    profile = client.get("/nl/employers/bakkerij-brood/").content.decode()
    assert 'href="/nl/programmes/example-care/"' in profile and "urn%3A" not in profile


def test_the_whole_identifier_moves_permanently_to_the_key(client, alike):
    moved = client.get("/de/programmes/urn:example:care/", {"q": "Brood"})
    assert (moved.status_code, moved["Location"]) == (301, "/de/programmes/example-care/?q=Brood")
    moved = client.get("/nl/news/programmes/urn:example:care/")
    assert (moved.status_code, moved["Location"]) == (301, "/nl/news/programmes/example-care/")
    assert client.get("/nl/news/programmes/urn:example:care/feed/").status_code == 200  # feed readers keep it


def test_a_programme_whose_natural_key_is_upload_gets_a_page_of_its_own(client, charter, login, auditor):
    programme = charter("urn:example:programme:upload", "Upload")
    assert programme.key == "example-upload"
    operator = login(auditor)
    assert "Charter Upload" in operator.get("/en/operator/programmes/example-upload/").content.decode()
    assert "Charter Upload" not in operator.get("/en/operator/programmes/upload/").content.decode()
    index = operator.get("/en/operator/programmes/").content.decode()
    assert 'href="/en/operator/programmes/example-upload/"' in index
    # the public page and the news had it at "upload": those addresses move
    moved = client.get("/de/programmes/upload/")
    assert (moved.status_code, moved["Location"]) == (301, "/de/programmes/example-upload/")
    assert client.get("/de/programmes/example-upload/").status_code == 200
    moved = client.get("/nl/news/programmes/upload/")
    assert (moved.status_code, moved["Location"]) == (301, "/nl/news/programmes/example-upload/")


def test_a_key_is_never_reserved_nor_taken():
    for word in RESERVED_KEYS:
        key = key_choose(f"urn:example:programme:{word}", set())
        assert key not in RESERVED_KEYS and word in key
    assert key_choose("upload", set()) not in RESERVED_KEYS  # an identifier of one part
    assert key_choose("urn:example:programme:care", {"care"}) == "example-care"
    taken = {"care", "example-care", "urn-care", "example-care-2"}
    assert key_choose("urn:example:care", taken) == "example-care-3"
    assert key_choose("urn:Example:Pflege Plus", set()) == "pflege-plus"


def test_every_path_segment_beside_a_key_is_reserved():
    """A new page beside /operator/programmes/<key>/ (or the news, the public pages) must be added
    to RESERVED_KEYS, or a programme of that key would hide behind it."""
    from django.urls import get_resolver

    def segments(patterns, prefix: str = "") -> set[str]:
        found = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                found |= segments(pattern.url_patterns, route)
            else:
                found.add(route)
        return found

    routes = segments(get_resolver().url_patterns)
    for place in ("operator/programmes/", "programmes/", "news/programmes/", "rankings/"):
        beside = {
            route.split(place, 1)[1].split("/", 1)[0]
            for route in routes
            if not route.startswith("api/")  # the API names programmes by their identifier
            and re.search(rf"(^|/){re.escape(place)}[^<]", route)
        }
        assert beside <= RESERVED_KEYS, (place, beside - RESERVED_KEYS)


def test_a_made_up_operator_is_marked_as_an_example_on_the_programme_pages(charter, operator_org, login, auditor):
    """The demo's made-up operators carry "Example" on the operator's home cards; the programme
    list and a programme's page named them as if they were real."""
    charter("urn:example:programme:kind", "Kind")
    operator = login(auditor)
    pages = ("/de/operator/programmes/", "/de/operator/programmes/kind/")
    for path in pages:
        assert "Beispiel" not in operator.get(path).content.decode(), path
    operator_org.is_example = True
    operator_org.save(update_fields=["is_example"])
    for path in pages:
        html = operator.get(path).content.decode()
        assert f'{operator_org.name} <span class="kern-badge kern-badge--info badge-example">' in html, path
        assert "Beispiel" in html, path
