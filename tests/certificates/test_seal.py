"""The embeddable seal: an accessible SVG that always shows the award's current status, cache
headers that let a revocation through quickly, the snippet for the employer's website."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
import time_machine
from django.test import Client

from tests.factories import award_renewal
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.seal import (
    LEVEL_SIZES,
    PROGRAMME_THREE_LINES,
    PROGRAMME_TWO_LINES,
    SEAL_MAX_AGE,
    level_line,
    programme_lines,
    seal_snippet,
)
from vereinbar.certificates.services import award_revoke

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def seal_of(client: Client, award: Award, prefix: str = "/en", query: str = ""):
    return client.get(f"{prefix}/verify/{award.verification_code}/seal.svg{query}")


def parsed(response) -> ElementTree.Element:
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def test_the_seal_is_an_accessible_svg_with_programme_level_validity_and_status(award, client):
    with time_machine.travel(date(2026, 1, 1), tick=False):
        response = seal_of(client, award)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = parsed(response)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "seal-title seal-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.get("id") == "seal-title" and desc.get("id") == "seal-desc"
    assert "Test scored recognition" in title.text and "Valid" in title.text
    assert "Ambassador" in desc.text and "Kreis Musterstadt" in desc.text and "Status: Valid" in desc.text
    texts = " ".join(text.text for text in root.iter(f"{SVG}text"))
    assert "Ambassador" in texts and "VALID" in texts and "10/03/2027" in texts
    assert b"<script" not in response.content and b"style=" not in response.content
    assert b"href" not in response.content  # nothing loaded from elsewhere


def test_the_seal_can_be_embedded_as_an_image_on_other_sites(award, client):
    response = seal_of(client, award)
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "frame-ancestors" in response.get("Content-Security-Policy", "frame-ancestors")  # no frame needed
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and f"max-age={SEAL_MAX_AGE}" in cache_control and SEAL_MAX_AGE <= 300
    assert response["ETag"]


def test_an_unchanged_seal_is_revalidated_with_its_etag_and_a_revocation_changes_it(award, client, operator_admin):
    first = seal_of(client, award)
    again = seal_of(client, award, query="")
    assert again["ETag"] == first["ETag"]
    not_modified = client.get(f"/en/verify/{award.verification_code}/seal.svg", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.")
    revoked = client.get(f"/en/verify/{award.verification_code}/seal.svg", HTTP_IF_NONE_MATCH=first["ETag"])
    assert revoked.status_code == 200 and revoked["ETag"] != first["ETag"]
    root = parsed(revoked)
    assert root.get("data-status") == AwardStatus.REVOKED
    assert "REVOKED" in " ".join(text.text for text in root.iter(f"{SVG}text"))
    page = client.get(f"/en/verify/{award.verification_code}/")
    assert b"Revoked" in page.content and "no-cache" in page["Cache-Control"]


def test_the_seal_shows_expired_the_day_after_validity_without_any_task(award, client):
    with time_machine.travel(date(2027, 3, 10), tick=False):
        assert parsed(seal_of(client, award)).get("data-status") == "valid"
    with time_machine.travel(date(2027, 3, 11), tick=False):
        root = parsed(seal_of(client, award))
    assert root.get("data-status") == "expired"
    assert "Expired" in root.find(f"{SVG}title").text
    assert Award.objects.get(pk=award.pk).status == AwardStatus.VALID  # nothing was marked


@pytest.mark.parametrize(
    ("language", "said"),
    [("de", "Widerrufen am 01.12.2026"), ("nl", "Ingetrokken op 1-12-2026")],
)
def test_a_revoked_award_s_seal_says_since_when_not_until_when_it_would_have_held(
    award, client, operator_admin, language, said
):
    """Its validity (to 10 March 2027) no longer holds: "valid until" a date still to come, under
    the band, read as valid to someone glancing at an employer's website."""
    with time_machine.travel(date(2026, 12, 6), tick=False):
        award_revoke(actor=operator_admin, award=award, reason="Measures were not kept.", revoked_on=date(2026, 12, 1))
        root = parsed(seal_of(client, award, prefix=f"/{language}"))
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert said in texts and not any("2027" in text for text in texts)
    assert said in root.find(f"{SVG}desc").text and "2027" not in root.find(f"{SVG}desc").text


def test_a_replaced_award_s_seal_says_when_the_renewal_replaced_it(award, client):
    award_renewal(award, number="2026-00001", issued_on=date(2026, 2, 1), valid_until=date(2029, 2, 1))
    with time_machine.travel(date(2026, 12, 6), tick=False):
        texts = [text.text for text in parsed(seal_of(client, award, prefix="/de")).iter(f"{SVG}text")]
    assert "Abgelöst am 01.02.2026" in texts and not any("2027" in text for text in texts)


@pytest.mark.parametrize(
    ("prefix", "query", "language", "date"),
    [("/de", "", "de", "10.03.2027"), ("/nl", "", "nl", "10-3-2027"), ("/en", "?lang=nl", "nl", "10-3-2027")],
)
def test_the_seal_speaks_the_language_of_the_prefix_or_the_parameter(award, client, prefix, query, language, date):
    response = seal_of(client, award, prefix=prefix, query=query)
    root = parsed(response)
    assert root.get("lang") == language and response["Content-Language"] == language
    texts = " ".join(text.text for text in root.iter(f"{SVG}text"))
    assert date in texts  # the date in the language's format
    assert "VALID" not in texts  # the status label is translated too


def test_an_unknown_code_has_no_seal(client):
    assert client.get("/en/verify/AAAAAAAAAAAAAAAA/seal.svg").status_code == 404


def test_the_snippet_links_the_live_seal_to_the_verification_page(award, settings):
    settings.SITE_URL = "https://vereinbar.example"
    snippet = seal_snippet(award, language="de")
    assert f'href="https://vereinbar.example/de/verify/{award.verification_code}/"' in snippet
    assert f'src="https://vereinbar.example/de/verify/{award.verification_code}/seal.svg"' in snippet
    assert 'alt="' in snippet and "<script" not in snippet


def test_members_see_their_awards_with_the_snippet_and_outsiders_do_not(award, login, coordinator, viewer, outsider):
    client = login(viewer)
    listing = client.get("/en/workspace/kreis-musterstadt/awards/")
    assert listing.status_code == 200 and b"2025-00001" in listing.content
    page = client.get("/en/workspace/kreis-musterstadt/awards/2025-00001/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<textarea class="kern-form-input__input" id="seal-snippet"' in html and "seal.svg" in html
    assert f"/en/verify/{award.verification_code}/" in html
    page_nl = client.get("/en/workspace/kreis-musterstadt/awards/2025-00001/?lang=nl")
    assert "/nl/verify/" in page_nl.content.decode()
    client = login(outsider)
    assert client.get("/en/workspace/kreis-musterstadt/awards/").status_code == 404
    assert client.get("/en/workspace/kreis-musterstadt/awards/2025-00001/").status_code == 404


def test_a_seal_text_in_another_language_than_the_seal_is_marked(award, client):
    """The test programme has no German texts: the German seal shows them in English, marked."""
    root = parsed(seal_of(client, award, query="?lang=de"))
    assert root.get("lang") == "de"
    lines = {text.text: text for text in root.iter(f"{SVG}text")}
    assert lines["Test scored recognition"].get("lang") == "en"
    assert lines["Test scored recognition"].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert lines["Ambassador"].get("lang") == "en"
    dutch = {text.text: text for text in parsed(seal_of(client, award, query="?lang=nl")).iter(f"{SVG}text")}
    assert dutch["Test erkenning"].get("lang") is None  # in the seal's language: nothing to mark
    assert dutch["Ambassador"].get("lang") == "en"


def test_the_workspace_award_pages_mark_programme_texts_in_another_language(award, login, viewer):
    client = login(viewer)
    for path in ("/de/workspace/kreis-musterstadt/awards/", "/de/workspace/kreis-musterstadt/awards/2025-00001/"):
        html = client.get(path).content.decode()
        assert '<span lang="en">Test scored recognition</span>' in html, path
        assert '<span lang="en">Ambassador</span>' in html, path
    award.valid_until = None
    award.save()
    html = client.get("/de/workspace/kreis-musterstadt/awards/2025-00001/").content.decode()
    assert "<dt>Gültigkeit</dt><dd>unbefristet</dd>" in html and "Gültig bis" not in html


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("audit berufundfamilie", ["audit berufundfamilie"]),
        ("Erkenning ‘Wij werken mantelzorgvriendelijk’", ["Erkenning ‘Wij werken", "mantelzorgvriendelijk’"]),
        ("Index cultuur van werk en zorg", ["Index cultuur", "van werk en zorg"]),
        (
            "Handvest voor de combinatie van werk en mantelzorg in NRW",
            ["Handvest voor de combinatie", "van werk en mantelzorg in NRW"],
        ),
    ],
)
def test_a_long_programme_title_takes_two_lines_of_the_seal_broken_between_words(title, lines):
    """A title of up to two lines is shown whole ("Handvest voor de combinati…" was cut at one);
    no line is longer than the badge holds."""
    assert programme_lines(title) == lines
    assert all(len(line) <= PROGRAMME_TWO_LINES for line in lines)


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        # the longest programme names of the demo, in Dutch and German: cut at two lines ("…in Noordrij…")
        (
            "Handvest voor de combinatie van werk en mantelzorg in Noordrijn-Westfalen",
            ["Handvest voor de combinatie", "van werk en mantelzorg", "in Noordrijn-Westfalen"],
        ),
        (
            "Anerkennung „Wij werken mantelzorgvriendelijk“ (pflegefreundlicher Arbeitgeber)",
            ["Anerkennung „Wij werken", "mantelzorgvriendelijk“", "(pflegefreundlicher Arbeitgeber)"],
        ),
    ],
)
def test_a_title_too_long_for_two_lines_takes_three_whole(title, lines):
    assert programme_lines(title) == lines
    assert all(len(line) <= PROGRAMME_THREE_LINES for line in lines)


def test_only_a_title_too_long_for_three_lines_is_shortened_and_whole_in_the_description():
    lines = programme_lines(" ".join(["Vereinbarkeit von Familie, Pflege und Beruf"] * 3))
    assert len(lines) == 3 and lines[2].endswith("…") and all(len(line) <= PROGRAMME_THREE_LINES for line in lines)
    assert programme_lines("Arbeitsgemeinschaftsvereinbarungsverantwortlichenkonferenz")[0].endswith("…")


@pytest.mark.parametrize("prefix", ["/nl", "/de"])
def test_a_three_line_title_is_drawn_in_smaller_type_above_the_level_and_the_band(award, client, prefix):
    version = award.version
    version.title_nl = "Handvest voor de combinatie van werk en mantelzorg in Noordrijn-Westfalen"
    version.title_de = "Anerkennung „Wij werken mantelzorgvriendelijk“ (pflegefreundlicher Arbeitgeber)"
    version.save()
    root = parsed(seal_of(client, award, prefix=prefix))
    texts = [(text.text, float(text.get("y")), text.get("font-size")) for text in root.iter(f"{SVG}text")]
    title = {"/nl": version.title_nl, "/de": version.title_de}[prefix]
    bold = texts[:3]
    assert " ".join(text for text, _y, _size in bold) == title and "…" not in title
    assert {size for _text, _y, size in bold} == {"10.5"}
    # each line below the one before, the level and the validity below the title, all above the band (y 76)
    baselines = [y for _text, y, _size in texts[:-1]]
    assert baselines == sorted(baselines) and baselines[-1] <= 72


def test_a_short_title_keeps_the_large_type_and_a_long_one_the_small(award, client):
    root = parsed(seal_of(client, award))
    sizes = {text.text: text.get("font-size") for text in root.iter(f"{SVG}text")}
    assert sizes["Test scored recognition"] == "14"
    version = award.version
    version.title_en = "Recognition for employers friendly to carers and families"
    version.save()
    root = parsed(seal_of(client, award))
    sizes = {text.text: text.get("font-size") for text in root.iter(f"{SVG}text")}
    assert sizes == {**sizes, "Recognition for employers": "11.5", "friendly to carers and families": "11.5"}


def test_the_preview_shows_the_seal_from_this_site_and_the_code_to_copy_keeps_the_public_address(
    award, login, viewer, settings
):
    """Reached under another host or port than SITE_URL, the preview must still load (the CSP
    allows images from the page's own origin only); what the employer copies names SITE_URL."""
    settings.SITE_URL = "https://vereinbar.example"
    html = login(viewer).get("/en/workspace/kreis-musterstadt/awards/2025-00001/").content.decode()
    seal = f"/en/verify/{award.verification_code}/seal.svg"
    assert f'<img src="{seal}" width="260" height="104" alt="Preview of the seal">' in html
    assert f'value="https://vereinbar.example{seal}" readonly' in html
    assert f"src=&quot;https://vereinbar.example{seal}&quot;" in html  # in the snippet's textarea


@pytest.mark.parametrize(
    ("level", "shown", "size"),
    [
        ("Ambassador", "Ambassador", "12"),
        ("Zertifizierte Kultur der Vereinbarkeit", "Zertifizierte Kultur der Vereinbarkeit", "10.5"),
        ("Gecertificeerde cultuur van werk en zorg", "Gecertificeerde cultuur van werk en zorg", "10"),
        (
            "Zertifizierte Kultur der Vereinbarkeit von Beruf und Pflege",
            "Zertifizierte Kultur der Vereinbarkeit…",
            "10",
        ),
    ],
)
def test_a_long_level_name_takes_the_smaller_type_before_it_is_shortened(level, shown, size):
    """ "Zertifizierte Kultur der Vereinbarkeit" (38 characters) was cut at 34 on every seal."""
    assert level_line(level) == (shown, size)
    assert len(shown) <= LEVEL_SIZES[-1][0]


def test_the_seal_draws_a_long_level_whole_in_the_smaller_type(award, client):
    level = award.level
    level.title_en = "Certified culture of work and caring"  # 36 characters
    level.save()
    root = parsed(seal_of(client, award))
    sizes = {text.text: text.get("font-size") for text in root.iter(f"{SVG}text")}
    assert sizes["Certified culture of work and caring"] == "10.5"
