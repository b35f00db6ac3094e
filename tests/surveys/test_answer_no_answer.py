"""An answer can be taken back: each radio question has a "No answer" choice (a radio button
cannot be unticked), kept as no answer and counted as missing; saving for later stays on
the step; a survey title shown in another language says which."""

from __future__ import annotations

import math
import re

import numpy as np

from vereinbar.surveys.encoding import decode_many, encode
from vereinbar.surveys.models import ResponseDraft


def _page_of(survey, key: str) -> int:
    return next(i for i, s in enumerate(survey.instrument_version.spec.sections, 1) if key in [i.key for i in s.items])


def _checked(page: str, name: str) -> str:
    """The value of the ticked radio button of ``name``."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and "checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    raise AssertionError(f"nothing ticked for {name}")


def test_every_radio_question_offers_no_answer_in_the_page_language(client, open_survey, invite):
    token = invite(open_survey)
    page = _page_of(open_survey, "info_where")
    german = client.get(f"/de/s/{token}/?page={page}").content.decode()
    dutch = client.get(f"/nl/s/{token}/?page={page}").content.decode()
    section = open_survey.instrument_version.spec.sections[page - 1]
    radios = [item for item in section.items if item.kind in ("likert", "single_choice", "yes_no")]
    assert radios
    assert german.count(">Keine Angabe</label>") == len(radios)
    assert dutch.count(">Geen antwoord</label>") == len(radios)
    # Nothing answered yet: "No answer" is what is ticked, and it says so.
    assert _checked(german, "q-info_where") == ""


def test_an_answer_taken_back_is_kept_and_submitted_as_missing(client, open_survey, invite, answer_all):
    token = invite(open_survey)
    url = f"/en/s/{token}/"
    page = _page_of(open_survey, "info_where")
    client.post(url, {"page": page, "go": "later", "q-info_where": "4", "q-info_whom": "3"})
    assert ResponseDraft.objects.get().answers == {"info_where": 4, "info_whom": 3}
    resumed = client.get(f"{url}?page={page}").content.decode()
    assert _checked(resumed, "q-info_where") == "4"

    client.post(url, {"page": page, "go": "later", "q-info_where": "", "q-info_whom": "3"})
    assert ResponseDraft.objects.get().answers == {"info_whom": 3}
    resumed = client.get(f"{url}?page={page}").content.decode()
    assert _checked(resumed, "q-info_where") == "" and _checked(resumed, "q-info_whom") == "3"

    answer_all(token, {"info_where": "", "info_whom": "3"}, language="en")
    submitted = ResponseDraft.objects.get()
    assert submitted.submitted and "info_where" not in submitted.answers
    # What the results read of it (the answer vector sealed from the draft): missing, not a point.
    spec = open_survey.instrument_version.spec
    row = decode_many(spec, [encode(spec, submitted.answers)])[0]
    columns = {item.key: item.column for item in spec.value_items}
    assert math.isnan(row[columns["info_where"]]) and row[columns["info_whom"]] == np.float32(3)


def test_saving_for_later_stays_on_the_same_step(client, open_survey, invite):
    token = invite(open_survey)
    response = client.post(f"/nl/s/{token}/", {"page": 2, "go": "later"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(f"/nl/s/{token}/", 302)]
    assert "Uw antwoorden zijn opgeslagen." in page and "Stap 2 van" in page


def test_a_title_missing_in_the_page_language_is_marked_as_the_first_language(client, open_survey, invite):
    open_survey.titles = {"de": "Mitarbeitendenbefragung 2026", "en": "Staff survey 2026"}
    open_survey.save(update_fields=["titles"])
    token = invite(open_survey)
    assert '<h1 lang="de">Mitarbeitendenbefragung 2026</h1>' in client.get(f"/nl/s/{token}/").content.decode()
    assert "<h1>Staff survey 2026</h1>" in client.get(f"/en/s/{token}/").content.decode()
    assert "<h1>Mitarbeitendenbefragung 2026</h1>" in client.get(f"/de/s/{token}/").content.decode()
    saved = client.post(f"/nl/s/{token}/", {"page": 1, "go": "later"}, follow=True).content.decode()
    assert '<h1 lang="de">Mitarbeitendenbefragung 2026</h1>' in saved and "Uw antwoorden zijn opgeslagen." in saved
