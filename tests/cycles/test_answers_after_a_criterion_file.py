"""A file attached to a criterion must not cut the self-assessment's form short: its remove
button once brought a form of its own into the answers form, which ended the answers form at
that criterion, so the answers to every later criterion were never sent. The button now
belongs to a form outside, and still removes the file."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinbar.cycles.models import Evidence

from .helpers import PDF

pytestmark = pytest.mark.django_db


def _answers_form(page: str) -> str:
    """The answers form as a browser reads it: from its start to the first end of a form."""
    start = page.index('id="answers-form"')
    return page[start : page.index("</form>", start)]


def test_every_answer_stays_in_the_form_after_a_file_for_the_first_criterion(
    audit, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    client = login(parties["coordinator"])
    args = [employer_org.slug, cycle.pk, run.pk]
    upload = client.post(
        reverse("workspace_cycles:evidence_upload", args=args),
        {"file": SimpleUploadedFile("policy.pdf", PDF), "criterion": "1.1"},
    )
    assert upload.status_code == 302
    page = client.get(reverse("workspace_cycles:phase", args=args)).content.decode()
    fields = set(re.findall(r'name="((?:status|score|text|comment)_\d+)"', page))
    assert len(fields) >= 4
    answers = _answers_form(page)
    assert {field for field in fields if f'name="{field}"' in answers} == fields
    assert "Remove policy.pdf" in answers  # the button stands beside its criterion

    evidence = Evidence.objects.get()
    button = re.search(r'<button type="submit" form="([^"]+)"[^>]*>Remove policy.pdf<', page)
    assert button
    form = re.search(rf'<form method="post" action="([^"]+)" id="{button.group(1)}"', page)
    assert form
    removed = client.post(form.group(1), {"evidence": evidence.pk})
    assert removed.status_code == 302 and not Evidence.objects.exists()
