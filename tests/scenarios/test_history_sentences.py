"""Every kind of history entry the demo writes reads as a sentence in the reader's language:
no field names, stored values, ids, URNs, hashes, lists or ``None``, and object names in the
reader's language when the programme has them (marked with ``lang`` when it does not)."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from vereinbar.activity.display import lines_for
from vereinbar.activity.models import Entry
from vereinbar.activity.sentences import sentence_for
from vereinbar.cycles.models import PhaseRun

pytestmark = pytest.mark.django_db

RAW = [
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"urn:"), "a URN"),
    (re.compile(r"[\[\]{}]"), "a list or dict"),
    (re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"), "a snake_case name"),
    (re.compile(r"\b[0-9a-f]{16,}\b"), "a hash"),
    (re.compile(r"\b\d{4}-\d\d-\d\d\b"), "an ISO date"),
]
# Words of the English sentences that must not be left on a German or Dutch page.
ENGLISH = re.compile(r"\b(the|added|changed|submitted|accepted|opened|issued|granted|loaded|not set|entries|carried)\b")


def one_of_each_kind() -> list[Entry]:
    """One entry per verb, target type and set of recorded keys."""
    kinds: dict[tuple[object, ...], Entry] = {}
    for entry in Entry.objects.select_related("target_type", "actor").order_by("id"):
        key = (entry.verb, entry.target_type_id, tuple(sorted(entry.before or {})), tuple(sorted(entry.after or {})))
        kinds.setdefault(key, entry)
    return list(kinds.values())


def shown(line) -> str:
    details = " ".join(f"{d.label}: {d.before or ''} {d.after}" for d in line.details)
    return " ".join([line.text, details, str(line.context or ""), line.comment])


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_every_kind_of_demo_entry_reads_as_a_sentence(language):
    entries = one_of_each_kind()
    assert len({entry.verb for entry in entries}) >= 20
    with translation.override(language):
        lines = lines_for(entries)
    problems = []
    for line in lines:
        text = shown(line)
        for pattern, what in RAW:
            if pattern.search(text):
                problems.append(f"{line.entry.verb}: {what} in {text!r}")
        if language != "en" and ENGLISH.search(line.text + " ".join(d.label for d in line.details)):
            problems.append(f"{line.entry.verb}: English in {text!r}")
        sentence = sentence_for(line.entry.verb)
        with translation.override("en"):
            english = str(sentence)
        with translation.override(language):
            translated = str(sentence)
        if language != "en" and (sentence is None or translated == english):
            problems.append(f"{line.entry.verb}: sentence not translated: {line.text!r}")
        if not line.text.rstrip().endswith("."):
            problems.append(f"{line.entry.verb}: not a sentence: {line.text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_phase_names_are_read_in_the_readers_language(language):
    """The name stored with an entry was written in one language; the page names the phase in its own."""
    run_entries = Entry.objects.filter(target_type__model="phaserun", verb="phase.submitted").order_by("id")
    entry = run_entries.first()
    run = PhaseRun.objects.select_related("phase").get(pk=entry.target_id)
    with translation.override(language):
        line = lines_for([entry])[0]
        title, title_language = run.phase.localised_with_language("title")
    name = next(part for part in line.parts if part.is_name and part.text.startswith(title))
    assert name.lang == ("" if title_language == language else title_language)
    german = run.phase.localised("title", "de")
    if title_language == language and german != title:
        assert german not in line.text  # e.g. "Entscheidung" on a Dutch page


def test_the_history_table_marks_names_in_another_language(client):
    """A German-only text on an English page carries lang="de"."""
    entry = Entry.objects.filter(target_type__model="phaserun").order_by("id").first()
    with translation.override("en"):
        lines = lines_for([entry])
        html = render_to_string("organisations/_history_table.html", {"entries": [entry]})
    for part in lines[0].parts:
        if part.lang:
            assert f'<span lang="{part.lang}">{part.text}</span>' in html
    assert "None" not in html and "urn:" not in html


def test_a_change_of_optional_phases_names_the_phases():
    """Optional phases are recorded by their keys; the history names them by their titles."""
    from vereinbar.activity.services import entry_record
    from vereinbar.cycles.models import Cycle

    cycle = Cycle.objects.filter(organisation__slug="landkreis-leer").order_by("-pk").first()
    phase = cycle.stage.phases.order_by("order").last()
    entry = entry_record(
        actor="system",
        verb="cycle.phase_chosen",
        target=cycle,
        organisation=cycle.organisation,
        before={"optional_phases": []},
        after={"optional_phases": [phase.key]},
    )
    with translation.override("nl"):
        (detail,) = lines_for([entry])[0].details
        assert (str(detail.before), str(detail.after)) == ("niet ingesteld", phase.localised("title"))
