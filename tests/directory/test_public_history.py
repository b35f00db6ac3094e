"""A profile shows the organisation's whole public history: awards that lapsed or were renewed,
participations, "since" from the first participation, revoked awards as the verification page
shows them — while the directory keeps listing only who holds an award or takes part now."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from tests.directory.conftest import award_issue, renewed
from tests.factories import OrganisationFactory
from vereinbar.certificates.models import AwardStatus
from vereinbar.certificates.services import award_revoke
from vereinbar.cycles.models import Cycle, CycleStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]


@pytest.fixture
def leer(db, catalogue):
    return OrganisationFactory(name="Landkreis Leer", slug="landkreis-leer", region="Niedersachsen")


@pytest.fixture
def lapsed(leer, siegel):
    """Landkreis Leer as in the demo: certified in 2014, renewed in 2017, expired in 2020."""
    first = award_issue(leer, siegel, issued_on=date(2014, 9, 1), stage="zertifizierung")
    second = award_issue(leer, siegel, issued_on=date(2017, 9, 1), stage="rezertifizierung")
    renewed(first, second)
    return second


def names(response) -> list[str]:
    return re.findall(r'<h3><a href="/[a-z]{2}/employers/[^"]+/">([^<]+)</a></h3>', response.content.decode())


def history(page: str) -> list[str]:
    """The timeline's entries as text, newest first."""
    items = re.findall(r'<li class="history-entry"[^>]*>(.*?)</li>', page, re.S)
    items = [re.sub(r"</?time[^>]*>", "", item) for item in items]  # a day is a word of its sentence
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def test_a_profile_whose_awards_all_lapsed_shows_them_as_history(client, lapsed):
    response = client.get("/en/employers/landkreis-leer/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No current award" in page
    assert history(page) == [
        "Re-certification Expired 1 September 2017 – 1 September 2020",
        "Certification Renewed 1 September 2014 – 1 September 2017",
    ]
    # each day one word, which a phone does not break (the period as a whole it may)
    assert '<time datetime="2017-09-01">1 September 2017</time> – <time datetime="2020-09-01">' in page
    # no seal, no "valid" wording, and search engines are told of no award
    assert "seal.svg" not in page and "Certified since" not in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert "award" not in data


def test_the_api_profile_carries_the_history(client, lapsed):
    data = client.get("/api/v1/directory/landkreis-leer").json()
    assert data["listed"] is False and data["programmes"] == [] and data["awards"] == []
    [programme] = data["history"]
    assert programme["current"] is False and programme["programme_kind"] == "certification"
    assert [(e["stage"], e["status"], e["started_on"], e["ended_on"]) for e in programme["entries"]] == [
        ("rezertifizierung", "expired", "2017-09-01", "2020-09-01"),
        ("zertifizierung", "renewed", "2014-09-01", "2017-09-01"),
    ]


def test_the_api_profile_answers_once_the_daily_job_has_marked_the_award_expired(client, lapsed):
    # The job takes the organisation out of the directory's read model; its profile stays.
    from vereinbar.certificates.services import awards_expire
    from vereinbar.directory.models import ListedOrganisation

    awards_expire()
    assert not ListedOrganisation.objects.filter(slug="landkreis-leer").exists()
    assert client.get("/en/employers/landkreis-leer/").status_code == 200
    data = client.get("/api/v1/directory/landkreis-leer").json()
    assert data["listed"] is False and data["programmes"] == [] and data["organisation"] == "Landkreis Leer"
    assert [entry["status"] for entry in data["history"][0]["entries"]] == ["expired", "renewed"]


def test_a_lapsed_organisation_is_not_listed_as_holding_an_award_now(client, lapsed):
    assert names(client.get("/en/")) == []
    assert names(client.get("/en/", {"q": "Leer"})) == []
    assert client.get("/api/v1/directory/").json()["count"] == 0
    rows = list(csv.DictReader(io.StringIO(client.get("/en/directory.csv").content.decode())))
    assert rows == []
    assert client.get("/en/directory.json").json()["count"] == 0


def test_a_renewed_award_shows_the_current_and_the_earlier_one(client, leer, siegel):
    first = award_issue(leer, siegel, issued_on=date(2023, 3, 1), stage="zertifizierung")
    second = award_issue(leer, siegel, issued_on=date(2026, 3, 1), stage="rezertifizierung")
    renewed(first, second)
    page = client.get("/en/employers/landkreis-leer/").content.decode()
    assert "No current award" not in page
    assert "Certified since 1 March 2023, renewed 1 March 2026" in page
    assert history(page) == [
        "Re-certification In force 1 March 2026 – 1 March 2029",
        "Certification Renewed 1 March 2023 – 1 March 2026",
    ]


def test_a_programme_left_earlier_stays_on_the_profile_of_a_listed_organisation(
    client, lapsed, leer, library_programme
):
    benchmark = library_programme("carer-friendly-employer-benchmark")
    award_issue(leer, benchmark, issued_on=date(2025, 4, 1), level="active")
    page = client.get("/en/employers/landkreis-leer/").content.decode()
    assert names(client.get("/en/")) == ["Landkreis Leer"]
    assert "Recognised on 1 April 2025" in page
    past = page[page.index('class="award-record award-record-past"') :]
    assert "No current certificate" in past and "Expired" in past and "1 September 2014" in past


def test_taking_part_since_is_the_first_participation(client, library_programme, open_cycle, employer_org):
    bgm = library_programme("bgm-kooperation-aok-plus")  # kind: cycle, show: profile, measures
    first = open_cycle(bgm)
    Cycle.objects.filter(pk=first.pk).update(
        status=CycleStatus.COMPLETED, started_on=date(2017, 11, 1), closed_on=date(2017, 12, 12)
    )
    latest = open_cycle(bgm)
    Cycle.objects.filter(pk=latest.pk).update(started_on=date(2026, 1, 12))
    page = client.get(f"/en/employers/{employer_org.slug}/").content.decode()
    assert "Taking part since 1 November 2017" in page
    assert "Taking part since 12 January 2026" not in page
    entries = history(page)
    assert len(entries) == 2
    assert entries[0].endswith("Taking part since 12 January 2026")
    assert entries[1].endswith("Completed 1 November 2017 – 12 December 2017")
    Cycle.objects.filter(pk=latest.pk).update(status=CycleStatus.WITHDRAWN, closed_on=date(2026, 3, 1))
    page = client.get(f"/en/employers/{employer_org.slug}/").content.decode()
    assert "Not taking part at present" in page
    assert len(history(page)) == 1  # a withdrawn participation is not part of the public history


def test_a_revoked_award_shows_as_revoked_without_its_reason(client, lapsed, leer, siegel, operator_admin):
    later = award_issue(leer, siegel, issued_on=date(2025, 5, 1), stage="zertifizierung")
    assert names(client.get("/en/")) == ["Landkreis Leer"]
    award_revoke(actor=operator_admin, award=later, reason="Falsche Angaben im Fragebogen")
    assert names(client.get("/en/")) == []  # revocation stays immediate
    page = client.get("/en/employers/landkreis-leer/").content.decode()
    assert "No current award" in page
    assert history(page)[0] == "Certification Revoked from 1 May 2025"
    assert "Falsche Angaben" not in page


def test_an_organisation_whose_only_award_was_revoked_has_no_profile(client, leer, siegel, operator_admin):
    award = award_issue(leer, siegel, issued_on=date(2025, 5, 1))
    assert client.get("/en/employers/landkreis-leer/").status_code == 200
    award_revoke(actor=operator_admin, award=award, reason="Falsche Angaben im Fragebogen")
    assert client.get("/en/employers/landkreis-leer/").status_code == 404


def test_the_history_shows_only_what_each_programme_publishes(client, leiderdorp, erkenning):
    # erkenning publishes first_awarded_on but not awarded_on or valid_until
    first = award_issue(leiderdorp, erkenning, issued_on=date(2017, 2, 20))
    second = award_issue(leiderdorp, erkenning, issued_on=date(2020, 2, 20), valid_until=date(2023, 2, 20))
    renewed(first, second)
    second.status = AwardStatus.EXPIRED
    second.save(update_fields=["status"])
    page = client.get("/en/employers/gemeente-leiderdorp/").content.decode()
    # the run of two undated awards is one line from its first award
    assert history(page) == ["Recognition Expired from 20 February 2017, renewed once"]
    assert "Childcare subsidy" not in page  # measures are published while listed only
    assert "Anna Mantel" not in page
