"""The operator home shows each member of an operator what fits their role: the operator admin
the applications to accept and the auditors' workload (they accept and assign); a board member
and an auditor no workload, and the applications on their desk as the operator's to accept,
with their own cycles by phase, below what waits for them. The
awards expiring are for the operator admin and the board, not for an auditor: the employer
applies for the renewal and the operator names its auditor."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory
from vereinbar.cycles import services
from vereinbar.cycles.models import Cycle, CycleStatus

from .helpers import fill

pytestmark = pytest.mark.django_db

APPLICATIONS = "&amp;status=applied"  # the desk's "n applications to accept" link
WITH_OPERATOR = "1 application with the programme operator"
WORKLOAD = 'id="desk-workload-heading"'
BY_PHASE = 'id="desk-programmes-heading"'
EXPIRING = 'id="desk-expiring-heading"'


@pytest.fixture
def home(audit, parties, employer_org, login):
    """An application the auditor is already named for, and a cycle whose self-assessment waits
    for the auditor's review; home(role) is that role's operator home."""
    version = audit.current_version
    Cycle.objects.create(
        organisation=OrganisationFactory(name="Gemeente Delft"),
        programme=audit,
        version=version,
        stage=version.stages.order_by("order").first(),
        status=CycleStatus.APPLIED,
        auditor=parties["auditor"],
    )
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    cycle = services.cycle_accept(actor=parties["operator"], cycle=cycle, auditor=parties["auditor"])
    run = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)

    def page(role: str) -> str:
        response = login(parties[role]).get(reverse("operator:index"), follow=True)
        assert response.status_code == 200
        return response.content.decode()

    return page


def test_the_operator_admin_sees_applications_to_accept_and_the_auditors_workload(home):
    html = home("operator")
    assert "1 application to accept" in html and APPLICATIONS in html
    assert WORKLOAD in html and BY_PHASE in html
    assert 'data-kind="application"' in html


def test_a_board_member_sees_the_cycles_by_phase_and_applications_as_the_operators_but_no_workload(home):
    html = home("board")
    assert BY_PHASE in html and "2 current cycles" in html and "1 in progress" in html
    assert WITH_OPERATOR in html and "application to accept" not in html
    assert WORKLOAD not in html and "Auditors&#x27; workload" not in html


def test_an_auditor_sees_their_reviews_first_then_their_cycles_without_workload(home):
    html = home("auditor")
    assert 'data-kind="review"' in html
    assert html.index('id="waiting-heading"') < html.index('data-kind="review"') < html.index(BY_PHASE)
    assert "2 current cycles" in html and "1 in progress" in html
    assert WITH_OPERATOR in html and "application to accept" not in html
    assert WORKLOAD not in html and "Auditors&#x27; workload" not in html


@pytest.mark.parametrize(("role", "shown"), [("operator", True), ("board", True), ("auditor", False)])
def test_the_awards_expiring_are_for_the_operator_admin_and_the_board_not_the_auditor(home, role, shown):
    html = home(role)
    assert (EXPIRING in html) is shown
    assert ("The employer applies for the renewal" in html) is shown


def test_someone_admin_of_one_operator_and_auditor_of_another_sees_applications_only_where_they_admin(
    audit, auditor, parties
):
    from datetime import date

    from tests.cycles.conftest import PROGRAMMES, programme_from_file
    from tests.factories import MembershipFactory, UserFactory
    from vereinbar.cycles.desk import Desk, ProgrammeCounts, Workload
    from vereinbar.cycles.home_parts import desk_for_reader

    other_operator = OrganisationFactory(operator=True, name="Other Operator", slug="other-operator")
    scored = programme_from_file(PROGRAMMES / "scored.yaml", other_operator)
    MembershipFactory(user=auditor, organisation=other_operator, role="operator_admin")
    counts = [
        ProgrammeCounts(identifier=audit.identifier, title="Audit", applied=3, running=2, phases=[]),
        ProgrammeCounts(identifier=scored.identifier, title="Scored", applied=4, running=0, phases=[]),
        ProgrammeCounts(identifier="elsewhere", title="Elsewhere", applied=5, running=0, phases=[]),
    ]
    desk = Desk(
        programmes=counts,
        expiring=[(30, 0, date(2027, 1, 1))],
        workload=[Workload(auditor_id=auditor.pk, name="A", cycles=2, to_review=1)],
    )
    shown = desk_for_reader(desk, user=auditor)
    # audit: they are its auditor, its applications are the operator's to accept; scored: they
    # run it. Every count stays (each is the number of the list its link opens).
    assert [(p.identifier, p.applied, p.running, p.accepts) for p in shown.programmes] == [
        (audit.identifier, 3, 2, False),
        (scored.identifier, 4, 0, True),
        ("elsewhere", 5, 0, False),
    ]
    assert shown.workload == desk.workload and shown.expiring == desk.expiring
    assert desk_for_reader(desk, user=parties["board"]).workload == []
    assert desk_for_reader(desk, user=parties["board"]).expiring == desk.expiring
    assert desk_for_reader(desk, user=parties["auditor"]).expiring == desk.expiring  # admin of the other
    only_audits = UserFactory()
    MembershipFactory(user=only_audits, organisation=other_operator, role="auditor")
    assert desk_for_reader(desk, user=only_audits).expiring == []


def test_the_auditors_workload_sets_its_counts_as_figures(home):
    workload = home("operator").split(WORKLOAD, 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'<th class="([^"]*)" scope="col">', workload)
    assert headers[1:] == ["kern-table__header kern-table__header--numeric"] * 2  # Cycles, Their turn
    cells = re.findall(r'<td class="([^"]*)">', workload)
    assert cells and cells.count("kern-table__cell kern-table__cell--numeric") == 2 * cells.count("kern-table__cell")
