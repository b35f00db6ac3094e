"""A file a renewal took over from the previous cycle says so in the list of files, for the
employer and for the auditor: beside a new upload of the same name, the reader tells the old
from the new one. A file uploaded in this cycle carries no such words."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from vereinbar.cycles import services
from vereinbar.cycles.links import cycle_reverse

from .helpers import drive, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal(load_programme, open_cycle, parties):
    """The renewal of a passed cycle that had a file on criterion 1, with a new file of the same
    name uploaded to it."""
    cycle = open_cycle(load_programme("guide2"))
    first = cycle.phase_runs.get(phase__key="self_assessment")
    services.evidence_add(actor=parties["coordinator"], run=first, upload=pdf_upload("policy.pdf"), criterion_code="1")
    drive(cycle, parties)
    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=cycle)
    run = renewal.phase_runs.get(phase__key="self_assessment")
    services.evidence_add(actor=parties["coordinator"], run=run, upload=pdf_upload("policy.pdf"), criterion_code="1")
    return renewal, run


def _files(page: str) -> list[str]:
    """The list items of the page's lists of files, as text."""
    items = re.findall(r'<ul class="evidence">(.*?)</ul>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip() for ul in items for li in ul.split("<li>")[1:]]


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "taken over from the previous cycle"), ("de", "aus dem vorherigen Durchlauf übernommen")],
)
def test_the_employer_tells_the_taken_over_file_from_the_new_one(renewal, parties, login, language, words):
    cycle, run = renewal
    with translation.override(language):
        url = cycle_reverse("workspace", cycle, "phase", run.pk)
    files = [text for text in _files(login(parties["coordinator"]).get(url).content.decode()) if "policy.pdf" in text]
    assert len(files) == 2
    assert sum(words in text for text in files) == 1


def test_the_auditor_reads_in_dutch_which_file_was_taken_over(renewal, parties, login):
    cycle, run = renewal
    services.phase_submit(actor=parties["coordinator"], run=run)
    with translation.override("nl"):
        url = cycle_reverse("operator", cycle, "phase", run.pk)
    files = [text for text in _files(login(parties["auditor"]).get(url).content.decode()) if "policy.pdf" in text]
    assert len(files) == 2
    assert sum("overgenomen uit het vorige traject" in text for text in files) == 1
