"""A text answer shorter than its criterion asks is not an answer to the submission: the field
says the minimum beforehand, and the progress bar counts it as the submission does, so the bar
does not read "all answered" while the submission is refused as "not answered yet"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from vereinbar.programmes.models import Criterion

pytestmark = pytest.mark.django_db


def _answered(page: str) -> str:
    found = re.search(r"(\d+ von \d+) Kriterien beantwortet", page)
    assert found
    return found.group(1)


def test_a_short_text_is_counted_as_the_submission_counts_it(audit, open_cycle, parties, employer_org, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    text = Criterion.objects.get(version=cycle.version, code="3.1")  # a text of at least 10 characters
    client = login(parties["coordinator"])
    with translation.override("de"):
        page_url = reverse("workspace_cycles:phase", args=[employer_org.slug, cycle.pk, run.pk])
        save_url = reverse("workspace_cycles:phase_act", args=[employer_org.slug, cycle.pk, run.pk, "answers"])
    page = client.get(page_url).content.decode()
    assert "Mindestens 10 Zeichen." in page
    assert _answered(page) == "0 von 4"

    client.post(save_url, {f"text_{text.pk}": "Ja."})
    page = client.get(page_url).content.decode()
    assert _answered(page) == "0 von 4"
    # named as too short, with its length, not as unanswered
    assert "Kürzer als verlangt: 3.1 (3 von 10 Zeichen)." in page
    unanswered = re.search(r"Noch nicht beantwortet: ((?:[\d.]+(?:, )?)+)\.", page)
    assert unanswered and "1.1" in unanswered.group(1).split(", ") and "3.1" not in unanswered.group(1).split(", ")

    client.post(save_url, {f"text_{text.pk}": "Ja, mit einer Dienstvereinbarung seit 2012."})
    assert _answered(client.get(page_url).content.decode()) == "1 von 4"
