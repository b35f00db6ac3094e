"""Three programme files an operator wrote, not the library's: each loads, runs one employer to a
decision, awards the level its own rules give, and reads in its own words on the pages.

tests/programmes/data/ holds them: a Dutch-only recognition with a ladder of four unusual levels
and seven criteria groups; an English charter whose award comes with the signing, publishes no end
date and needs a trained contact (a role of the programme); a German management cycle with two
optional phases, weights and thresholds at the edges of the schema, a 300-character title and
Markdown in its descriptions (loaded, with a warning per text).
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.cycles import helpers
from tests.programmes.conftest import load
from vereinbar.cycles import services
from vereinbar.programmes.definition import ProgrammeInvalid
from vereinbar.programmes.models import Programme, ProgrammeVersion

DATA = Path(__file__).resolve().parent / "data"
DUTCH = DATA / "ijsselkeur-zorgzaam-werkgeverschap.yaml"
CHARTER = DATA / "carers-at-work-charter.yaml"
CYCLE = DATA / "zyklus-gesundheit-und-pflege.yaml"
INTERNALS = re.compile(r"\bNone\b|urn:|\{'|\['|\b(?:kiemplant|ooievaar|trained_contact|vor_ort_gespraech)\b")


def visible(response) -> str:
    """The page's text as a reader sees it: no tags, no soft hyphens, entities decoded."""
    assert response.status_code == 200, response.status_code
    body = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xad", "")
    return re.sub(r"\s+", " ", text)


def level(cycle, language: str = "de") -> str:
    """The title of the level awarded, as a reader of ``language`` sees it."""
    with translation.override(language):
        return cycle.award.level.localised("title")


def programme(path: Path, operator_org) -> Programme:
    outcome = load(path.read_text(encoding="utf-8"), filename=path.name, operator_slug=operator_org.slug)
    return outcome.version.programme


@pytest.fixture
def people(coordinator, contributor, auditor, operator_admin, board_member):
    return {
        "coordinator": coordinator,
        "contributor": contributor,
        "auditor": auditor,
        "operator": operator_admin,
        "board": board_member,
    }


def run(programme: Programme, people, employer_org, *, scores=None, statuses=None, optional=(), past_award=False):
    """Apply, accept and work through every phase up to the award (``past_award``: the phases after
    it too); the answers meet every criterion unless ``scores``/``statuses`` (by code) say otherwise."""
    best = helpers.best_answers

    def answers(phase_run):
        given = []
        for item in best(phase_run):
            code = item["criterion"]
            if scores and code in scores:
                item = {"criterion": code, "score": str(scores[code])}
            if statuses and code in statuses:
                item = {"criterion": code, "status": statuses[code]}
            given.append(item)
        return given

    def fill(phase_run, *, editor, signer):
        if phase_run.phase.assesses_criteria:  # the auditor scores the criteria of the interview
            services.answers_save(actor=signer, run=phase_run, answers=answers(phase_run))
        plain_fill(phase_run, editor=editor, signer=signer)

    plain_fill = helpers.fill
    cycle = services.cycle_apply(
        actor=people["coordinator"], organisation=employer_org, programme=programme, optional_phases=optional
    )
    cycle = services.cycle_accept(actor=people["operator"], cycle=cycle, auditor=people["auditor"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(helpers, "best_answers", answers)
        patch.setattr(helpers, "fill", fill)
        done = helpers.drive(cycle, people, until_award=not past_award)
    cycle.refresh_from_db()
    return cycle, done


# --- loading --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [DUTCH, CHARTER, CYCLE], ids=lambda p: p.stem)
def test_each_file_loads_as_an_operator_loads_it(db, path, operator_org):
    outcome = load(path.read_text(encoding="utf-8"), filename=path.name, operator_slug=operator_org.slug)
    assert outcome.version.programme.operator == operator_org
    again = load(path.read_text(encoding="utf-8"), filename=path.name)  # no operator: the programme keeps its own
    assert again.version == outcome.version and ProgrammeVersion.objects.count() == 1


def test_markdown_in_the_cycles_texts_loads_with_a_warning_at_each_text(db, operator_org):
    outcome = load(CYCLE.read_text(encoding="utf-8"), filename=CYCLE.name, operator_slug=operator_org.slug)
    marked = {(w.code, w.path) for w in outcome.warnings}
    assert ("markdown_shown_as_typed", "summary.de") in marked
    assert ("markdown_shown_as_typed", "stages[0].phases[1].description.de") in marked
    # the gender star of "Pflegelots*innen" in a title is not Markdown
    assert not any(w.path.startswith("measures[0].title") for w in outcome.warnings)
    for other in (DUTCH, CHARTER):
        assert not load(
            other.read_text(encoding="utf-8"), filename=other.name, operator_slug=operator_org.slug
        ).warnings


def test_the_command_line_takes_the_language_after_the_action(db, operator_org):
    out, err = io.StringIO(), io.StringIO()
    call_command("programme", "validate", "--language", "nl", str(DUTCH), stdout=out, stderr=err)
    assert out.getvalue().strip() == f"{DUTCH}: geldig"


MISTAKES = [
    # (what the operator did, old text, new text, code, line, path, German words, Dutch words)
    (
        "indentation",
        "        title: {de: Maßnahmen zur Entlastung, nl: Maatregelen ter ontlasting, en: Relief measures}\n"
        "        assessment",
        "        title: {de: Maßnahmen zur Entlastung, nl: Maatregelen ter ontlasting, en: Relief measures}\n"
        "       assessment",
        "yaml_syntax",
        53,
        "",
        "die Einrückung passt hier nicht",
        "inspringing",
    ),
    (
        "unknown key",
        "weight: 0.001, pass_score: 0",
        "weight: 0.001, pas_score: 0",
        "unknown_field",
        44,
        "action_fields[0].criteria[0].assessment.pas_score",
        "Meinten Sie „pass_score“?",
        "Bedoelt u ‘pass_score’?",
    ),
    (
        "missing translation",
        "title: {de: Gesundheitsförderung, nl: Gezondheidsbevordering, en: Health promotion}",
        "title: {nl: Gezondheidsbevordering, en: Health promotion}",
        "missing_default_text",
        49,
        "action_fields[1].title",
        "Standardsprache",
        "standaardtaal",
    ),
    (
        "duplicate criterion",
        '      - code: "2.2"',
        '      - code: "2.1"',
        "duplicate_code",
        54,
        "action_fields[1].criteria[1].code",
        "bereits in Zeile 51",
        "al gebruikt op regel 51",
    ),
    (
        "threshold out of range",
        "min_total_percent: 100",
        "min_total_percent: 120",
        "schema_maximum",
        67,
        "levels[1].rule.min_total_percent",
        "höchstens 100",
        "mag maximaal 100 zijn",
    ),
    (
        "comma in an unquoted text",
        'en: "Exemplary, checked in an interview"}',
        "en: Exemplary, checked in an interview}",
        "unknown_field",
        64,
        'levels[1].title["checked in an interview"]',
        "Setzen Sie den Text in Anführungszeichen",
        "Zet de tekst tussen aanhalingstekens",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_broken_file_names_the_place_in_the_operators_language_and_loads_nothing(
    db, mistake, operator_org, login, operator_admin
):
    _what, old, new, code, line, path, german, dutch = mistake
    text = CYCLE.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    with translation.override("de"), pytest.raises(ProgrammeInvalid) as raised:
        load(broken, filename=CYCLE.name, operator_slug=operator_org.slug)
    [problem] = raised.value.problems
    assert (problem.code, problem.line, problem.path) == (code, line, path)
    assert german in problem.message
    client = login(operator_admin)
    upload = SimpleUploadedFile(CYCLE.name, broken.encode(), "application/yaml")
    with translation.override("nl"):
        page = visible(client.post("/nl/operator/programmes/upload/", {"file": upload}))
    assert "Het bestand heeft 1 probleem; er is niets geladen." in page
    assert f"Regel {line}" in page and dutch in page and path in page
    assert not Programme.objects.exists()


# --- the Dutch recognition: a ladder of unusual levels ---------------------------------------


@pytest.mark.parametrize(
    ("scores", "statuses", "expected"),
    [
        ({"B.1": 6, "C.1": 5}, {"A.2": "nee"}, "Kiemplant"),  # 6 + 2 × 5 = 16 < 20
        ({"B.1": 7, "C.1": 7}, {"A.2": "nee"}, "Knotwilg"),  # 21 ≥ 20, but A.2 is not met
        ({"B.1": 8, "C.1": 8}, {"A.2": "ja"}, "Ooievaar"),  # 24 of 30 = 80 %, B.1 ≥ 8, A.2 met
        ({"B.1": 7, "C.1": 10}, {"A.2": "ja"}, "Knotwilg"),  # 90 %, but B.1 below 8
    ],
)
def test_the_dutch_recognition_awards_the_level_its_rules_give(
    db, scores, statuses, expected, operator_org, people, employer_org
):
    cycle, _done = run(programme(DUTCH, operator_org), people, employer_org, scores=scores, statuses=statuses)
    assert level(cycle) == expected


def test_the_top_level_needs_the_one_below_held_before(db, operator_org, people, employer_org):
    first, _done = run(programme(DUTCH, operator_org), people, employer_org, scores={"B.1": 9, "C.1": 9})
    assert level(first) == "Ooievaar"  # IJsvogel is not awarded in the first stage
    renewal = services.cycle_renew(actor=people["coordinator"], cycle=first)
    helpers.drive(renewal, people, until_award=True)
    renewal.refresh_from_db()
    assert level(renewal) == "IJsvogel"  # every score ≥ 9 and Ooievaar held


def test_the_dutch_only_programme_reads_in_dutch_on_german_pages(db, operator_org, people, employer_org, login):
    cycle, _done = run(programme(DUTCH, operator_org), people, employer_org, scores={"B.1": 7, "C.1": 7})
    client = login(people["coordinator"])
    page = visible(client.get(f"/de/workspace/{employer_org.slug}/cycles/{cycle.pk}/"))
    assert "IJsselkeur ‘Zorgzaam werkgeverschap’ voor werkgevers in de IJsselvallei" in page
    assert "Knotwilg" in page and "Zelfscan" in page and "Besluit van het IJsselkeur-collectief" in page
    assert not INTERNALS.search(page), INTERNALS.search(page)
    decision = visible(client.get(f"/de/workspace/{employer_org.slug}/cycles/{cycle.pk}/decision/"))
    assert "Knotwilg: erreicht" in decision and "IJsvogel: nicht erreicht" in decision
    assert "In der Stufe „Eerste erkenning“ wird diese Auszeichnungsstufe nicht vergeben." in decision
    client = login(people["operator"])
    page = visible(client.get("/de/operator/programmes/zorgzaam-werkgeverschap/"))
    for words in (
        "Kiemplant",
        "Knotwilg",
        "Ooievaar",
        "IJsvogel",
        "Die Auszeichnungsstufe „Ooievaar“ oder eine höhere",
    ):
        assert words in page, words
    assert "Antwort als Text, mindestens 40 Zeichen, höchstens 2.000 Zeichen" in page
    verify = visible(client.get(f"/nl/verify/{cycle.award.verification_code}/"))
    assert "Knotwilg" in verify and not INTERNALS.search(verify)


# --- the English charter: awarded on signing, no end date, a trained contact ----------------------


def test_the_charter_is_awarded_on_signing_and_publishes_no_end_date(db, operator_org, people, employer_org, login):
    charter = programme(CHARTER, operator_org)
    cycle, done = run(charter, people, employer_org, past_award=True)
    assert done[-1] == "contact_training"  # the trained contact's phase follows the award
    assert cycle.award.valid_until is None
    client = login(people["coordinator"])
    page = visible(client.get(f"/nl/workspace/{employer_org.slug}/cycles/{cycle.pk}/"))
    assert "Training van het aanspreekpunt" in page and "Getraind aanspreekpunt mantelzorg" in page
    assert not INTERNALS.search(page), INTERNALS.search(page)
    verify = visible(client.get(f"/de/verify/{cycle.award.verification_code}/"))
    assert "Charta „Pflegende im Beruf“ des Arbeitgeberkreises Thames Valley" in verify
    assert "Gültig bis" not in verify and "Das Programm veröffentlicht keine Enddaten." in verify


# --- the German management cycle: optional phases, edge weights, long title ------------------------


def test_the_cycle_with_the_interview_reaches_the_upper_level(db, operator_org, people, employer_org):
    cycle, done = run(programme(CYCLE, operator_org), people, employer_org, optional=["vor_ort_gespraech"])
    assert "vor_ort_gespraech" in done and "zwischenpruefung" not in done
    assert level(cycle) == "Vorbildlich – geprüft durch Gespräch"


def test_without_the_interview_the_decision_does_not_wait_and_gives_the_lower_level(
    db, operator_org, people, employer_org
):
    cycle, done = run(programme(CYCLE, operator_org), people, employer_org)
    assert "vor_ort_gespraech" not in done and "entscheidung" in done
    assert level(cycle) == "Teilnahme am Zyklus"


def test_a_tiny_weight_and_a_huge_maximum_count_as_written(db, operator_org, people, employer_org, login):
    # 1.2 weighs 1 000 000: its 4 points alone are 4 000 000 of the 4 001 000 possible, 99.98 %,
    # which is not the 100 % the upper level asks for
    cycle, _done = run(
        programme(CYCLE, operator_org), people, employer_org, scores={"1.1": 0}, optional=["vor_ort_gespraech"]
    )
    assert level(cycle) == "Teilnahme am Zyklus"
    client = login(people["coordinator"])
    decision = f"/workspace/{employer_org.slug}/cycles/{cycle.pk}/decision/"
    assert "Gesamtpunktzahl: 4.000.000 von 4.001.000." in visible(client.get("/de" + decision))
    assert "Total score: 4,000,000 of 4,001,000." in visible(client.get("/en" + decision))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "de",
            [
                "Punktzahl 0–1.000.000, Gewichtung 0,001, erfüllt ab 0, in Schritten von 0,5",
                "Gewichtung 1.000.000",
                "36.500 Tage",
            ],
        ),
        (
            "nl",
            [
                "Score 0–1.000.000, weging 0,001, voldaan vanaf 0, in stappen van 0,5",
                "minstens 1 teken,",
                "36.500 dagen",
            ],
        ),
    ],
)
def test_the_programme_page_writes_the_figures_as_the_language_does(
    db, operator_org, login, operator_admin, language, words
):
    programme(CYCLE, operator_org)
    page = visible(login(operator_admin).get(f"/{language}/operator/programmes/gesundheit-und-pflege-im-betrieb/"))
    for expected in words:
        assert expected in page, expected
    assert "0.001" not in page and "1000000" not in page and "None" not in page  # its identifier is shown


def test_the_long_title_with_umlauts_and_ij_is_shown_whole(db, operator_org, people, employer_org, login):
    cycle, _done = run(programme(CYCLE, operator_org), people, employer_org)
    title = " ".join(CYCLE.read_text(encoding="utf-8").split("  de: >-\n", 1)[1].split("  nl:", 1)[0].split())
    assert len(title) == 300 and "ß" in title and "IJssel" in title
    page = visible(login(people["coordinator"]).get(f"/de/workspace/{employer_org.slug}/cycles/{cycle.pk}/"))
    assert title in page
    assert "Jährlicher Fortschrittsbericht" in page


def test_a_programme_of_another_operator_is_not_taken_over_by_a_file_without_operator(db, operator_org):
    from tests.factories import OrganisationFactory

    programme(DUTCH, operator_org)
    other = OrganisationFactory(operator=True, slug="other-operator")
    newer = DUTCH.read_text(encoding="utf-8").replace('version: "2027.0-rc1"', 'version: "2027.1"', 1)
    with pytest.raises(ProgrammeInvalid) as raised:
        load(newer, filename=DUTCH.name, operator_slug=other.slug)
    assert [p.code for p in raised.value.problems] == ["operator_changed"]
    assert load(newer, filename=DUTCH.name).version.programme.operator == operator_org


def test_a_failed_command_counts_the_problems_in_words(db, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(CYCLE.read_text(encoding="utf-8").replace("min_total_percent: 100", "min_total_percent: 120"))
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("programme", "--language", "de", "validate", str(broken), stderr=err)
    assert f"{broken}: 1 Problem." in err.getvalue()
    assert str(raised.value) == "Bei 1 von 1 Datei ist ein Fehler aufgetreten."
