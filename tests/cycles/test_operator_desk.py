"""The operator's cycles list: filters, sorting and paging in the URL, a fixed number of
queries whatever the page size, the export of exactly what is filtered, and its scope."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vereinbar.cycles import services
from vereinbar.cycles.models import Cycle, CycleStatus, PhaseStatus

from .helpers import fill

pytestmark = pytest.mark.django_db

LIST = "operator_cycles:list"


@pytest.fixture
def other_auditor(operator_org):
    user = UserFactory(email="other-auditor@test.example")
    MembershipFactory(user=user, organisation=operator_org, role="auditor")
    return user


def applied(programme, name: str, region: str = "", city: str = "") -> Cycle:
    organisation = OrganisationFactory(name=name, region=region, city=city)
    version = programme.current_version
    return Cycle.objects.create(
        organisation=organisation,
        programme=programme,
        version=version,
        stage=version.stages.order_by("order").first(),
        status=CycleStatus.APPLIED,
    )


def started(programme, name: str, parties, region: str = "") -> Cycle:
    return services.cycle_accept(
        actor=parties["operator"], cycle=applied(programme, name, region), auditor=parties["auditor"]
    )


def names(response) -> list[str]:
    return [cycle.organisation.name for cycle in response.context["page"].object_list]


def test_filters_by_status_region_and_search_narrow_the_list(audit, parties, login):
    started(audit, "Stadt Aachen", parties, region="Nordrhein-Westfalen")
    applied(audit, "Gemeente Delft", region="Zuid-Holland", city="Delft")
    applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    client = login(parties["operator"])
    assert names(client.get(reverse(LIST))) == ["Gemeente Delft", "Kreis Borken", "Stadt Aachen"]
    assert names(client.get(reverse(LIST), {"status": "applied"})) == ["Gemeente Delft", "Kreis Borken"]
    assert names(client.get(reverse(LIST), {"region": "Nordrhein-Westfalen"})) == ["Kreis Borken", "Stadt Aachen"]
    assert names(client.get(reverse(LIST), {"q": "delft"})) == ["Gemeente Delft"]
    both = client.get(reverse(LIST), {"region": "Nordrhein-Westfalen", "status": "open"})
    assert names(both) == ["Stadt Aachen"]
    assert both.context["page"].paginator.count == 1


def test_waiting_for_and_phase_find_what_the_auditor_has_to_review(audit, parties, login, open_cycle):
    waiting = open_cycle(audit)  # Kreis Musterstadt, the coordinator's
    started(audit, "Kreis Borken", parties)
    run = waiting.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    client = login(parties["operator"])
    assert names(client.get(reverse(LIST), {"waiting": "auditor"})) == ["Kreis Musterstadt"]
    by_employer = client.get(reverse(LIST), {"waiting": "employer", "phase": "self_assessment"})
    assert names(by_employer) == ["Kreis Borken"]


def test_a_due_range_finds_the_cycles_with_a_phase_due_in_it(audit, parties, login):
    soon = started(audit, "Stadt Aachen", parties)
    later = started(audit, "Kreis Borken", parties)
    today = date.today()
    soon.phase_runs.filter(status=PhaseStatus.OPEN).update(due_on=today + timedelta(days=5))
    later.phase_runs.filter(status=PhaseStatus.OPEN).update(due_on=today + timedelta(days=90))
    client = login(parties["operator"])
    response = client.get(reverse(LIST), {"due_to": (today + timedelta(days=30)).isoformat()})
    assert names(response) == ["Stadt Aachen"]
    by_due = client.get(reverse(LIST), {"sort": "due"})
    assert names(by_due)[:2] == ["Stadt Aachen", "Kreis Borken"]


def test_a_wrong_filter_is_shown_next_to_its_field_and_left_out(audit, parties, login):
    applied(audit, "Kreis Borken")
    response = login(parties["operator"]).get(
        reverse(LIST), {"status": "nonsense", "due_from": "2026-05-01", "due_to": "2026-04-01"}
    )
    form = response.context["form"]
    assert "status" in form.errors and "due_to" in form.errors
    assert names(response) == ["Kreis Borken"]
    assert "The end of the range comes before its start." in response.content.decode()


def test_paging_keeps_the_filters_in_the_links(audit, parties, login):
    for number in range(30):
        applied(audit, f"Gemeinde {number:02}", region="Bayern")
    response = login(parties["operator"]).get(reverse(LIST), {"region": "Bayern", "size": "25"})
    assert len(response.context["page"].object_list) == 25
    html = response.content.decode()
    assert "?region=Bayern&amp;size=25&amp;page=2" in html
    second = login(parties["operator"]).get(reverse(LIST), {"region": "Bayern", "size": "25", "page": "2"})
    assert names(second) == ["Gemeinde 25", "Gemeinde 26", "Gemeinde 27", "Gemeinde 28", "Gemeinde 29"]


def test_the_list_takes_the_same_queries_for_three_rows_as_for_thirty(audit, parties, login):
    client = login(parties["operator"])
    for number in range(3):
        started(audit, f"Gemeinde {number:02}", parties)
    filters = {"programme": "test-audit", "size": "200"}
    client.get(reverse(LIST), filters)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(reverse(LIST), filters).context["page"].object_list) == 3
    for number in range(3, 30):
        started(audit, f"Gemeinde {number:02}", parties)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse(LIST), filters).context["page"].object_list) == 30
    assert len(many) == len(few)


def test_the_list_stays_within_a_fixed_number_of_queries(audit, parties, login, django_assert_max_num_queries):
    client = login(parties["operator"])
    for number in range(40):
        started(audit, f"Gemeinde {number:02}", parties)
    client.get(reverse(LIST), {"status": "open"})
    # 3 of them keep the changed filters in the session for the links back to the list; 1 finds
    # where the reader is operator admin or board member (whose move each phase is, for them).
    with django_assert_max_num_queries(20):
        client.get(reverse(LIST), {"status": "open", "size": "200"})


def test_the_export_holds_every_filtered_cycle_not_only_the_page(audit, parties, login):
    for number in range(30):
        applied(audit, f"Gemeinde {number:02}", region="Bayern")
    applied(audit, "=Formel GmbH", region="Hessen")
    client = login(parties["operator"])
    response = client.get(reverse("operator_cycles:export_csv"), {"region": "Bayern", "size": "25"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Organisation", "Region", "Programme"]
    assert len(rows) == 31 and {row[1] for row in rows[1:]} == {"Bayern"}
    xlsx = client.get(reverse("operator_cycles:export_xlsx"), {"region": "Hessen"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    [header, row] = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Organisation" and row[0] == "'=Formel GmbH"  # never a formula


def test_an_auditor_lists_only_the_cycles_assigned_to_them(audit, parties, other_auditor, login):
    mine = started(audit, "Stadt Aachen", parties)
    applied(audit, "Kreis Borken")
    assert [c.pk for c in login(parties["auditor"]).get(reverse(LIST)).context["cycles"]] == [mine.pk]
    assert login(other_auditor).get(reverse(LIST)).context["cycles"].count() == 0
    assert login(parties["coordinator"]).get(reverse(LIST)).context["cycles"].count() == 0
    export = login(other_auditor).get(reverse("operator_cycles:export_csv"))
    assert len(export.content.decode("utf-8-sig").splitlines()) == 1  # the header only


def test_htmx_gets_only_the_list_and_a_plain_get_the_whole_page(audit, parties, login):
    applied(audit, "Kreis Borken")
    client = login(parties["operator"])
    partial = client.get(reverse(LIST), {"status": "applied"}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="desk-list"') and "<html" not in partial
    whole = client.get(reverse(LIST), {"status": "applied"}).content.decode()
    assert "<html" in whole and 'id="desk-list"' in whole and 'method="get"' in whole


def award(cycle: Cycle, number: str, valid_until: date | None, status: str = "valid"):
    from vereinbar.certificates.models import Award

    return Award.objects.create(
        number=number,
        organisation=cycle.organisation,
        programme=cycle.programme,
        version=cycle.version,
        stage=cycle.stage,
        cycle=cycle,
        issued_on=date(2024, 1, 1),
        valid_until=valid_until,
        status=status,
    )


def test_awards_expiring_next_quarter_in_one_region_are_found_and_exported(audit, parties, login):
    today = date.today()
    award(applied(audit, "Stadt Aachen", region="Nordrhein-Westfalen"), "A-1", today + timedelta(days=40))
    award(applied(audit, "Kreis Borken", region="Nordrhein-Westfalen"), "A-2", today + timedelta(days=400))
    award(applied(audit, "Gemeente Delft", region="Zuid-Holland"), "A-3", today + timedelta(days=20))
    filters = {
        "region": "Nordrhein-Westfalen",
        "expires_from": today.isoformat(),
        "expires_to": (today + timedelta(days=90)).isoformat(),
    }
    client = login(parties["operator"])
    response = client.get(reverse("operator_cycles:awards"), filters)
    assert [a.number for a in response.context["page"].object_list] == ["A-1"]
    assert "1 award found" in response.content.decode()
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("operator_cycles:awards_csv"), filters).content.decode("utf-8-sig")))
    )
    assert [row[0] for row in rows] == ["Number", "A-1"]
    everything = client.get(reverse("operator_cycles:awards"))
    assert [a.number for a in everything.context["page"].object_list] == ["A-3", "A-1", "A-2"]  # soonest first


def test_an_auditor_lists_only_the_awards_of_cycles_assigned_to_them(audit, parties, other_auditor, login):
    award(started(audit, "Stadt Aachen", parties), "A-1", None)
    award(applied(audit, "Kreis Borken"), "A-2", None)
    assert [a.number for a in login(parties["auditor"]).get(reverse("operator_cycles:awards")).context["awards"]] == [
        "A-1"
    ]
    assert login(other_auditor).get(reverse("operator_cycles:awards")).context["awards"].count() == 0
    assert login(parties["coordinator"]).get(reverse("operator_cycles:awards")).context["awards"].count() == 0


def registered(name: str, region: str, when: date, status: str = "pending"):
    from datetime import datetime, time

    from django.utils import timezone

    moment = timezone.make_aware(datetime.combine(when, time(10)))
    return OrganisationFactory(name=name, region=region, registered_at=moment, status=status)


def test_registrations_open_on_the_waiting_ones_and_filter_by_region_and_date(parties, login):
    registered("Stichting Zorgzaam", "Utrecht", date(2026, 3, 1))
    registered("Gemeinde Adorf", "Bayern", date(2026, 4, 1))
    registered("Verein Bdorf", "Bayern", date(2026, 1, 1), status="approved")
    client = login(parties["operator"])
    url = reverse("operator:registrations")
    assert names_of(client.get(url)) == ["Stichting Zorgzaam", "Gemeinde Adorf"]  # oldest first
    assert names_of(client.get(url, {"status": "", "region": "Bayern"})) == ["Verein Bdorf", "Gemeinde Adorf"]
    assert names_of(client.get(url, {"registered_from": "2026-03-15"})) == ["Gemeinde Adorf"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("operator:registrations_csv"), {"status": "approved"}).content.decode("utf-8-sig")
            )
        )
    )
    assert [row[0] for row in rows[1:]] == ["Verein Bdorf"]
    assert login(parties["auditor"]).get(url).status_code == 403
    assert login(parties["auditor"]).get(reverse("operator:registrations_csv")).status_code == 403


def names_of(response) -> list[str]:
    return [organisation.name for organisation in response.context["page"].object_list]


def test_employers_list_counts_cycles_and_awards_in_force(audit, parties, login):
    aachen = started(audit, "Stadt Aachen", parties, region="Nordrhein-Westfalen")
    award(aachen, "A-1", None)
    applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    client = login(parties["operator"])
    found = client.get(reverse("operator:employers"), {"sort": "name"}, follow=True)
    assert [(o.name, o.cycle_count, o.award_count) for o in found.context["page"].object_list] == [
        ("Kreis Borken", 1, 0),
        ("Stadt Aachen", 1, 1),
    ]
    assert names_of(client.get(reverse("operator:employers"), {"award": "yes"})) == ["Stadt Aachen"]
    xlsx = client.get(reverse("operator:employers_xlsx"), {"award": "no"})
    assert [row[0] for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)] == [
        "Organisation",
        "Kreis Borken",
    ]
    assert "taking part in your programmes" in found.content.decode()
    audited = login(parties["auditor"]).get(reverse("operator:employers"))
    assert names_of(audited) == ["Stadt Aachen"]
    assert "assigned to you as auditor" in audited.content.decode()  # not "your programmes"
    assert names_of(login(parties["coordinator"]).get(reverse("operator:employers"))) == []


def test_the_operator_home_counts_cycles_expiring_awards_and_workload_with_links(audit, parties, login):
    from vereinbar.cycles.desk import desk_of

    today = date.today()
    aachen = started(audit, "Stadt Aachen", parties)
    started(audit, "Kreis Borken", parties)
    applied(audit, "Gemeente Delft")
    award(aachen, "A-1", today + timedelta(days=20))
    award(applied(audit, "Kreis Coesfeld"), "A-2", today + timedelta(days=60))
    desk = desk_of(user=parties["operator"], today=today)
    [programme] = desk.programmes
    assert (programme.identifier, programme.applied, programme.running) == (audit.identifier, 2, 2)
    assert {phase.key: phase.count for phase in programme.phases}["self_assessment"] == 2
    assert [(days, count) for days, count, _last in desk.expiring] == [(30, 1), (90, 2)]
    [load] = desk.workload
    assert (load.auditor_id, load.cycles, load.to_review) == (parties["auditor"].pk, 2, 0)
    html = login(parties["operator"]).get(reverse("operator:index"), follow=True).content.decode()
    assert "Your desk" in html and "?programme=test-audit&amp;phase=self_assessment" in html
    assert f"awards/?expires_to={(today + timedelta(days=90)).isoformat()}" in html  # in force: as it opens
    assert f"?auditor={parties['auditor'].pk}" in html
    # An employer's coordinator has no desk.
    assert desk_of(user=parties["coordinator"]).programmes == []


def test_each_row_shows_its_next_due_date_and_marks_it_overdue_whatever_the_sort(audit, parties, login):
    late = started(audit, "Stadt Aachen", parties)
    yesterday = date.today() - timedelta(days=1)
    late.phase_runs.filter(status=PhaseStatus.OPEN).update(due_on=yesterday)
    client = login(parties["operator"])
    for sort in ("organisation", "due"):
        html = client.get(reverse(LIST), {"sort": sort}, follow=True).content.decode()
        assert f'<time datetime="{yesterday.isoformat()}" class="overdue">' in html, sort


def test_an_example_employer_is_marked_as_such_in_the_desk_lists(audit, parties, login):
    cycle = applied(audit, "Beispiel GmbH")
    type(cycle.organisation).objects.filter(pk=cycle.organisation_id).update(is_example=True)
    award(cycle, "E-9", date.today() + timedelta(days=30))
    client = login(parties["operator"])
    for name in (LIST, "operator_cycles:awards", "operator:employers"):
        html = client.get(reverse(name)).content.decode()
        badge = '<span class="kern-badge kern-badge--info badge-example"><span class="kern-label">Example</span>'
        assert f"Beispiel GmbH {badge}" in html or f"Beispiel GmbH</a> {badge}" in html, name


def test_the_cycles_page_leads_to_the_awards_list_once_by_its_tab(audit, parties, login):
    started(audit, "Stadt Aachen", parties)
    from django.utils import translation

    with translation.override("de"):
        page, awards = reverse(LIST), reverse("operator_cycles:awards")
    html = login(parties["operator"]).get(page).content.decode()
    head = html[html.index("<h1>") : html.index('<div id="desk-list"')]
    assert head.count(f'href="{awards}') == 1, head  # the tab: no second link beside it
    links = [" ".join(text.split()) for text in re.findall(r"<a [^>]*>([^<]+)</a>", head.split("</nav>")[-1])]
    # the line below the tabs: what they do not reach, each named as the page it opens
    assert links == ["Was auf Sie wartet", "Arbeitgeber", "Teilnehmende und Auszeichnungen"]
