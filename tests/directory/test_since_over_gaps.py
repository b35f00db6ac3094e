"""A profile's "Certified since" counts only an unbroken run of awards: a renewal granted after the previous
certificate had run out starts a new run, although it replaced that certificate. The rule holds on
the profile, the verification page, the open data, the API, the read model's stored day and the
directory's "Longest-standing first" order; a renewal on the day after the end keeps the run."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
import time_machine

from tests.directory.conftest import award_issue, renewed
from tests.directory.test_public_history import names
from tests.factories import OrganisationFactory
from vereinbar.directory.models import ListedOrganisation
from vereinbar.directory.readmodel import directory_refresh

pytestmark = pytest.mark.django_db

FIRST = date(2014, 9, 1)  # the stage's 36 months: valid until 1 September 2017
ON_TIME = date(2017, 9, 2)  # the day after the last valid day
LATE = date(2018, 3, 1)  # half a year without a certificate


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2019, 1, 15), tick=False):
        yield


def certify(siegel, renewal: date):
    """Landkreis Leer certified in 2014 and renewed on ``renewal``, the renewal replacing the first."""
    leer = OrganisationFactory(name="Landkreis Leer", slug="landkreis-leer", region="Niedersachsen")
    first = award_issue(leer, siegel, issued_on=FIRST, stage="zertifizierung")
    second = award_issue(leer, siegel, issued_on=renewal, stage="rezertifizierung")
    renewed(first, second)
    return second


@pytest.fixture
def steady(siegel):
    """An employer certified without a break since 2016: between Leer's two starts."""
    organisation = OrganisationFactory(name="Stadt Aurich", slug="stadt-aurich", region="Niedersachsen")
    return award_issue(organisation, siegel, issued_on=date(2016, 6, 1), stage="zertifizierung")


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize(
    ("renewal", "since", "iso", "order"),
    [
        (LATE, "1 March 2018", "2018-03-01", ["Stadt Aurich", "Landkreis Leer"]),
        (ON_TIME, "1 September 2014", "2014-09-01", ["Landkreis Leer", "Stadt Aurich"]),
    ],
    ids=["renewed-after-a-gap", "renewed-without-a-gap"],
)
def test_since_is_the_start_of_the_unbroken_run(client, siegel, steady, renewal, since, iso, order):
    award = certify(siegel, renewal)
    profile = text(client.get("/en/employers/landkreis-leer/"))
    assert f"Certified since {since}" in profile
    if renewal == LATE:
        assert "Certified since 1 September 2014" not in profile
        assert "Zertifiziert seit 1. März 2018" in text(client.get("/de/employers/landkreis-leer/"))
    verify = client.get(f"/en/verify/{award.verification_code}/").content.decode()
    assert re.search(rf"Without a break since</dt><dd data-since><time datetime=\"{iso}\">{since}</time>", verify)
    assert client.get(f"/api/v1/verify/{award.verification_code}").json()["since"] == iso
    listing = client.get("/api/v1/directory/", {"q": "Leer"}).json()["results"][0]["programmes"][0]
    assert listing["first_awarded_on"] == iso
    rows = csv.DictReader(io.StringIO(client.get("/en/directory.csv", {"q": "Leer"}).content.decode()))
    assert [row["first_awarded_on"] for row in rows] == [iso]
    assert ListedOrganisation.objects.get(slug="landkreis-leer").first_day == date.fromisoformat(iso)
    assert names(client.get("/en/", {"sort": "first"})) == order


def test_the_rebuild_writes_the_stored_since_day_afresh(siegel):
    certify(siegel, LATE)
    ListedOrganisation.objects.filter(slug="landkreis-leer").update(first_day=FIRST)  # as the old rule wrote it
    directory_refresh()  # what ``manage.py directory_rebuild`` runs
    assert ListedOrganisation.objects.get(slug="landkreis-leer").first_day == LATE
