"""What follows an award the rules withheld, as the people who move it on read it: the page of a
phase done again says when nothing has changed yet (for a staff survey: a new survey is needed,
with the way to create it for this cycle's phase) and completing it unchanged is no longer the
page's main button; the operator's home lists the cycle under "waiting for you"; the desk's
export says why such a cycle waits, as its page does."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cycles.test_survey_conditions import surveyed
from tests.cycles.test_withheld_way_on import _run, withheld  # noqa: F401 (the fixture)
from tests.surveys.conftest import instrument_version  # noqa: F401 (the fixture)
from tests.surveys.test_certification_by_survey_alone import programme, started  # noqa: F401 (the fixture)
from vereinbar.cycles import services
from vereinbar.cycles.models import CycleStatus
from vereinbar.cycles.selectors import repeatable_runs, withheld_waits
from vereinbar.cycles.services.decision import withheld_unchanged

pytestmark = pytest.mark.django_db

UNCHANGED = {
    "de": ("Diese Phase wird erneut bearbeitet, weil die Auszeichnung nicht vergeben wurde", "Unverändert abschließen"),
    "nl": ("Deze stap wordt opnieuw uitgevoerd omdat de erkenning niet is toegekend", "Ongewijzigd afronden"),
}
MARK_DONE = {"de": "Als erledigt markieren", "nl": "Markeren als afgerond"}
NEW_SURVEY = {
    "de": ("Für diese Phase ist eine neue Beschäftigtenbefragung nötig", "Neue Beschäftigtenbefragung für diese Phase"),
    "nl": ("Voor deze stap is een nieuw medewerkersonderzoek nodig", "Nieuw medewerkersonderzoek voor deze stap"),
}


def _phase_page(client, language, run) -> str:
    cycle = run.cycle
    page = client.get(f"/{language}/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/phases/{run.pk}/")
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_phase_done_again_says_nothing_has_changed_until_its_result_does(withheld, parties, login, language):  # noqa: F811
    run = _run(withheld)
    coordinator = parties["coordinator"]
    services.phase_reopen(actor=coordinator, run=run)
    run.refresh_from_db()
    assert withheld_unchanged(run) is not None
    text = _phase_page(login(coordinator), language, run)
    for words in UNCHANGED[language]:
        assert words in text, words
    assert MARK_DONE[language] not in text
    assert "Keine Auszeichnung" in text or "Geen erkenning" in text  # why it was withheld, in the page's language

    services.answers_save(actor=coordinator, run=run, answers=[{"criterion": "A1", "score": "3"}])
    assert withheld_unchanged(run) is None
    text = _phase_page(login(coordinator), language, run)
    assert MARK_DONE[language] in text
    assert UNCHANGED[language][0] not in text and UNCHANGED[language][1] not in text


def test_completed_unchanged_the_cycle_waits_on_the_withheld_award_again(withheld, parties):  # noqa: F811
    """The way back for a phase opened again by mistake: the operator can then close the cycle."""
    run = _run(withheld)
    services.phase_reopen(actor=parties["coordinator"], run=run)
    decisions = withheld.decisions.count()
    services.phase_submit(actor=parties["coordinator"], run=run)
    withheld.refresh_from_db()
    assert withheld_waits(withheld) is not None and withheld.decisions.count() == decisions  # said once
    services.cycle_refuse_withheld(actor=parties["operator"], cycle=withheld, reason="Keine Änderung.")


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_survey_phase_done_again_asks_for_a_new_survey_of_this_cycle_and_phase(
    programme,  # noqa: F811 (the fixture)
    employer_org,
    parties,
    instrument_version,  # noqa: F811 (the fixture)
    login,
    language,
):
    coordinator = parties["coordinator"]
    cycle = started(programme, employer_org, coordinator, parties["operator"], parties["auditor"], review=False)
    surveyed(cycle, coordinator, instrument_version, admin=(13, 5), youth=(0, 0))
    [run] = repeatable_runs(cycle)
    services.phase_reopen(actor=coordinator, run=run)
    text = _phase_page(login(coordinator), language, run)
    for words in NEW_SURVEY[language]:
        assert words in text, words
    create = reverse("surveys:create", args=[employer_org.slug]) + f"?cycle={cycle.pk}&amp;run={run.pk}"
    assert create in text
    assert text.count("?cycle=") == 1  # one way to start it, not the panel's button as well
    assert MARK_DONE[language] not in text and UNCHANGED[language][1] in text
    operator_text = login(parties["operator"]).get(f"/{language}/operator/cycles/{cycle.pk}/phases/{run.pk}/")
    assert NEW_SURVEY[language][0] in operator_text.content.decode()

    surveyed(cycle, coordinator, instrument_version, admin=(20, 8), youth=(0, 0))  # the new survey closes
    cycle.refresh_from_db()
    assert cycle.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED)


HOME = {
    "de": "Auszeichnung nach den Regeln nicht vergeben: weiteres Vorgehen wählen",
    "nl": "Erkenning volgens de regels niet toegekend: kies hoe het traject verdergaat",
}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_operator_home_lists_the_cycle_waiting_on_a_withheld_award(withheld, parties, login, language):  # noqa: F811
    client = login(parties["operator"])
    with translation.override(language):
        home = reverse("operator:index")
        detail = reverse("operator_cycles:detail", args=[withheld.pk])
    text = client.get(home, follow=True).content.decode()
    assert HOME[language] in text
    assert f'href="{detail}#way-on"' in text
    assert 'data-kind="withheld"' in text
    services.phase_reopen(actor=parties["coordinator"], run=_run(withheld))  # under way: nothing waits
    assert HOME[language] not in client.get(home, follow=True).content.decode()


def test_the_auditor_and_the_board_are_not_told_it_waits_for_them(withheld, parties, login):  # noqa: F811
    for who in ("auditor", "board"):
        text = login(parties[who]).get("/de/operator/", follow=True).content.decode()
        assert "Wartet auf Sie" in text
        assert HOME["de"] not in text, who


def test_the_desk_export_says_the_award_was_withheld(withheld, parties, login):  # noqa: F811
    client = login(parties["operator"])
    with translation.override("de"):
        address = reverse("operator_cycles:export_csv")
    body = client.get(address, {"waiting": "operator"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";" if body.count(";") > body.count(",") else ","))
    header, [row] = rows[0], rows[1:]
    assert row[header.index("Laufende Phasen")] == "Auszeichnung nicht vergeben: keine Auszeichnungsstufe erreicht"
