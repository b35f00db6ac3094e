"""An operator's day on the desk with many employers: the overview and the home count in the
database and never decode a programme's definition per cycle; overdue cycles are one filter
(and a count on the home); paging reaches the first and last page; a list keeps its filters for
the links back to it and for the redirect after a decision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cycles.test_operator_desk import applied, names, started
from tests.factories import OrganisationFactory
from vereinbar.cycles.models import Cycle, CycleStatus, PhaseStatus
from vereinbar.cycles.selectors import participants_by_stage, waiting_for_operator
from vereinbar.organisations.models import OrganisationStatus

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"
DEFINITION = '"programmes_programmeversion"."definition"'


def test_the_overview_counts_by_stage_and_status_without_reading_definitions(audit, parties, login):
    for number in range(3):
        started(audit, f"Gemeinde {number}", parties)
    for number in range(2):
        applied(audit, f"Stadt {number}")
    with CaptureQueriesContext(connection) as queries:
        rows = participants_by_stage(user=parties["operator"])
    assert [(row["total"], row["counts"]) for row in rows] == [(5, {"open": 3, "applied": 2})]
    assert rows[0]["programme"] == audit.current_version.localised("title")
    assert not [query for query in queries if DEFINITION in query["sql"]]
    page = login(parties["operator"]).get(reverse("operator_cycles:overview"))
    assert page.context["rows"] == rows


def test_what_waits_on_the_home_is_found_without_reading_definitions(audit, parties):
    applied(audit, "Stadt Aachen")
    started(audit, "Kreis Borken", parties)
    with CaptureQueriesContext(connection) as queries:
        waiting = waiting_for_operator(user=parties["operator"])
    assert "Stadt Aachen" in [item.cycle.organisation.name for item in waiting]
    assert not [query for query in queries if DEFINITION in query["sql"]]


def test_overdue_finds_the_running_cycles_with_a_phase_past_its_due_date(audit, parties, login):
    late = started(audit, "Stadt Aachen", parties)
    on_time = started(audit, "Kreis Borken", parties)
    handed_in = started(audit, "Gemeinde Delft", parties)
    applied(audit, "Kreis Soest")
    today = timezone.localdate()
    late.phase_runs.filter(status=PhaseStatus.OPEN).update(due_on=today - timedelta(days=3))
    on_time.phase_runs.filter(status=PhaseStatus.OPEN).update(due_on=today + timedelta(days=3))
    # Submitted late: the phase is no longer late on the side that submitted it.
    handed_in.phase_runs.filter(status=PhaseStatus.OPEN).update(
        due_on=today - timedelta(days=3), status=PhaseStatus.SUBMITTED
    )
    client = login(parties["operator"])
    assert names(client.get(reverse(LIST), {"overdue": "1"})) == ["Stadt Aachen"]
    home = client.get(reverse("operator:index"), follow=True)
    [counts] = home.context["desk"].programmes
    assert counts.overdue == 1
    html = home.content.decode()
    assert "?programme=test-audit&amp;overdue=1&amp;sort=due" in html
    assert "1 cycle with a phase overdue" in html


def test_paging_offers_the_first_and_the_last_page(audit, parties, login):
    for number in range(30):
        applied(audit, f"Gemeinde {number:02}")
    client = login(parties["operator"])
    first = client.get(reverse(LIST), {"size": "25"}).content.decode()
    assert "First page" not in first and "Last page" not in first  # page 2 is the next page
    for number in range(30, 130):
        applied(audit, f"Gemeinde {number:03}")
    middle = client.get(reverse(LIST), {"size": "25", "page": "3"}).content.decode()
    assert '?size=25">First page' in middle  # the first page is the list's own address
    assert '?size=25&amp;page=6">Last page' in middle


def test_the_link_back_from_a_cycle_opens_the_list_as_it_was_left(audit, parties, login):
    cycle = started(audit, "Stadt Aachen", parties, region="Bayern")
    client = login(parties["operator"])
    client.get(reverse(LIST), {"region": "Bayern", "sort": "due"})
    detail = client.get(reverse("operator_cycles:detail", args=[cycle.pk])).content.decode()
    assert f'href="{reverse(LIST)}?region=Bayern&amp;sort=due">All cycles' in detail
    client.get(reverse(LIST))  # the plain list starts afresh
    detail = client.get(reverse("operator_cycles:detail", args=[cycle.pk])).content.decode()
    assert f'href="{reverse(LIST)}">All cycles' in detail


def test_a_decided_registration_returns_to_the_filtered_registrations(parties, login, platform_admin):
    waiting = OrganisationFactory(name="Stadt Aachen", region="Bayern")
    waiting.status, waiting.registered_at = OrganisationStatus.PENDING, timezone.now()
    waiting.save(update_fields=["status", "registered_at"])
    client = login(parties["operator"])
    listed = client.get(reverse("operator:registrations"), {"region": "Bayern"})
    assert [row.name for row in listed.context["page"].object_list] == ["Stadt Aachen"]
    detail = client.get(reverse("operator:registration", args=[waiting.slug])).content.decode()
    assert f'href="{reverse("operator:registrations")}?region=Bayern">' in detail
    response = client.post(reverse("operator:registration_approve", args=[waiting.slug]), {"comment": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('operator:registrations')}?region=Bayern"


def test_the_home_counts_a_phase_in_two_stages_as_the_phase_filter_finds_it(audit, parties, login):
    from vereinbar.cycles.desk import desk_of
    from vereinbar.cycles.models import PhaseRun
    from vereinbar.programmes.models import Phase

    version = audit.current_version
    for stage_key in ("audit", "reaudit"):  # both stages have a phase "agreement"
        cycle = applied(audit, f"Stadt {stage_key}")
        cycle.stage = version.stages.get(key=stage_key)
        cycle.status = CycleStatus.OPEN
        cycle.save()
        PhaseRun.objects.create(
            cycle=cycle, phase=Phase.objects.get(stage=cycle.stage, key="agreement"), status=PhaseStatus.OPEN
        )
    awarded = applied(audit, "Kreis Borken")
    awarded.status = CycleStatus.AWARDED
    awarded.save()
    [programme] = desk_of(user=parties["operator"]).programmes
    assert [(phase.key, phase.count) for phase in programme.phases] == [("agreement", 2)]
    listed = login(parties["operator"]).get(reverse(LIST), {"phase": "agreement"})
    assert listed.context["page"].paginator.count == 2
    # Each count is what its link finds: in progress (status open) and awarded apart.
    assert (programme.running, programme.awarded) == (2, 1)


def test_the_awards_list_tells_which_expiring_awards_have_no_renewal_yet(audit, parties, login):
    import csv
    import io

    from vereinbar.certificates.models import Award

    today = timezone.localdate()

    def awarded(name: str, number: str) -> Cycle:
        cycle = applied(audit, name)
        Cycle.objects.filter(pk=cycle.pk).update(status=CycleStatus.COMPLETED, applied_on=date(2023, 5, 1))
        Award.objects.create(
            number=number,
            organisation=cycle.organisation,
            programme=audit,
            version=cycle.version,
            stage=cycle.stage,
            cycle=cycle,
            issued_on=date(2024, 1, 1),
            valid_until=today + timedelta(days=40),
        )
        return cycle

    renewing = awarded("Stadt Aachen", "A-1")
    awarded("Kreis Borken", "A-2")
    awarded("Gemeente Delft", "A-3")
    Award.objects.filter(number="A-3").update(status="expired", valid_until=today - timedelta(days=1))
    renewal = Cycle.objects.create(
        organisation=renewing.organisation,
        programme=audit,
        version=renewing.version,
        stage=renewing.stage,
        status=CycleStatus.APPLIED,
        previous=renewing,
    )
    client = login(parties["operator"])
    page = client.get(reverse("operator_cycles:awards"), {"renewal": "none"})  # in force: as it opens
    assert [award.number for award in page.context["page"].object_list] == ["A-2"]
    everything = client.get(reverse("operator_cycles:awards"))
    html = everything.content.decode()
    assert f'href="{reverse("operator_cycles:detail", args=[renewal.pk])}">applied for' in html
    assert html.count("none yet") == 1  # an expired award is not waiting for a renewal
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("operator_cycles:awards_csv"), {"status": "valid"}).content.decode("utf-8-sig")
            )
        )
    )
    assert [(row[0], row[-1]) for row in rows] == [
        ("Number", "Renewal"),
        ("A-2", "none yet"),
        ("A-1", "Applied"),
    ]  # as the page says


def test_the_registrations_list_dates_its_rows_as_the_other_desk_lists(parties, login):
    from datetime import datetime

    waiting = OrganisationFactory(name="Stadt Aachen")
    registered = timezone.make_aware(datetime(2026, 10, 26, 14, 6))
    waiting.status, waiting.registered_at = OrganisationStatus.PENDING, registered
    waiting.save(update_fields=["status", "registered_at"])
    html = login(parties["operator"]).get(reverse("operator:registrations")).content.decode()
    assert ">26/10/2026</time>" in html and "26/10/2026 14:06" not in html  # a date, as in the other lists


def test_an_employers_cycles_link_finds_its_cycles_even_when_another_shares_its_name(audit, parties, login):
    import re
    from html import unescape

    first = applied(audit, "Caritasverband")
    started(audit, "Caritasverband", parties)  # another employer of the same name
    Cycle.objects.create(
        organisation=first.organisation,
        programme=audit,
        version=first.version,
        stage=first.stage,
        status=CycleStatus.COMPLETED,
    )
    client = login(parties["operator"])
    employers = client.get(reverse("operator:employers"), {"q": "Caritas"})
    counts = {row.slug: row.cycle_count for row in employers.context["page"].object_list}
    assert counts[first.organisation.slug] == 2 and len(counts) == 2
    html = employers.content.decode()
    for slug, count in counts.items():
        [link] = re.findall(rf'href="([^"]*organisation={slug}[^"]*)">Caritasverband</a>', html)
        listed = client.get(unescape(link))
        assert listed.context["page"].paginator.count == count
        assert {cycle.organisation.slug for cycle in listed.context["page"].object_list} == {slug}
        assert 'type="hidden" name="organisation"' in listed.content.decode()


def test_each_count_of_the_overview_opens_the_cycles_it_counts(audit, parties, login):
    import re
    from html import unescape

    for number in range(3):
        started(audit, f"Gemeinde {number}", parties)
    applied(audit, "Stadt Aachen")
    client = login(parties["operator"])
    html = client.get(reverse("operator_cycles:overview")).content.decode()
    links = {count: unescape(href) for href, count in re.findall(r'<a href="([^"]*&amp;status=\w+)">(\d+)</a>', html)}
    assert set(links) == {"3", "1"}
    assert "status=open" in links["3"] and "stage=audit" in links["3"]
    for count, href in links.items():
        assert client.get(href).context["page"].paginator.count == int(count)


def test_paging_in_place_moves_the_focus_to_the_results(audit, parties, login):
    for number in range(30):
        applied(audit, f"Gemeinde {number:02}")
    client = login(parties["operator"])
    paged = client.get(reverse(LIST), {"size": "25", "page": "2"}, headers={"HX-Request": "true"})
    assert '<h2 id="desk-results-heading" role="status" tabindex="-1" autofocus>' in paged.content.decode()
    filtered = client.get(reverse(LIST), {"size": "25"}, headers={"HX-Request": "true"})
    assert "autofocus" not in filtered.content.decode()  # a filter changed: the focus stays in the form


@pytest.mark.parametrize(
    "url",
    [
        "operator:index",
        "operator_cycles:awards",
        "operator:employers",
        "operator_cycles:overview",
        "operator_cycles:export_csv",
        "operator_cycles:awards_csv",
        "operator:employers_csv",
    ],
)
def test_a_desk_page_takes_no_query_per_row(audit, parties, login, url, django_assert_max_num_queries):
    from vereinbar.certificates.models import Award

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            cycle = applied(audit, f"Gemeinde {number:02}")
            Award.objects.create(
                number=f"A-{number}",
                organisation=cycle.organisation,
                programme=audit,
                version=cycle.version,
                stage=cycle.stage,
                issued_on=date(2024, 1, 1),
                valid_until=timezone.localdate() + timedelta(days=30),
            )

    client = login(parties["operator"])
    add(2, 0)
    client.get(reverse(url), follow=True)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url), follow=True)
    add(25, 2)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse(url), follow=True)


def test_an_auditors_workload_link_finds_the_cycles_it_counts(audit, parties, login):
    import re
    from html import unescape

    started(audit, "Stadt Aachen", parties)
    done = started(audit, "Kreis Borken", parties)
    Cycle.objects.filter(pk=done.pk).update(status=CycleStatus.COMPLETED)  # no longer on their desk
    client = login(parties["operator"])
    html = client.get(reverse("operator:index"), follow=True).content.decode()
    [(href, count)] = re.findall(rf'<a href="([^"]*\?auditor={parties["auditor"].pk})">(\d+)</a>', html)
    assert count == "1"
    assert names(client.get(unescape(href))) == ["Stadt Aachen"]


def test_a_rows_link_names_the_employer_for_a_screen_reader(audit, parties, login):
    # Fifty links all reading "audit berufundfamilie" tell a links list nothing.
    cycle = applied(audit, "Stadt Aachen")
    html = login(parties["operator"]).get(reverse(LIST)).content.decode()
    detail = reverse("operator_cycles:detail", args=[cycle.pk])
    assert '<span class="kern-sr-only"> – Stadt Aachen</span></a>' in html.split(f'href="{detail}"', 1)[1][:300]


def test_the_awards_export_builds_no_award_per_row(audit, parties, login):
    # Six model instances per award (with its employer, programme, stage, level and cycle) made
    # the export of 1,400 awards take 0.4 s of CPU; plain values take a fifth of it.
    from unittest import mock

    from vereinbar.certificates.models import Award

    cycle = applied(audit, "Stadt Aachen")
    Award.objects.create(
        number="A-1",
        organisation=cycle.organisation,
        programme=audit,
        version=cycle.version,
        stage=cycle.stage,
        cycle=cycle,
        issued_on=date(2024, 1, 1),
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    client = login(parties["operator"])
    with mock.patch.object(Award, "from_db", side_effect=AssertionError("an award built per row")):
        response = client.get(reverse("operator_cycles:awards_csv"))
    assert response.status_code == 200
    assert "A-1,Stadt Aachen" in response.content.decode()


def test_an_employer_holding_an_award_from_before_the_platform_is_on_the_desk(audit, parties, login):
    # Awards granted before the platform have no cycle: with hundreds of them imported, the
    # employers list left out most employers of the programme and the overview most of the
    # awards expiring that the home counts.
    from vereinbar.certificates.models import Award

    applied(audit, "Stadt Aachen")
    version = audit.current_version
    holder = OrganisationFactory(name="Kreis Borken", region="Bayern")
    Award.objects.create(
        number="A-7",
        organisation=holder,
        programme=audit,
        version=version,
        stage=version.stages.order_by("order").first(),
        issued_on=date(2024, 1, 1),
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    client = login(parties["operator"])
    employers = client.get(reverse("operator:employers"))
    rows = {row.name: (row.cycle_count, row.award_count) for row in employers.context["page"].object_list}
    assert rows == {"Stadt Aachen": (1, 0), "Kreis Borken": (0, 1)}
    assert ("Bayern", "Bayern") in employers.context["form"].fields["region"].choices
    assert 'role="cell">Kreis Borken</td>' in employers.content.decode()  # no cycles list to link to
    held = client.get(reverse("operator:employers"), {"award": "yes"})
    assert [row.name for row in held.context["page"].object_list] == ["Kreis Borken"]
    overview = client.get(reverse("operator_cycles:overview"))
    assert [award.number for award in overview.context["expiring"]] == ["A-7"]
    assert '<td class="kern-table__cell">Kreis Borken</td>' in overview.content.decode()  # no cycle to link to


def test_the_employers_export_builds_no_employer_per_row(audit, parties, login):
    from unittest import mock

    from vereinbar.organisations.models import Organisation

    applied(audit, "Stadt Aachen")
    client = login(parties["operator"])
    client.get(reverse("operator:employers_csv"))  # warm caches (the session's user and memberships)
    with mock.patch.object(Organisation, "from_db", side_effect=AssertionError("an employer built per row")):
        response = client.get(reverse("operator:employers_csv"))
    assert response.status_code == 200
    assert "Stadt Aachen," in response.content.decode()


def test_the_overview_reads_only_the_20_awards_it_shows(audit, parties, login):
    from django.db.models.signals import post_init

    from vereinbar.certificates.models import Award

    version = audit.current_version
    stage = version.stages.order_by("order").first()
    for number in range(25):
        Award.objects.create(
            number=f"A-{number}",
            organisation=OrganisationFactory(name=f"Gemeinde {number:02}"),
            programme=audit,
            version=version,
            stage=stage,
            issued_on=date(2024, 1, 1),
            valid_until=timezone.localdate() + timedelta(days=30 + number),
        )
    client = login(parties["operator"])
    built = []

    def count(sender: type, instance: Award, **kwargs: object) -> None:
        built.append(instance.number)

    post_init.connect(count, sender=Award)
    try:
        html = client.get(reverse("operator_cycles:overview")).content.decode()
    finally:
        post_init.disconnect(count, sender=Award)
    assert len(built) == 20
    assert "These are the 20 expiring soonest of 25." in html
