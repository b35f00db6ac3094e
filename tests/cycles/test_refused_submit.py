"""A refused "Submit" opens the phase page at a summary of what is missing (the button's
"#submit-errors", so without JavaScript too), each line a link to the field to put right, and
the answers as they were typed: the button sends the answers form along."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vereinbar.programmes.models import AssessmentKind, Criterion

pytestmark = pytest.mark.django_db


def _urls(run):
    cycle = run.cycle
    args = [cycle.organisation.slug, cycle.pk, run.pk]
    return reverse("workspace_cycles:phase", args=args), reverse("workspace_cycles:phase_act", args=[*args, "submit"])


def _summary(page: str) -> str:
    found = re.search(r'<div[^>]*id="submit-errors"[^>]*>(.*?)</ul>', page, re.S)
    assert found, "no summary of what is missing"
    return found.group(1)


def test_a_refused_submit_links_each_gap_to_its_field_and_keeps_the_answers(audit, open_cycle, parties, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    criteria = Criterion.objects.filter(version=cycle.version)
    text = criteria.get(code="3.1")  # a text of at least 10 characters
    status = criteria.filter(assessment_kind=AssessmentKind.STATUS, required=True).order_by("code").first()
    client = login(parties["coordinator"])
    page_url, submit_url = _urls(run)

    page = client.get(page_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # the button hands in the answers form and opens the answer at the summary
    assert re.search(rf'form="answers-form" formaction="{re.escape(submit_url)}#submit-errors"', page)

    response = client.post(
        submit_url, {f"text_{text.pk}": "Ja.", f"comment_{text.pk}": "Noch offen"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    page = response.content.decode()
    summary = _summary(page)
    assert f'href="#id_status_{status.pk}"' in summary and "Not answered yet." in summary
    assert f'<a href="#id_text_{text.pk}">3.1 ' in summary and "3 of 10 characters" in summary
    assert "The answers you entered have been saved." in page
    # what was typed is in the form, not only in the database
    assert re.search(rf'<textarea[^>]*id="id_comment_{text.pk}"[^>]*>\s*Noch offen</textarea>', page)
    run.refresh_from_db()
    assert run.status == "open"
    assert run.answers.get(criterion=text).text == "Ja."


def test_answers_that_cannot_be_saved_are_kept_as_typed(scored, open_cycle, parties, login):
    cycle = open_cycle(scored)
    run = cycle.phase_runs.filter(phase__deliverable="self_assessment").first()
    score = Criterion.objects.filter(version=cycle.version, assessment_kind=AssessmentKind.SCORE).first()
    _page_url, submit_url = _urls(run)
    response = login(parties["coordinator"]).post(submit_url, {f"score_{score.pk}": "999"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    page = response.content.decode()
    assert f'href="#id_score_{score.pk}"' in _summary(page)
    assert "Your entries are kept below; nothing has been saved yet." in page
    assert re.search(rf'id="id_score_{score.pk}"[^>]*value="999"|value="999"[^>]*id="id_score_{score.pk}"', page)
    assert not run.answers.exists()
