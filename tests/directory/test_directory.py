"""The public directory: who is listed (publication rules, awards in force, running cycles),
search across languages, filters with counts, sorting, pages, and the region chart."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import time_machine

from tests.directory.conftest import award_issue, listed_employer
from tests.factories import OrganisationFactory
from vereinbar.certificates.services import award_revoke
from vereinbar.directory.readmodel import directory_refresh
from vereinbar.organisations.models import Organisation, OrganisationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]

TODAY = date(2026, 11, 23)


def names(response) -> list[str]:
    """The names of the results in order (a search marks its words in them)."""
    found = re.findall(
        r'<h3><a href="/[a-z]{2}/employers/[^"]+/">((?:[^<]|</?mark>)+)</a></h3>', response.content.decode()
    )
    return [re.sub(r"</?mark>", "", name) for name in found]


def test_a_measure_is_found_by_its_name_in_any_language(client, recognised):
    for language, word in [
        ("de", "Kinderbetreuung"),
        ("nl", "kinderopvang"),
        ("en", "childcare"),
        ("en", "Kinderopvang"),
    ]:
        assert names(client.get(f"/{language}/", {"q": word})) == ["Gemeente Leiderdorp"], word


def test_a_free_measure_title_in_another_language_is_found_through_the_catalogue(
    client, recognised, leiderdorp, erkenning
):
    listed_employer(
        "Zorgbedrijf Oost", erkenning, {"title_nl": "Bijdrage kinderopvang"}, country="NL", region="Gelderland"
    )
    # "Kinderbetreuung" names the catalogue entry whose Dutch name contains "kinderopvang".
    assert names(client.get("/de/", {"q": "Kinderbetreuung"})) == ["Gemeente Leiderdorp", "Zorgbedrijf Oost"]


def test_a_new_catalogue_entry_finds_the_free_measure_titles_naming_it_in_other_languages(
    client, recognised, erkenning, operator_admin
):
    from vereinbar.measures.models import MeasureCategory
    from vereinbar.measures.services import catalogue_entry_create

    listed_employer(
        "Zorgbedrijf Oost", erkenning, {"title_nl": "Een hondvriendelijk kantoor"}, country="NL", region="Gelderland"
    )
    assert names(client.get("/de/", {"q": "Hundebüro"})) == []
    catalogue_entry_create(
        actor=operator_admin,
        data={
            "category": MeasureCategory.objects.order_by("position").first(),
            "name_de": "Hundebüro",
            "name_nl": "Hondvriendelijk kantoor",
            "name_en": "Dog-friendly office",
        },
    )
    assert names(client.get("/de/", {"q": "Hundebüro"})) == ["Zorgbedrijf Oost"]
    assert names(client.get("/en/", {"q": "dog-friendly"})) == ["Zorgbedrijf Oost"]


def test_a_town_or_region_finds_the_employers_there(client, directory_of_three):
    """Neither name holds the place: found by the town and region each row shows."""
    soest = Organisation.objects.get(slug="kreis-soest")
    soest.city = "Soest-Ost"
    soest.save(update_fields=["city"])
    directory_refresh(organisation_ids=[soest.pk])
    assert names(client.get("/de/", {"q": "Niedersachsen"})) == ["Landkreis Leer"]
    assert names(client.get("/nl/", {"q": "soest-ost"})) == ["Kreis Soest"]
    assert names(client.get("/en/", {"q": "Nordrhein Kreis"})) == ["Kreis Soest"]


def test_words_must_all_match(client, recognised):
    assert names(client.get("/nl/", {"q": "Leiderdorp kinderopvang"})) == ["Gemeente Leiderdorp"]
    assert names(client.get("/nl/", {"q": "Leiderdorp fietsplan"})) == []


def test_internal_measures_are_not_searchable(client, recognised):
    assert names(client.get("/en/", {"q": "Secret internal"})) == []
    assert names(client.get("/en/", {"q": "Leiderdorp"})) == ["Gemeente Leiderdorp"]


def test_measures_are_only_published_where_the_programme_publishes_them(client, leiderdorp, library_programme):
    shipped = library_programme(
        "erkenning-mantelzorgvriendelijk", show=["profile", "award", "first_awarded_on", "answers"]
    )
    award_issue(leiderdorp, shipped, issued_on=date(2017, 2, 20), valid_until=date(2029, 2, 20))
    assert names(client.get("/nl/")) == ["Gemeente Leiderdorp"]
    assert names(client.get("/nl/", {"q": "kinderopvang"})) == []
    page = client.get("/nl/employers/gemeente-leiderdorp/").content.decode()
    assert "kinderopvang" not in page and "Gemeente Leiderdorp" in page


def test_a_programme_outside_the_directory_lists_nobody(client, leiderdorp, library_programme):
    hidden = library_programme("erkenning-mantelzorgvriendelijk", directory=False)
    award_issue(leiderdorp, hidden, issued_on=date(2017, 2, 20), valid_until=date(2029, 2, 20))
    assert names(client.get("/en/")) == []
    assert client.get("/en/employers/gemeente-leiderdorp/").status_code == 404


def test_a_revoked_award_leaves_the_directory_at_once(client, recognised, operator_admin):
    assert names(client.get("/en/")) == ["Gemeente Leiderdorp"]
    award_revoke(actor=operator_admin, award=recognised, reason="Criteria no longer met")
    assert names(client.get("/en/")) == []
    assert client.get("/en/employers/gemeente-leiderdorp/").status_code == 404
    assert client.get("/api/v1/directory/").json()["count"] == 0


def test_an_expired_award_leaves_the_directory_the_day_after_its_validity(client, leiderdorp, erkenning):
    award_issue(leiderdorp, erkenning, issued_on=date(2023, 11, 23), valid_until=date(2026, 11, 23))
    assert names(client.get("/en/")) == ["Gemeente Leiderdorp"]
    with time_machine.travel(date(2026, 11, 24), tick=False):
        assert names(client.get("/en/")) == []
        # the profile stays as public history, marked as holding no current award
        profile = client.get("/en/employers/gemeente-leiderdorp/")
        assert profile.status_code == 200 and "No current award" in profile.content.decode()


def test_pending_and_rejected_employers_are_not_listed(client, recognised, leiderdorp):
    for status in (OrganisationStatus.PENDING, OrganisationStatus.REJECTED):
        leiderdorp.status = status
        leiderdorp.save(update_fields=["status"])
        directory_refresh(organisation_ids=[leiderdorp.pk])  # as the registration services do
        assert names(client.get("/en/")) == []
        assert client.get("/api/v1/directory/").json()["count"] == 0


def test_taking_part_in_a_running_cycle_lists_for_programmes_without_awards(
    client, library_programme, open_cycle, employer_org, parties
):
    bgm = library_programme("bgm-kooperation-aok-plus")  # kind: cycle, show: profile, measures
    cycle = open_cycle(bgm)
    assert cycle.status == "open"
    response = client.get("/de/")
    assert names(response) == [employer_org.name]
    profile = client.get(f"/en/employers/{employer_org.slug}/").content.decode()
    assert "Taking part since" in profile


def test_a_running_certification_does_not_list_before_the_award(client, library_programme, open_cycle):
    open_cycle(library_programme("audit-berufundfamilie"))
    assert names(client.get("/de/")) == []


def test_filters_narrow_the_results_and_facets_count_the_other_filters(client, directory_of_three):
    response = client.get("/en/", {"region": "Niedersachsen"})
    assert names(response) == ["Landkreis Leer"]
    facets = response.context["facets"]
    # The region facet ignores the region filter, so every region keeps its count.
    assert {(v.value, v.count) for v in facets["region"].values} == {
        ("Niedersachsen", 1),
        ("Nordrhein-Westfalen", 1),
        ("Zuid-Holland", 1),
    }
    assert [(v.label, v.count) for v in facets["country"].values] == [("DE", 1)]
    programme_counts = {v.value: v.count for v in facets["programme"].values}
    assert programme_counts == {directory_of_three.identifier: 1}


FILTER_CASES = [
    ({"country": "nl"}, ["Gemeente Leiderdorp"]),
    ({"kind": "county_administration"}, ["Kreis Soest", "Landkreis Leer"]),
    ({"sector": "public_administration", "size": "1000+"}, ["Kreis Soest", "Landkreis Leer"]),
    ({"size": "50-249"}, ["Gemeente Leiderdorp"]),
    ({"since": "2025-01-01"}, ["Landkreis Leer"]),
    ({"since": "2024"}, ["Kreis Soest", "Landkreis Leer"]),
    ({"measure": "childcare_subsidy"}, ["Gemeente Leiderdorp"]),
    ({"sort": "recent"}, ["Landkreis Leer", "Kreis Soest", "Gemeente Leiderdorp"]),
    ({"sort": "first"}, ["Gemeente Leiderdorp", "Kreis Soest", "Landkreis Leer"]),
    ({"sort": "size"}, ["Kreis Soest", "Landkreis Leer", "Gemeente Leiderdorp"]),
    (
        {"since": "not a date", "sort": "nonsense", "page": "x"},
        ["Gemeente Leiderdorp", "Kreis Soest", "Landkreis Leer"],
    ),
]


def test_filters_and_sorting(client, directory_of_three):
    """Each filter alone, and the sort orders; malformed values are ignored, not errors."""
    for params, expected in FILTER_CASES:
        assert names(client.get("/en/", params)) == expected, params


def test_the_programme_filter_and_the_programme_page(client, directory_of_three, erkenning):
    assert names(client.get("/en/", {"programme": erkenning.identifier})) == ["Gemeente Leiderdorp"]
    page = client.get("/en/programmes/qualitaetssiegel-familienfreundlicher-arbeitgeber/")
    assert names(page) == ["Kreis Soest", "Landkreis Leer"]
    assert f'href="/en/news/programmes/{directory_of_three.key}/"' in page.content.decode()
    assert client.get("/en/programmes/no-such-programme/").status_code == 404


def test_a_programme_page_counts_its_programme_as_the_page_not_as_a_set_filter(client, directory_of_three):
    """Its filters are not marked active until the visitor sets one."""
    url = "/en/programmes/qualitaetssiegel-familienfreundlicher-arbeitgeber/"
    plain = client.get(url).content.decode()
    assert '<details class="filter-details">' in plain and "Clear all filters" not in plain
    filtered = client.get(url, {"region": "Niedersachsen"}).content.decode()
    # folded even then, on a phone (the results come first): marked with the count of filters set
    assert '<details class="filter-details">' in filtered and "Clear all filters" in filtered
    assert "1 active" in filtered and "Region: Niedersachsen" in filtered


def test_results_come_in_pages_of_twenty_with_shareable_links(client, erkenning):
    for number in range(25):
        organisation = OrganisationFactory(name=f"Employer {number:02d}", slug=f"employer-{number:02d}")
        award_issue(organisation, erkenning, issued_on=date(2024, 1, 1))
    first = client.get("/en/", {"region": "Nordrhein-Westfalen"})
    assert len(names(first)) == 20 and first.context["results"].total == 25
    # the next page opens at its results, not at the page's top (header, language links, form)
    assert first.context["next_url"] == "/en/?region=Nordrhein-Westfalen&page=2#results-heading"
    second = client.get(first.context["next_url"])
    assert second.context["previous_url"] == "/en/?region=Nordrhein-Westfalen#results-heading"
    assert names(second) == [f"Employer {n}" for n in range(20, 25)]
    assert "25 employers found" in second.content.decode()


def test_the_region_chart_shows_the_counts(client, directory_of_three):
    page = client.get("/en/").content.decode()
    chart = page[page.index('<svg class="bar-chart"') : page.index("</svg>")]
    assert chart.count("<rect") == 3
    assert "Nordrhein-Westfalen" in chart and "Zuid-Holland" in chart


def test_htmx_requests_get_the_directory_fragment(client, recognised):
    response = client.get("/en/", {"q": "Leiderdorp"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="directory"') and "<html" not in body
    assert names(response) == ["Gemeente Leiderdorp"]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.fields: list[str] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.fields.append(attributes.get("id") or "")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def test_pages_have_unique_ids_labelled_fields_and_headings_in_order(client, directory_of_three):
    for path in ["/nl/", "/nl/?q=kinderopvang&region=Zuid-Holland", "/nl/employers/gemeente-leiderdorp/"]:
        parser = _Page()
        parser.feed(client.get(path).content.decode())
        assert len(parser.ids) == len(set(parser.ids)), f"duplicate ids on {path}"
        unlabelled = [field for field in parser.fields if field not in parser.labels]
        assert not unlabelled, path
        assert parser.headings[0] == 1 and parser.headings.count(1) == 1, path
        for previous, current in zip(parser.headings, parser.headings[1:], strict=False):
            assert current <= previous + 1, f"heading h{current} after h{previous} on {path}"


def test_a_revocation_and_an_expiry_change_the_rows_in_their_own_transaction(client, recognised, operator_admin):
    from django.db import transaction

    from vereinbar.certificates.models import Award
    from vereinbar.certificates.services import awards_expire
    from vereinbar.directory.models import ListedProgramme

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        award_revoke(actor=operator_admin, award=recognised, reason="Criteria no longer met")
        assert not ListedProgramme.objects.filter(listed_id=recognised.organisation_id).exists()
        raise Undone
    # Rolled back with the revocation: still listed.
    assert names(client.get("/en/")) == ["Gemeente Leiderdorp"]
    # The daily expiry (a bulk .update()) writes the rows too.
    Award.objects.filter(pk=recognised.pk).update(valid_until=date(2026, 11, 1))
    assert awards_expire(today=TODAY)
    assert not ListedProgramme.objects.filter(listed_id=recognised.organisation_id).exists()
    assert names(client.get("/en/")) == []


def test_profile_changes_show_at_once(client, recognised, leiderdorp):
    from tests.factories import MembershipFactory, UserFactory
    from vereinbar.organisations.services import organisation_update_profile

    coordinator = UserFactory(email="coordinator@leiderdorp.test")
    MembershipFactory(user=coordinator, organisation=leiderdorp, role="coordinator")
    assert names(client.get("/en/", {"region": "Zuid-Holland"})) == ["Gemeente Leiderdorp"]
    organisation_update_profile(
        actor=coordinator,
        organisation=leiderdorp,
        changes={"name": "Gemeente Leiderdorp-Noord", "region": "Noord-Holland"},
    )
    assert names(client.get("/en/", {"region": "Zuid-Holland"})) == []
    assert names(client.get("/en/", {"region": "Noord-Holland"})) == ["Gemeente Leiderdorp-Noord"]
    assert names(client.get("/en/", {"q": "Noord"})) == ["Gemeente Leiderdorp-Noord"]


def test_a_measure_made_public_is_found_at_once_and_internal_again_is_not(client, recognised, leiderdorp):
    from tests.factories import MembershipFactory, UserFactory
    from vereinbar.measures.models import Measure
    from vereinbar.measures.services import measure_update

    coordinator = UserFactory(email="coordinator@leiderdorp.test")
    MembershipFactory(user=coordinator, organisation=leiderdorp, role="coordinator")
    secret = Measure.objects.get(organisation=leiderdorp, title_en="Secret internal arrangement")
    assert names(client.get("/en/", {"q": "Secret internal"})) == []
    measure_update(actor=coordinator, measure=secret, data={"visibility": "public"})
    assert names(client.get("/en/", {"q": "Secret internal"})) == ["Gemeente Leiderdorp"]
    measure_update(actor=coordinator, measure=secret, data={"visibility": "internal"})
    assert names(client.get("/en/", {"q": "Secret internal"})) == []


def _fragment(response) -> str:
    html = response.content.decode()
    start = html.index('<div id="directory"')
    end = html.index("</main>", start) if "</main>" in html[start:] else len(html)
    more = html.find('<section class="directory-more"', start)
    return html[start : more if more != -1 else end]


@pytest.mark.parametrize("path", ["/en/", "/de/", "/en/programmes/erkenning-mantelzorgvriendelijk/"])
def test_the_htmx_fragment_is_the_part_of_the_page_and_holds_nothing_of_the_visitor(
    client, directory_of_three, coordinator, path
):
    from django.test import Client
    from django.urls import reverse

    params = {"q": "zorg", "sort": "size"}
    anonymous = client.get(path, params)
    visitor = Client()
    visitor.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    theirs = visitor.get(path, params)
    partial = visitor.get(path, params, headers={"HX-Request": "true", "HX-Target": "directory"})
    assert _fragment(theirs) == _fragment(anonymous)
    assert partial.content.decode().strip() == _fragment(theirs).strip()
    logout = f'action="{reverse("accounts:logout")}"'  # the visitor's menu: around the fragment
    assert logout in theirs.content.decode() and logout not in anonymous.content.decode()
    assert logout not in partial.content.decode()


def test_a_restore_rebuilds_the_read_model(client, directory_of_three):
    from vereinbar.core.backup.restore import backup_restore, restored
    from vereinbar.directory.models import ListedOrganisation
    from vereinbar.directory.readmodel import directory_refresh

    expected = names(client.get("/en/", {"q": "zorg"}))
    assert expected == ["Gemeente Leiderdorp"]
    ListedOrganisation.objects.all().delete()  # as after rows written in bulk (no new version)
    assert not ListedOrganisation.objects.exists()
    restored.send(sender=backup_restore, using="default")
    assert names(client.get("/en/", {"q": "zorg"})) == expected
    directory_refresh()  # idempotent: the whole directory made again gives the same
    assert names(client.get("/en/")) == ["Gemeente Leiderdorp", "Kreis Soest", "Landkreis Leer"]


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_whose_migration_could_not_fill_the_read_model_fills_it_when_migrate_ends(client, recognised):
    """The read model's migration fills it with the code of its version; in an upgrade with other
    apps' migrations still to come it cannot, and the directory would stay empty. The end of
    ``migrate`` (post_migrate) fills it."""
    from django.core.management import call_command

    from vereinbar.directory.models import ListedOrganisation

    ListedOrganisation.objects.all().delete()
    assert "Gemeente Leiderdorp" not in client.get("/nl/").content.decode()
    call_command("migrate", verbosity=0)
    assert ListedOrganisation.objects.filter(organisation=recognised.organisation).exists()
    assert "Gemeente Leiderdorp" in client.get("/nl/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_makes_a_new_version_so_no_page_kept_by_the_old_code_is_shown(client, recognised, settings):
    """What the directory cache keeps (rendered pages, labels) was made by the code of its time;
    a shared cache (Redis) outlives the processes of an upgrade. ``migrate``, run on every
    upgrade, moves the read model's version, under which everything is kept."""
    from django.core.management import call_command

    from vereinbar.directory.readmodel import directory_version

    settings.VEREINBAR_DIRECTORY_KEEP_SECONDS = 600
    client.get("/nl/")
    before = directory_version()
    call_command("migrate", verbosity=0)
    assert directory_version() not in ("", before)
