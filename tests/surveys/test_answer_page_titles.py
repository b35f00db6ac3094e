"""Each answering step has a title of its own (what a screen reader says first on a new page):
the section and the step, "Error:" in front when an answer needs correcting."""

from __future__ import annotations

import re


def title_of(response) -> str:
    match = re.search(r"<title>([^<]*)</title>", response.content.decode())
    assert match is not None
    return match.group(1)


def test_each_step_names_its_section_and_the_step(client, open_survey, invite):
    token = invite(open_survey)
    steps = len(open_survey.instrument_version.spec.sections) + 1
    assert title_of(client.get(f"/de/s/{token}/")) == "Mitarbeitendenbefragung 2026 – Kreis Musterstadt – vereinbar"
    first = title_of(client.get(f"/de/s/{token}/?page=1"))
    assert first.startswith(f"Angebote Ihres Arbeitgebers (Schritt 1 von {steps}) – Mitarbeitendenbefragung 2026")
    dutch = title_of(client.get(f"/nl/s/{token}/?page=1"))
    assert dutch.startswith(f"Voorzieningen van uw werkgever (Stap 1 van {steps}) – ")
    last = title_of(client.get(f"/de/s/{token}/?page={steps}"))
    assert last.startswith(f"Antworten absenden (Schritt {steps} von {steps}) – ")


def test_a_step_with_an_answer_to_correct_says_so_first(client, open_survey, invite):
    token = invite(open_survey)
    page = next(i for i, s in enumerate(open_survey.instrument_version.spec.sections, 1) if s.key == "about_you")
    response = client.post(f"/de/s/{token}/", {"page": page, "go": "next", "q-care_hours": "500"})
    assert title_of(response).startswith("Fehler: Angaben zu Ihrer Situation (Schritt ")
