"""A cycle whose award the rules withheld (a stage without decision phase whose result reaches
none of its levels) does not stay stuck: the phase whose result fell short is done again (by its
actor, or returned by the operator with a reason), or the operator refuses the award and closes
the cycle; the coordinator can also withdraw. Nobody grants a level the rules do not reach.
The pages say what is missing and offer exactly these steps; the operator's desk finds such
cycles under "waiting for: operator"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tests.cycles.test_survey_conditions import surveyed
from tests.surveys.conftest import instrument_version  # noqa: F401 (the fixture)
from tests.surveys.test_certification_by_survey_alone import programme, started  # noqa: F401 (the fixture)
from vereinbar.activity.display import lines_for
from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.cycles.models import CycleStatus, DecisionOutcome, PhaseStatus
from vereinbar.cycles.selectors import cycle_withheld, repeatable_runs, withheld_waits
from vereinbar.cycles.workflow import TransitionRefused
from vereinbar.notifications.models import OutgoingMail

pytestmark = pytest.mark.django_db

OUTSIDERS = ("viewer", "contributor", "auditor", "board", "outsider")


def _complete(run, coordinator, score: str) -> None:
    services.answers_save(actor=coordinator, run=run, answers=[{"criterion": "A1", "score": score}])
    services.phase_submit(actor=coordinator, run=run)


@pytest.fixture
def withheld(load_programme, parties, employer_org):
    """A cycle whose self-assessment (completed, nobody accepts it) reaches no level: withheld."""
    rules_only = load_programme("withheld")
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=rules_only)
    cycle = services.cycle_accept(actor=parties["operator"], cycle=cycle)
    _complete(cycle.phase_runs.get(), parties["coordinator"], "1")
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN and withheld_waits(cycle) is not None
    OutgoingMail.objects.all().delete()
    return cycle


def _run(cycle):
    return cycle.phase_runs.select_related("phase", "cycle").get()


def test_the_coordinator_does_the_phase_again_and_the_award_follows_from_the_new_result(withheld, parties):
    run = _run(withheld)
    assert repeatable_runs(withheld) == [run]
    services.phase_reopen(actor=parties["coordinator"], run=run)
    run.refresh_from_db()
    assert run.status == PhaseStatus.OPEN and run.accepted_at is None
    withheld.refresh_from_db()
    assert withheld_waits(withheld) is None  # something is being done: nothing waits
    told = OutgoingMail.objects.get(to=parties["operator"].email)
    assert told.subject == "Erneut zu bearbeiten: „Selbstbewertung“ – Kreis Musterstadt"
    _complete(run, parties["coordinator"], "4")
    withheld.refresh_from_db()
    assert withheld.status == CycleStatus.COMPLETED  # awarded, and nothing follows the award
    assert withheld.award.level.key == "recognised" and withheld.award.is_valid


def test_the_operator_returns_the_phase_with_a_reason_the_coordinator_reads(withheld, parties):
    run = _run(withheld)
    with pytest.raises(ValidationError):
        services.phase_reopen(actor=parties["operator"], run=run)
    assert _run(withheld).status == PhaseStatus.ACCEPTED
    services.phase_reopen(actor=parties["operator"], run=run, reason="Bitte die Punktzahl mit Belegen prüfen.")
    assert _run(withheld).status == PhaseStatus.OPEN
    mail = OutgoingMail.objects.get(to=parties["coordinator"].email)
    assert "„Selbstbewertung“" in mail.body and "Bitte die Punktzahl mit Belegen prüfen." in mail.body
    assert "None" not in mail.body


def test_a_withheld_phase_done_again_short_again_is_withheld_again(withheld, parties):
    run = _run(withheld)
    services.phase_reopen(actor=parties["coordinator"], run=run)
    _complete(run, parties["coordinator"], "0")
    withheld.refresh_from_db()
    assert withheld.status == CycleStatus.OPEN and withheld_waits(withheld) is not None
    assert repeatable_runs(withheld) == [run]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_does_a_phase_again(withheld, parties, who):
    with pytest.raises(PermissionDenied):
        services.phase_reopen(actor=parties[who], run=_run(withheld), reason="x")
    assert _run(withheld).status == PhaseStatus.ACCEPTED


def test_the_operator_refuses_the_award_and_closes_the_cycle(withheld, parties):
    with pytest.raises(ValidationError):
        services.cycle_refuse_withheld(actor=parties["operator"], cycle=withheld, reason="  ")
    decision = services.cycle_refuse_withheld(
        actor=parties["operator"], cycle=withheld, reason="Keine neue Befragung innerhalb der Frist."
    )
    withheld.refresh_from_db()
    assert withheld.status == CycleStatus.REFUSED and withheld.closed_on is not None
    assert decision.outcome == DecisionOutcome.REFUSE and not decision.automatic and decision.level is None
    assert cycle_withheld(withheld) is None
    mail = OutgoingMail.objects.get(to=parties["coordinator"].email)
    assert "Keine neue Befragung innerhalb der Frist." in mail.body
    with pytest.raises(TransitionRefused):  # refused is final: no phase is done again
        services.phase_reopen(actor=parties["coordinator"], run=_run(withheld))


@pytest.mark.parametrize("who", ["coordinator", *OUTSIDERS])
def test_only_the_operator_refuses(withheld, parties, who):
    with pytest.raises(PermissionDenied):
        services.cycle_refuse_withheld(actor=parties[who], cycle=withheld, reason="x")
    withheld.refresh_from_db()
    assert withheld.status == CycleStatus.OPEN


def test_no_way_on_where_nothing_was_withheld(load_programme, parties, employer_org):
    rules_only = load_programme("withheld")
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=rules_only)
    cycle = services.cycle_accept(actor=parties["operator"], cycle=cycle)
    with pytest.raises(TransitionRefused):
        services.cycle_refuse_withheld(actor=parties["operator"], cycle=cycle, reason="x")
    run = _run(cycle)
    _complete(run, parties["coordinator"], "4")  # granted: an award is never undone this way
    cycle.refresh_from_db()
    assert cycle.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED)
    with pytest.raises(TransitionRefused):
        services.phase_reopen(actor=parties["coordinator"], run=_run(cycle))
    assert repeatable_runs(cycle) == []


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_history_reads_well(withheld, parties, language):
    services.phase_reopen(actor=parties["operator"], run=_run(withheld), reason="Belege fehlen.")
    with translation.override(language):
        [line] = lines_for(Entry.objects.filter(verb="phase.reopened"))
        said = line.text + " " + " ".join(f"{d.label} {d.before} {d.after}" for d in line.details)
    assert {"de": "Selbstbewertung", "nl": "Zelfevaluatie"}[language] in said
    assert {"de": "erneut", "nl": "opnieuw"}[language] in said
    assert "None" not in said and "phase.reopened" not in said and "status" not in said
    assert line.comment == "Belege fehlen."


PAGE = {
    "de": (
        "Die Auszeichnung wurde nicht vergeben",
        "Keine Auszeichnung: Keine Auszeichnungsstufe",
        "„Selbstbewertung“ erneut bearbeiten",
    ),
    "nl": ("De erkenning is niet toegekend", "Geen erkenning: geen niveau", "‘Zelfevaluatie’ opnieuw uitvoeren"),
}
OPERATOR_PAGE = {
    "de": ("„Selbstbewertung“ zur erneuten Bearbeitung zurückgeben", "Ablehnen und abschließen"),
    "nl": ("‘Zelfevaluatie’ terugsturen om opnieuw uit te voeren", "Weigeren en afsluiten"),
}


def _page(client, language, cycle, area):
    if area == "workspace":
        return client.get(f"/{language}/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/")
    return client.get(f"/{language}/operator/cycles/{cycle.pk}/")


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_coordinator_reads_what_is_missing_and_what_to_do(withheld, parties, login, language):
    page = _page(login(parties["coordinator"]), language, withheld, "workspace")
    assert page.status_code == 200
    text = page.content.decode()
    for words in PAGE[language]:
        assert words in text, words
    assert 'action="' in text and "/do/reopen/" in text and "/do/refuse/" not in text
    assert OPERATOR_PAGE[language][1] not in text


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_operator_reads_it_and_may_return_or_refuse(withheld, parties, login, language):
    page = _page(login(parties["operator"]), language, withheld, "operator")
    assert page.status_code == 200
    text = page.content.decode()
    for words in (PAGE[language][0], PAGE[language][1], *OPERATOR_PAGE[language]):
        assert words in text, words


def test_a_reader_of_the_employer_is_offered_nothing(withheld, parties, login):
    text = _page(login(parties["viewer"]), "nl", withheld, "workspace").content.decode()
    assert PAGE["nl"][0] in text and "/do/reopen/" not in text and "/do/refuse/" not in text


def test_the_pages_post_the_ways_on(withheld, parties, login):
    run = _run(withheld)
    slug = withheld.organisation.slug
    refused = login(parties["coordinator"]).post(
        f"/de/workspace/{slug}/cycles/{withheld.pk}/do/refuse/", {"reason": "x"}
    )
    assert refused.status_code in (403, 404)
    reopen = f"/de/workspace/{slug}/cycles/{withheld.pk}/do/reopen/"
    assert login(parties["coordinator"]).post(reopen, {"run": "x"}).status_code == 404
    done = login(parties["coordinator"]).post(reopen, {"run": run.pk})
    assert done.status_code == 302 and _run(withheld).status == PhaseStatus.OPEN
    page = login(parties["coordinator"]).get(done["Location"]).content.decode()
    assert "ist wieder offen" in page and PAGE["de"][0] not in page  # under way: nothing to choose any more


def test_the_operator_refuses_on_the_page_and_a_missing_reason_is_said_next_to_the_field(withheld, parties, login):
    client = login(parties["operator"])
    missing = client.post(f"/de/operator/cycles/{withheld.pk}/do/refuse/", {"reason": ""})
    assert missing.status_code == 422
    done = client.post(f"/de/operator/cycles/{withheld.pk}/do/refuse/", {"reason": "Frist verstrichen."})
    assert done.status_code == 302
    withheld.refresh_from_db()
    assert withheld.status == CycleStatus.REFUSED and withheld.status_reason == "Frist verstrichen."


def test_outsiders_get_nothing(withheld, parties, login):
    client = login(parties["outsider"])
    slug = withheld.organisation.slug
    assert _page(client, "de", withheld, "workspace").status_code == 404
    assert _page(client, "de", withheld, "operator").status_code == 404
    post = client.post(f"/de/workspace/{slug}/cycles/{withheld.pk}/do/reopen/", {"run": _run(withheld).pk})
    assert post.status_code == 404
    assert client.post(f"/de/operator/cycles/{withheld.pk}/do/refuse/", {"reason": "x"}).status_code == 404
    assert _run(withheld).status == PhaseStatus.ACCEPTED


def test_the_desk_finds_it_waiting_for_the_operator_until_someone_acts(withheld, parties, login):
    client = login(parties["operator"])
    with translation.override("de"):
        address = reverse("operator_cycles:list")
    listed = client.get(address, {"waiting": "operator"})
    assert [c.pk for c in listed.context["cycles"]] == [withheld.pk]
    assert "Auszeichnung nicht vergeben: keine Auszeichnungsstufe erreicht" in listed.content.decode()
    services.phase_reopen(actor=parties["coordinator"], run=_run(withheld))
    listed = client.get(address, {"waiting": "operator"})
    assert list(listed.context["cycles"]) == []


def test_a_staff_survey_short_of_every_level_is_run_again_and_the_award_follows(
    programme,  # noqa: F811 (the fixture)
    employer_org,
    parties,
    instrument_version,  # noqa: F811 (the fixture)
):
    """The demo's case: the work-care culture index, no optional review, 18 of 30 staff answered
    (margin of error 12.5 % > 5 %): withheld; the coordinator runs the survey again, and the
    award follows from the new survey's level."""
    coordinator = parties["coordinator"]
    cycle = started(programme, employer_org, coordinator, parties["operator"], parties["auditor"], review=False)
    surveyed(cycle, coordinator, instrument_version, admin=(13, 5), youth=(0, 0))
    cycle.refresh_from_db()
    [run] = repeatable_runs(cycle)
    assert run.phase.key == "staff_survey"
    services.phase_reopen(actor=coordinator, run=run)
    surveyed(cycle, coordinator, instrument_version, admin=(20, 8), youth=(0, 0))  # 71.4 %, ±4.1 at 90 %
    cycle.refresh_from_db()
    assert cycle.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED)
    assert cycle.award.level.key == "certified"
