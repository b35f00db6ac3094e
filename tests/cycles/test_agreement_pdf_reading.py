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
        whole_or_hyphenated = word in text or any(
            line.endswith("-") and word.startswith(line.split()[-1][:-1]) for line in lines
        )
        assert whole_or_hyphenated, f"{word} is missing: {text}"
