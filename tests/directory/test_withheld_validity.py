"""A programme that withholds how long its awards hold (``valid_until`` not in ``publication.show``,
as the shipped recognition programme) has it withheld on every public surface: the profile, the
live seal, the seal with the credential inside, the verification page and its API, the open data
and the directory API. The verification page still says that the award is valid today and since
when, without a word that suggests an end. A programme that shows the date shows it everywhere.
The employer's own certificate keeps its date: a printed page cannot say when it runs out later."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from tests.directory.conftest import award_issue, renewed
from vereinbar.certificates.models import AwardStatus
from vereinbar.certificates.pdf import certificate_html
from vereinbar.credentials.bake import svg_credential

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

WITHHOLDS = ["profile", "award", "first_awarded_on", "measures", "answers"]  # as the programme file
SHOWS = [*WITHHOLDS, "valid_until"]


@pytest.fixture(params=["withholds", "shows"])
def show(request):
    return request.param


@pytest.fixture
def recognised(leiderdorp, library_programme, show):
    """Leiderdorp recognised in 2023, renewed on 20 February 2026 (valid until 20 February 2029)."""
    programme = library_programme("erkenning-mantelzorgvriendelijk", show=WITHHOLDS if show == "withholds" else SHOWS)
    first = award_issue(leiderdorp, programme, issued_on=date(2023, 2, 20), stage="erkenning")
    award = award_issue(leiderdorp, programme, issued_on=date(2026, 2, 20), stage="hererkenning")
    renewed(first, award)
    return award


def words(content: bytes | str) -> str:
    content = content.decode() if isinstance(content, bytes) else content
    return " ".join(re.sub(r"<[^>]+>", " ", content).split())


def seal_lines(svg: str) -> str:
    """What the seal's image says (its title, description and drawn lines), not the credential."""
    svg = re.sub(r"<openbadges:credential>.*?</openbadges:credential>", "", svg, flags=re.S)
    return words(svg)


def test_the_profile_follows_the_programme(client, recognised, show):
    said = words(client.get("/en/employers/gemeente-leiderdorp/").content)
    assert "Recognised since 20 February 2023, renewed once" in said
    assert ("Valid until 20 February 2029" in said) is (show == "shows")
    assert ("2029" in said) is (show == "shows")


@pytest.mark.parametrize(("language", "until"), [("nl", "Geldig tot 20-2-2029"), ("de", "Gültig bis 20.02.2029")])
def test_the_seal_follows_the_programme(client, recognised, show, language, until):
    svg = client.get(f"/{language}/verify/{recognised.verification_code}/seal.svg").content.decode()
    lines = seal_lines(svg)
    if show == "shows":
        assert until in lines
    else:
        assert "2029" not in lines and "onbeperkt" not in lines.lower() and "Kein Ablauf" not in lines
        since = {"nl": "Erkend sinds 20-2-2023", "de": "Anerkannt seit 20.02.2023"}[language]
        assert since in lines


def test_the_seal_with_the_credential_inside_shows_what_the_live_seal_shows(client, recognised, show):
    svg = client.get(f"/credentials/{recognised.verification_code}.svg?lang=nl").content.decode()
    assert ("2029" in seal_lines(svg)) is (show == "shows")
    # the signed credential keeps its end: a checker without this platform needs it to see it expire
    assert svg_credential(svg)["validUntil"].startswith("2029-02-20")


def test_the_verification_page_follows_the_programme_and_says_valid_today(client, recognised, show):
    said = words(client.get(f"/en/verify/{recognised.verification_code}/").content)
    assert "Status: Valid" in said and "Without a break since 20 February 2023" in said
    if show == "shows":
        assert "Valid until 20 February 2029" in said
    else:
        assert "Validity Valid on today's date, 23 November 2026. The programme does not publish end dates." in said
        assert "2029" not in said and "unlimited" not in said and "Valid until" not in said
    assert "Valid from" not in said  # the programme does not publish the awards' own dates either
    nl = words(client.get(f"/nl/verify/{recognised.verification_code}/").content)
    assert ("20 februari 2029" in nl) is (show == "shows")
    if show == "withholds":  # the same in words a Dutch and a German reader would use
        assert "Geldigheid Geldig op de dag van vandaag, 23 november 2026." in nl
        de = words(client.get(f"/de/verify/{recognised.verification_code}/").content)
        assert "Gültigkeit Gültig am heutigen 23. November 2026." in de


def test_the_verification_api_follows_the_programme(client, recognised, show):
    data = client.get(f"/api/v1/verify/{recognised.verification_code}").json()
    assert data["status"] == "valid" and data["since"] == "2023-02-20" and data["valid_from"] is None
    assert data["validity_published"] is (show == "shows")
    assert data["valid_until"] == ("2029-02-20" if show == "shows" else None)


def test_the_open_data_and_the_directory_api_follow_the_programme(client, recognised, show):
    until = "2029-02-20" if show == "shows" else None
    rows = list(csv.DictReader(io.StringIO(client.get("/en/directory.csv").content.decode())))
    assert [row["valid_until"] for row in rows] == [until or ""]
    exported = client.get("/en/directory.json").json()["organisations"][0]["programmes"][0]
    assert exported["valid_until"] == until
    listed = client.get("/api/v1/directory/").json()["results"][0]["programmes"][0]
    assert listed["valid_until"] == until
    profile = client.get("/api/v1/directory/gemeente-leiderdorp").json()
    assert ("2029" in str(profile["awards"]) + str(profile["history"])) is (show == "shows")


def test_an_expired_award_s_page_says_so_without_the_withheld_date(client, recognised, show):
    recognised.status = AwardStatus.EXPIRED
    recognised.save(update_fields=["status"])
    said = words(client.get(f"/en/verify/{recognised.verification_code}/").content)
    if show == "shows":
        assert "This recognition was valid until 20 February 2029 and has expired." in said
    else:
        assert "This recognition has expired." in said and "2029" not in said
        assert "today's date" not in said and "Without a break since" not in said


def test_the_employer_s_own_certificate_keeps_its_date(recognised):
    assert "20 February 2029" in words(certificate_html(recognised, language="en"))
