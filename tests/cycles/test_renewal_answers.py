"""A renewal starts from the employer's answers of the cycle it renews (``answers_carry``): each
answer and its files are taken over into the renewal's phase that asks the same criterion,
marked as taken over until someone changes it, nothing handed in; answers to criteria the
renewal no longer asks are left out and counted; the history says how many; nothing goes into
another organisation's cycle."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import translation

from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.cycles.links import cycle_reverse
from vereinbar.cycles.models import AssessmentAnswer, Cycle, Evidence, PhaseStatus
from vereinbar.cycles.services.answers_carry import answers_carry_over
from vereinbar.programmes.models import Phase

from .helpers import drive, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide2(load_programme):
    # self-assessment of criteria 1 and 2 in the first stage and in its renewal
    return load_programme("guide2")


@pytest.fixture
def passed(guide2, open_cycle, parties):
    """A cycle of the care guide recognition passed, with a file attached to criterion 1."""
    cycle = open_cycle(guide2)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    services.evidence_add(actor=parties["coordinator"], run=run, upload=pdf_upload("policy.pdf"), criterion_code="1")
    drive(cycle, parties)
    assert cycle.status in ("awarded", "completed")
    return cycle


def _renewal_run(renewal: Cycle):
    return renewal.phase_runs.get(phase__key="self_assessment")


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_renewal_starts_from_the_answers_and_files_given_before(passed, parties):
    before = {a.criterion.code: a for a in passed.answers.select_related("criterion")}

    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=passed)

    run = _renewal_run(renewal)
    carried = {a.criterion.code: a for a in run.answers.select_related("criterion", "carried_from")}
    assert set(carried) == {"1", "2"}
    for code, answer in carried.items():
        assert answer.score == before[code].score
        assert answer.carried_from == before[code]
        assert answer.criterion.version_id == renewal.version_id
        assert answer.accepted is None  # the reviewer judges it anew
        assert answer.is_taken_over
    assert run.status == PhaseStatus.OPEN  # nothing handed in for the employer
    (copy,) = run.evidence.all()
    original = Evidence.objects.get(cycle=passed, criterion__code="1")
    assert copy.carried_from == original and copy.criterion.code == "1"
    assert copy.file.name != original.file.name  # stored anew: removing one leaves the other
    with copy.file.open("rb") as handle:
        assert handle.read() == original.file.open("rb").read()


def test_the_renew_card_says_the_answers_are_taken_over(passed, parties, login):
    page = _text(login(parties["coordinator"]).get(cycle_reverse("workspace", passed, "detail")))
    assert "The organisation's answers to the criteria are taken over, to be checked and updated." in page


def test_the_renewal_entry_counts_what_was_taken_over(passed, parties, employer_org, login):
    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=passed)

    entry = Entry.objects.get(verb="cycle.renewed", target_id=str(renewal.pk))
    assert entry.after["answers_carried_over"] == 2
    assert entry.after["evidence_carried_over"] == 1
    assert "answers_left_out" not in entry.after  # none was left out: nothing to say
    with translation.override("de"):
        history = _text(login(parties["coordinator"]).get(f"/de/workspace/{employer_org.slug}/history/"))
    assert "answers_carried_over" not in history


def test_answers_to_criteria_the_renewal_no_longer_asks_are_left_out(passed, parties, login):
    # the renewal's self-assessment now asks criterion 1 only
    Phase.objects.filter(stage__key="renewal", key="self_assessment").update(scope=["1"])

    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=passed)

    run = _renewal_run(renewal)
    assert list(run.answers.values_list("criterion__code", flat=True)) == ["1"]
    entry = Entry.objects.get(verb="cycle.renewed", target_id=str(renewal.pk))
    assert (entry.after["answers_carried_over"], entry.after["answers_left_out"]) == (1, 1)
    page = _text(login(parties["coordinator"]).get(cycle_reverse("workspace", renewal, "phase", run.pk)))
    assert "1 answer was taken over from the previous cycle" in page
    assert "1 answer of the previous cycle was not taken over" in page


def test_nothing_is_taken_over_into_another_organisation(passed, parties, open_cycle, guide2, other_employer_org):
    other = Cycle.objects.create(
        organisation=other_employer_org,
        programme=guide2,
        version=passed.version,
        stage=passed.stage,
        status="open",
    )
    with pytest.raises(ValueError):
        answers_carry_over(source=passed, target=other)

    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=passed)

    carried = AssessmentAnswer.objects.filter(carried_from__isnull=False)
    assert set(carried.values_list("cycle_id", flat=True)) == {renewal.pk}
    assert set(carried.values_list("carried_from__cycle__organisation_id", flat=True)) == {passed.organisation_id}
    assert not AssessmentAnswer.objects.filter(cycle=other).exists()


def test_a_changed_answer_no_longer_reads_as_taken_over(passed, parties, login):
    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=passed)
    run = _renewal_run(renewal)
    services.answers_save(actor=parties["coordinator"], run=run, answers=[{"criterion": "2", "score": "7.5"}])

    answers = {a.criterion.code: a for a in run.answers.select_related("criterion")}
    assert answers["2"].score == Decimal("7.5") and not answers["2"].is_taken_over
    assert answers["1"].is_taken_over
    client = login(parties["coordinator"])
    page = _text(client.get(cycle_reverse("workspace", renewal, "phase", run.pk)))
    assert page.count("Taken over From the previous cycle’s answers of") == 1  # only the unchanged one
    cycle_page = _text(client.get(cycle_reverse("workspace", renewal, "detail")))
    assert "2 answers in “Self-assessment” – 1 still to be checked" in cycle_page


def test_the_page_says_in_dutch_where_the_answers_come_from(passed, parties, login):
    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=passed)
    run = _renewal_run(renewal)

    with translation.override("nl"):
        url = cycle_reverse("workspace", renewal, "phase", run.pk)
    page = _text(login(parties["coordinator"]).get(url))

    assert "2 antwoorden zijn overgenomen uit het vorige traject" in page
