"""The plain list's counts kept at write time (directory/counts.py): after every kind of change
they equal what the query counts over the read model, they are counted again when a day ends a
listing, and a rolled-back change leaves them as they were."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.directory.conftest import award_issue, listed_employer
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vereinbar.certificates.services import award_revoke
from vereinbar.directory import counts
from vereinbar.directory.find import ATTRIBUTES, directory_find
from vereinbar.directory.models import CountsKept
from vereinbar.directory.readmodel import directory_refresh
from vereinbar.directory.search import DirectoryQuery
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.services import organisation_update_profile

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
PLAIN = DirectoryQuery()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def counted(day: date | None = None) -> tuple[int, dict]:
    """What the query counts over the read model (nothing kept)."""
    found = directory_find(PLAIN, day=day, page=1)
    return found.total, found.counts


def kept() -> tuple[int, dict]:
    result = counts.kept()
    assert result is not None, "the kept counts should hold today"
    return result.total, result.counts


def test_the_kept_counts_follow_every_kind_of_change(directory_of_three, recognised, leiderdorp, operator_admin):
    assert kept() == counted()
    assert kept()[0] == 3

    # A new employer with an award and a public measure.
    childcare = {"title_nl": "Bijdrage kinderopvang"}
    listed_employer("Zorgbedrijf Oost", recognised.programme, childcare, country="NL", region="Gelderland")
    assert kept() == counted()
    assert kept()[0] == 4

    # A profile change moves an organisation to another region.
    coordinator = UserFactory(email="coordinator@leiderdorp.test")
    MembershipFactory(user=coordinator, organisation=leiderdorp, role="coordinator")
    organisation_update_profile(actor=coordinator, organisation=leiderdorp, changes={"region": "Noord-Holland"})
    assert kept() == counted()
    assert kept()[1]["region"].get("Noord-Holland") == 1
    assert "Zuid-Holland" not in kept()[1]["region"]

    # A revocation takes it out.
    award_revoke(actor=operator_admin, award=recognised, reason="Criteria no longer met")
    assert kept() == counted()
    assert kept()[0] == 3


def test_a_rolled_back_change_leaves_the_kept_counts_as_they_were(recognised, operator_admin):
    before = kept()

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        award_revoke(actor=operator_admin, award=recognised, reason="Criteria no longer met")
        assert counts.kept() is not None and counts.kept().total == 0
        raise Undone

    assert kept() == before == counted()


def test_a_day_that_ends_a_listing_has_the_counts_counted_again(_today, directory_of_three, leiderdorp, erkenning):
    short = OrganisationFactory(name="Kurz GmbH", slug="kurz-gmbh", region="Bayern")
    award_issue(short, erkenning, issued_on=date(2024, 1, 1), valid_until=date(2026, 11, 30))
    assert kept() == counted()
    assert kept()[0] == 4
    assert CountsKept.objects.get().holds_through == date(2026, 11, 30)

    _today.move_to(date(2026, 12, 1))

    assert kept() == counted()
    assert kept()[0] == 3
    assert CountsKept.objects.get().holds_from == date(2026, 12, 1)


def test_a_rebuild_or_a_large_change_has_them_counted_again(directory_of_three, recognised, monkeypatch):
    kept()
    directory_refresh()
    assert CountsKept.objects.get().holds_from is None
    assert kept() == counted()

    monkeypatch.setattr(counts, "SHARE_LIMIT", 1)
    directory_refresh(organisation_ids=list(Organisation.objects.values_list("pk", flat=True)))
    assert CountsKept.objects.get().holds_from is None
    assert kept() == counted()


def test_another_day_than_today_is_counted_by_the_query(directory_of_three):
    kept()
    assert counts.kept(date(2026, 11, 22)) is None
    found = counts.find(PLAIN, day=date(2030, 1, 1), page=1)
    assert (found.total, found.counts) == counted(date(2030, 1, 1))


def test_the_landing_page_shows_the_kept_counts(client, directory_of_three):
    kept()
    page = client.get("/de/").content.decode()
    assert "Landkreis Leer" in page and "Kreis Soest" in page and "Gemeente Leiderdorp" in page
    # The kept counts are read, not counted: no GROUP BY over the rows.
    with CaptureQueriesContext(connection) as queries:
        client.get("/nl/?sort=recent")
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]


def test_one_filter_counts_the_rows_passing_it_and_its_own_facet_from_the_kept_ones(
    directory_of_three, recognised, leiderdorp, monkeypatch
):
    from vereinbar.measures.models import MeasureType

    childcare = {"type": MeasureType.objects.filter(search_text__contains="kinderopvang").first()}
    listed_employer("Zorgbedrijf Oost", recognised.programme, childcare, country="NL", region="Gelderland")
    _total, plain = kept()
    queries = [
        DirectoryQuery(**{name: value})
        for name in ("country", "region", "sector", "kind", "size")
        for value in plain[name]
    ]
    queries += [
        DirectoryQuery(measure=key)
        for key in MeasureType.objects.filter(pk__in=plain["measure"]).values_list("key", flat=True)
    ]
    queries += [
        DirectoryQuery(country="DE", sort="recent"),
        DirectoryQuery(region="Nirgendwo"),
        DirectoryQuery(measure="none"),
    ]
    assert len(queries) > 10
    asked = []

    def spy(query, **kwargs):
        asked.append(kwargs.get("narrowed", False))
        return directory_find(query, **kwargs)

    monkeypatch.setattr(counts, "directory_find", spy)
    for query in queries:
        asked.clear()
        narrowed = counts.find(query, page=1)
        assert asked == [True], query
        full = directory_find(query, page=1)
        assert (narrowed.total, narrowed.ids, narrowed.counts) == (full.total, full.ids, full.counts), query
    # Two filters, or a search, are counted by the whole statement.
    for query in (DirectoryQuery(country="DE", sector="public_administration"), DirectoryQuery(q="Kreis", kind="x")):
        asked.clear()
        counts.find(query, page=1)
        assert asked == [False], query


def _reference(query: DirectoryQuery) -> tuple[int, list[int], dict]:
    """What a query should find, from its definition: the total, the page and every facet's
    counts over the rows passing every filter, but a filter's own facet over the rows passing
    all the others (each read by a statement taking only the rows passing its filters)."""
    every = directory_find(query, page=1, narrowed=True)
    found = dict(every.counts)
    for facet in (*ATTRIBUTES, "measure", "programme", "level"):
        if getattr(query, facet):
            found[facet] = directory_find(query.without(facet), page=1, narrowed=True).counts[facet]
    return every.total, every.ids, found


def test_several_filters_count_only_the_rows_failing_at_most_one_and_find_what_they_should(
    directory_of_three, recognised, leiderdorp, erkenning
):
    from vereinbar.measures.models import MeasureType

    childcare = MeasureType.objects.filter(search_text__contains="kinderopvang").first()
    listed_employer(
        "Zorgbedrijf Oost", recognised.programme, {"type": childcare}, country="NL", region="Gelderland", kind="company"
    )
    bayern = listed_employer(
        "Kreis Bergheim", erkenning, {"type": childcare}, issued_on=date(2021, 3, 1), region="Bayern", staff_count=80
    )
    award_issue(bayern, directory_of_three, issued_on=date(2025, 2, 1))
    _total, plain = kept()
    values = [(facet, value) for facet in (*ATTRIBUTES, "programme", "level") for value in plain[facet]]
    values += [
        ("measure", key) for key in MeasureType.objects.filter(pk__in=plain["measure"]).values_list("key", flat=True)
    ]
    values += [("since", date(2024, 1, 1)), ("since", date(2025, 1, 1)), ("region", "Nirgendwo")]
    queries = [
        DirectoryQuery(**{a: x, b: y})
        for index, (a, x) in enumerate(values)
        for b, y in values[index + 1 :: 3]
        if a != b
    ]
    queries += [
        DirectoryQuery(**{a: x, b: y, c: z})
        for (a, x), (b, y), (c, z) in zip(values, values[2:], values[5:], strict=False)
        if len({a, b, c}) == 3
    ]
    queries += [DirectoryQuery(country="DE", region="Bayern", q="Kreis"), DirectoryQuery(q="Kreis", sort="size")]
    queries += [DirectoryQuery(**{facet: value}) for facet, value in values]
    assert len(queries) > 60
    several = 0
    for query in queries:
        with CaptureQueriesContext(connection) as statements:
            found = counts.find(query, page=1)
        assert (found.total, found.ids, found.counts) == _reference(query), query
        if sum(1 for name in ("country", "region", "sector", "kind", "size", "measure") if getattr(query, name)) >= 2:
            several += 1
            assert "<= 1" in statements.captured_queries[-1]["sql"], query
    assert several > 20


def test_a_process_reads_them_once_per_version_and_a_change_makes_a_new_one(
    directory_of_three, recognised, operator_admin
):
    from vereinbar.directory.readmodel import directory_version

    version = directory_version()
    assert counts.kept(version=version).total == 3
    with CaptureQueriesContext(connection) as queries:
        assert counts.kept(version=version).total == 3
    assert not queries.captured_queries

    award_revoke(actor=operator_admin, award=recognised, reason="Criteria no longer met")

    assert directory_version() != version
    assert counts.kept(version=directory_version()).total == 2 == counted()[0]
