"""The target agreement: a renewal carries over only the goals still to be reached, an agreement
without goals cannot be signed (page and API say why, nothing changes), and the signed agreement
is a PDF for the people who may see it, with every goal and measure and no lines over each other."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.pdf_checks import foreign_fonts, layout, overlapping_lines, pages
from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.cycles.agreement_pdf import agreement_html, agreement_pdf
from vereinbar.cycles.models import Goal, GoalStatus, PhaseStatus, TargetAgreement
from vereinbar.cycles.services.agreement import NO_GOALS
from vereinbar.cycles.workflow import TransitionRefused

from .api_client import Api
from .helpers import applied_on, drive

pytestmark = pytest.mark.django_db


def ws(name, slug, *args):
    return reverse(f"workspace_cycles:{name}", args=[slug, *args])


def op(name, *args):
    return reverse(f"operator_cycles:{name}", args=list(args))


def _at_agreement(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    assert cycle.phase_runs.get(phase__key="agreement").status == PhaseStatus.OPEN
    return cycle


def _goal(parties, cycle, field, title, **more):
    return services.goal_save(actor=parties["contributor"], cycle=cycle, action_field_code=field, title=title, **more)


def _sign(parties, cycle, on=date(2026, 3, 2)):
    applied_on(cycle, min(cycle.applied_on, on))  # the agreement is signed in the cycle
    return services.agreement_sign(
        actor=parties["coordinator"],
        cycle=cycle,
        signer_name="Dr. Erika Head",
        signer_function="Landrätin",
        signed_on=on,
    )


# --- carried over into the next agreement ---------------------------------------------------


def test_a_renewal_carries_over_the_open_goals_and_leaves_the_achieved_ones_with_the_old_agreement(
    audit, open_cycle, parties, employer_org, login
):
    cycle = _at_agreement(audit, open_cycle, parties)
    flexible = _goal(parties, cycle, "1", "More flexible hours", status=GoalStatus.IN_PROGRESS)
    services.goal_measure_save(actor=parties["contributor"], goal=flexible, title="Flexitime", owner="HR")
    reached = _goal(parties, cycle, "1", "Part-time for managers", status=GoalStatus.ACHIEVED)
    services.goal_measure_save(actor=parties["contributor"], goal=reached, title="Job sharing")
    _goal(parties, cycle, "3", "A crèche of our own", status=GoalStatus.DROPPED)
    _goal(parties, cycle, "3", "Home office for carers")
    drive(cycle, parties, until_award=True)

    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=cycle)

    carried = Goal.objects.filter(agreement__cycle=renewal)
    assert sorted(carried.values_list("code", "title", "status")) == [
        ("1.1", "More flexible hours", GoalStatus.IN_PROGRESS),
        ("3.2", "Home office for carers", GoalStatus.OPEN),
    ]
    assert carried.get(code="1.1").measures.get().title == "Flexitime"
    old = {goal.code: goal for goal in Goal.objects.filter(agreement__cycle=cycle)}
    assert (old["1.2"].status, old["1.2"].measures.get().title) == (GoalStatus.ACHIEVED, "Job sharing")
    assert old["3.1"].status == GoalStatus.DROPPED
    renewed = Entry.objects.get(verb="cycle.renewed")
    assert renewed.after["goals_carried_over"] == 2
    # A new goal does not take the number of the one achieved before (1.2 stays that goal's).
    assert _goal(parties, renewal, "1", "Sabbaticals").code == "1.3"
    # The new agreement's page names the goal reached before, as history, not as a goal to work on.
    page = login(parties["coordinator"]).get(ws("agreement", employer_org.slug, renewal.pk))
    assert [goal.code for goal in page.context["goals"]] == ["1.1", "1.3", "3.2"]
    assert [goal.title for goal in page.context["achieved_before"]] == ["Part-time for managers"]
    assert "Part-time for managers" in page.content.decode()


# --- no signing without goals ---------------------------------------------------------------


def test_an_agreement_without_goals_cannot_be_signed_and_nothing_changes(audit, open_cycle, parties):
    cycle = _at_agreement(audit, open_cycle, parties)
    entries = Entry.objects.count()
    with pytest.raises(TransitionRefused) as refused:
        _sign(parties, cycle)
    assert refused.value.code == NO_GOALS
    assert "without goals cannot be signed" in refused.value.messages[0]
    assert not TargetAgreement.objects.filter(cycle=cycle, signed_on__isnull=False).exists()
    assert Entry.objects.count() == entries
    # Dropped goals do not count.
    _goal(parties, cycle, "1", "Given up", status=GoalStatus.DROPPED)
    with pytest.raises(TransitionRefused):
        _sign(parties, cycle)
    _goal(parties, cycle, "1", "More flexible hours")
    assert _sign(parties, cycle).is_signed


def test_the_page_says_next_to_the_signing_that_goals_come_first(audit, open_cycle, parties, employer_org, login):
    cycle = _at_agreement(audit, open_cycle, parties)
    client = login(parties["coordinator"])
    page = client.get(ws("agreement", employer_org.slug, cycle.pk))
    assert b'id="sign-needs-goals"' in page.content and b"do/sign/" not in page.content
    # A signing posted anyway (an older page, another tab) is refused next to the form.
    response = client.post(
        ws("agreement_act", employer_org.slug, cycle.pk, "sign"),
        {"signer_name": "Dr. Head", "signed_on": date.today().isoformat()},
    )
    assert response.status_code == 422
    errors = response.context["sign_form"].non_field_errors()
    assert errors and "without goals cannot be signed" in errors[0]
    section = response.content.decode().split('id="sign"')[1].split("</section>")[0]
    assert "without goals cannot be signed" in section and "do/sign/" in section
    assert not TargetAgreement.objects.filter(cycle=cycle, signed_on__isnull=False).exists()
    _goal(parties, cycle, "1", "More flexible hours")
    assert b"do/sign/" in client.get(ws("agreement", employer_org.slug, cycle.pk)).content


def test_opening_the_agreement_page_writes_nothing(audit, open_cycle, parties, employer_org, login):
    """Looking is not changing: the page asks whether its forms may be shown without making the
    agreement; the first goal saved makes it."""
    cycle = _at_agreement(audit, open_cycle, parties)
    TargetAgreement.objects.filter(cycle=cycle).delete()
    entries = Entry.objects.count()
    client = login(parties["coordinator"])
    page = client.get(ws("agreement", employer_org.slug, cycle.pk))
    assert page.status_code == 200 and b'id="sign-needs-goals"' in page.content
    assert not TargetAgreement.objects.filter(cycle=cycle).exists()
    assert Entry.objects.count() == entries
    _goal(parties, cycle, "1", "More flexible hours")
    assert TargetAgreement.objects.filter(cycle=cycle).exists()


def test_the_api_refuses_to_sign_without_goals_with_its_own_code(audit, open_cycle, parties):
    cycle = _at_agreement(audit, open_cycle, parties)
    api = Api(parties)
    status, body = api.as_("coordinator").post(
        f"/cycles/{cycle.pk}/agreement/sign", {"signer_name": "Dr. Head", "signed_on": date.today().isoformat()}
    )
    assert status == 409 and body["code"] == "agreement_without_goals"
    assert "without goals cannot be signed" in body["message"]
    status, body = api.get(f"/cycles/{cycle.pk}/agreement")
    assert status == 200 and body["signed_on"] is None


# --- the signed agreement as PDF ------------------------------------------------------------

LONG = (
    "Beschäftigten mit Pflegeaufgaben in allen Ämtern, Stabsstellen und Eigenbetrieben "
    "einschließlich des Seniorenpflegeheims flexible Arbeitszeiten und Arbeitsorte ermöglichen"
)


def _signed(audit, open_cycle, parties):
    cycle = _at_agreement(audit, open_cycle, parties)
    first = _goal(
        parties, cycle, "1", LONG, success_measure="Anteil der Anträge", owner="Personalamt", due_on=date(2028, 6, 30)
    )
    for number in range(1, 6):
        services.goal_measure_save(
            actor=parties["contributor"],
            goal=first,
            title=f"Maßnahme {number}: Dienstvereinbarung zur mobilen Arbeit überarbeiten und bekannt machen",
            owner="Personalrat und Personalamt",
            due_on=date(2027, number, 1),
        )
    for number in range(2, 9):
        _goal(
            parties, cycle, "3", f"Ziel {number}: Home-Office-Tage für Eltern", owner="IT", due_on=date(2027, 1, number)
        )
    _sign(parties, cycle)
    return cycle


def test_the_signed_agreement_pdf_has_every_goal_and_measure_and_no_lines_over_each_other(audit, open_cycle, parties):
    cycle = _signed(audit, open_cycle, parties)
    agreement = cycle.target_agreement
    pdf = agreement_pdf(cycle, agreement, language="de")
    count = pages(pdf)
    assert count >= 2  # long enough to break across pages: the page break is checked too
    text = ""
    for page in range(count):
        seen = layout(pdf, page=page)
        assert overlapping_lines(seen.lines) == [], page
        assert seen.outside == [], page
        text += "\n".join(line.text for line in seen.lines) + "\n"
    flat = " ".join(text.split())
    assert "Zielvereinbarung" in flat and "Kreis Musterstadt" in flat
    assert "Beschäftigten mit Pflegeaufgaben" in flat and "Seniorenpflegeheims" in flat
    for goal in Goal.objects.filter(agreement=agreement):
        assert goal.code in flat and goal.title[:40] in flat
    assert flat.count("Dienstvereinbarung zur mobilen Arbeit") == 5
    assert "Personalamt" in flat and "30. Juni 2028" in flat
    assert "Dr. Erika Head" in flat and "Landrätin" in flat and "2. März 2026" in flat
    assert f"Seite 1 von {count}" in flat
    assert foreign_fonts(pdf) == []  # the same on every server


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", ["Doelenafspraak", "Verantwoordelijk", "2 maart 2026"]), ("en", ["Target agreement", "Responsible"])],
)
def test_the_agreement_is_in_the_readers_language(audit, open_cycle, parties, language, words):
    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    agreement = cycle.target_agreement
    agreement.signed_on = date(2026, 3, 2)
    html = agreement_html(cycle, agreement, language=language)
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html


def test_the_pdf_is_offered_to_those_who_see_the_agreement_and_refused_to_others(
    audit, open_cycle, parties, employer_org, login
):
    cycle = _at_agreement(audit, open_cycle, parties)
    _goal(parties, cycle, "1", "More flexible hours")
    client = login(parties["coordinator"])
    pdf_url = ws("agreement_pdf", employer_org.slug, cycle.pk)
    assert pdf_url.encode() not in client.get(ws("agreement", employer_org.slug, cycle.pk)).content
    assert client.get(pdf_url).status_code == 404  # not signed yet: nothing to download
    _sign(parties, cycle)
    assert pdf_url.encode() in client.get(ws("agreement", employer_org.slug, cycle.pk)).content
    for who, url in [("viewer", pdf_url), ("auditor", op("agreement_pdf", cycle.pk))]:
        response = login(parties[who]).get(url)
        assert response.status_code == 200, who
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
        assert "attachment" in response["Content-Disposition"]
        assert "kreis-musterstadt-2026-03-02.pdf" in response["Content-Disposition"]
    outsider = login(parties["outsider"])
    assert outsider.get(pdf_url).status_code == 404
    assert outsider.get(op("agreement_pdf", cycle.pk)).status_code == 404


def test_the_api_gives_the_signed_agreement_as_pdf_to_its_parties_only(audit, open_cycle, parties):
    cycle = _at_agreement(audit, open_cycle, parties)
    _goal(parties, cycle, "1", "More flexible hours")
    api = Api(parties)
    status, body = api.as_("viewer").get(f"/cycles/{cycle.pk}/agreement.pdf")
    assert status == 404 and body["code"] == "not_found"  # not signed yet
    _sign(parties, cycle)
    status, response = api.as_("viewer").get(f"/cycles/{cycle.pk}/agreement.pdf?language=nl")
    assert status == 200 and response.content.startswith(b"%PDF")
    assert 'filename="doelenafspraak-kreis-musterstadt-2026-03-02.pdf"' in response["Content-Disposition"]
    status, _body = api.as_("outsider").get(f"/cycles/{cycle.pk}/agreement.pdf")
    assert status == 404
