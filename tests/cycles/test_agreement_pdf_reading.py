"""The signed target agreement PDF read as its reader reads it: a word longer than its narrow
column breaks at a syllable with a hyphen (found in the demo's agreements: "Gleichstellungsbeauftrag"
at a line's end and "te" on the next, in the responsible column)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cycles.test_agreement import _at_agreement, _goal, _sign
from tests.pdf_checks import layout, pages
from vereinbar.cycles import services
from vereinbar.cycles.agreement_pdf import agreement_pdf

pytestmark = pytest.mark.django_db

# Longer than the responsible column (38 mm) is wide at the measures' size.
LONG_WORDS = ("Gleichstellungsbeauftragte", "Schwerbehindertenvertretung")


def _words_broken_without_hyphen(lines: list[str], word: str) -> list[str]:
    """The pieces of ``word`` that end a line without a hyphen: the start of the word, shorter
    than it, as the last word of a line."""
    broken = []
    for line in lines:
        last = line.split()[-1] if line.split() else ""
        if 2 < len(last) < len(word) and word.startswith(last):
            broken.append(line)
    return broken


def test_a_word_longer_than_its_column_breaks_at_a_syllable_with_a_hyphen(audit, open_cycle, parties):
    cycle = _at_agreement(audit, open_cycle, parties)
    goal = _goal(parties, cycle, "1", "Pflegende Beschäftigte beraten", owner="Personalamt", due_on=date(2028, 6, 30))
    for word in LONG_WORDS:
        services.goal_measure_save(
            actor=parties["contributor"],
            goal=goal,
            title="Sprechstunde für pflegende Beschäftigte einrichten",
            owner=f"Personalrat und {word}",
            due_on=date(2027, 3, 1),
        )
    _sign(parties, cycle)
    pdf = agreement_pdf(cycle, cycle.target_agreement, language="de")
    lines = [line.text for page in range(pages(pdf)) for line in layout(pdf, page=page).lines]
    text = "\n".join(lines)
    for word in LONG_WORDS:
        assert _words_broken_without_hyphen(lines, word) == [], word
        # a line of the column may share its baseline with the deadline's column
        whole_or_hyphenated = word in text or any(
            piece.endswith("-") and len(piece) > 3 and word.startswith(piece[:-1])
            for line in lines
            for piece in line.split()
        )
        assert whole_or_hyphenated, f"{word} is missing: {text}"


def test_a_compound_longer_than_its_column_breaks_between_its_parts(audit, open_cycle, parties):
    """WeasyPrint's own German hyphenation broke the responsible column's "Arbeitszeitkonten-
    regelung" as "Arbeitszeitkontenrege-lung", and "Kinderbetreu-ungszuschuss"."""
    cycle = _at_agreement(audit, open_cycle, parties)
    goal = _goal(parties, cycle, "1", "Pflegende Beschäftigte beraten", owner="Personalamt", due_on=date(2028, 6, 30))
    for owner in ("Arbeitszeitkontenregelung", "Kinderbetreuungszuschuss"):
        services.goal_measure_save(
            actor=parties["contributor"], goal=goal, title="Regeln prüfen", owner=owner, due_on=date(2027, 3, 1)
        )
    _sign(parties, cycle)
    pdf = agreement_pdf(cycle, cycle.target_agreement, language="de")
    ends = {line.text.split()[-1] for page in range(pages(pdf)) for line in layout(pdf, page=page).lines}
    assert "Arbeitszeitkonten-" in ends or "Arbeitszeitkontenregelung" in ends, ends
    assert "Kinder-" in ends or "Kinderbetreuungs-" in ends, ends
    assert not {"Arbeitszeitkontenrege-", "Kinderbetreu-"} & ends, ends
