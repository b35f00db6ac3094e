"""Two people filling in the same self-assessment from pages loaded at the same time: a save
writes only what its author changed, so the stale rest of one page never blanks the other's
answers; an answer both changed is refused with the name of who saved first, and a second save
keeps what was typed. A post without the shown values (a script) saves what it sends."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vereinbar.cycles.models import AssessmentAnswer

pytestmark = pytest.mark.django_db


def _page_data(content: bytes) -> dict[str, str]:
    """The answers form's fields as the page sent them (the visible and the hidden initials)."""
    html = content.decode()
    data = dict(re.findall(r'<input[^>]*name="((?:initial-)?score_\d+)"[^>]*value="([^"]*)"', html))
    for name in re.findall(r'<input[^>]*name="((?:initial-)?score_\d+)"', html):
        data.setdefault(name, "")
    for name, text in re.findall(r'<textarea[^>]*name="(comment_\d+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        data[name] = text
    for name, value in re.findall(r'<input type="hidden" name="(initial-comment_\d+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    return data


@pytest.fixture
def two_pages(scored, open_cycle, parties, employer_org):
    from django.test import Client

    cycle = open_cycle(scored)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    url = reverse("workspace_cycles:phase", args=[employer_org.slug, cycle.pk, run.pk])
    save = reverse("workspace_cycles:phase_act", args=[employer_org.slug, cycle.pk, run.pk, "answers"])
    coordinator, contributor = Client(), Client()
    coordinator.force_login(parties["coordinator"], backend="django.contrib.auth.backends.ModelBackend")
    contributor.force_login(parties["contributor"], backend="django.contrib.auth.backends.ModelBackend")
    first, second = coordinator.get(url), contributor.get(url)
    a1, a2 = (
        next(r for r in first.context["rows"] if r["criterion"].code == code)["criterion"] for code in ("A1", "A2")
    )
    return {
        "run": run,
        "save": save,
        "coordinator": (coordinator, _page_data(first.content)),
        "contributor": (contributor, _page_data(second.content)),
        "a1": a1,
        "a2": a2,
    }


def test_a_save_from_a_stale_page_keeps_the_answers_another_person_saved(two_pages):
    client, data = two_pages["coordinator"]
    a1, a2 = two_pages["a1"], two_pages["a2"]
    assert f"initial-score_{a1.pk}" in data  # the page carries what it showed
    assert client.post(two_pages["save"], data | {f"score_{a1.pk}": "3"}).status_code == 302
    other, stale = two_pages["contributor"]
    assert other.post(two_pages["save"], stale | {f"score_{a2.pk}": "2"}).status_code == 302
    scores = {a.criterion.code: a.score for a in AssessmentAnswer.objects.filter(phase_run=two_pages["run"])}
    assert scores["A1"] == 3 and scores["A2"] == 2


def test_an_answer_both_changed_is_refused_by_name_and_a_second_save_keeps_it(two_pages, parties):
    client, data = two_pages["coordinator"]
    a1 = two_pages["a1"]
    assert client.post(two_pages["save"], data | {f"score_{a1.pk}": "3"}).status_code == 302
    other, stale = two_pages["contributor"]
    response = other.post(two_pages["save"], stale | {f"score_{a1.pk}": "1"})
    assert response.status_code == 422
    errors = " ".join(response.context["answers_form"].errors[f"score_{a1.pk}"])
    assert "While you were editing" in errors and str(parties["coordinator"]) in errors
    assert AssessmentAnswer.objects.get(phase_run=two_pages["run"], criterion=a1).score == 3
    again = _page_data(response.content)
    assert again[f"initial-score_{a1.pk}"] == "3" and again[f"score_{a1.pk}"] == "1"
    assert other.post(two_pages["save"], again).status_code == 302
    assert AssessmentAnswer.objects.get(phase_run=two_pages["run"], criterion=a1).score == 1


def test_a_post_without_the_shown_values_saves_what_it_sends(two_pages):
    client, _data = two_pages["coordinator"]
    a1 = two_pages["a1"]
    assert client.post(two_pages["save"], {f"score_{a1.pk}": "4"}).status_code == 302
    assert AssessmentAnswer.objects.get(phase_run=two_pages["run"], criterion=a1).score == 4


def test_a_refused_save_says_at_the_top_that_nothing_was_saved(two_pages):
    client, data = two_pages["coordinator"]
    a1 = two_pages["a1"]
    response = client.post(two_pages["save"], data | {f"score_{a1.pk}": "9"})
    assert response.status_code == 422
    assert "The answers have not been saved: please correct the entries marked below." in response.content.decode()
    assert not AssessmentAnswer.objects.filter(phase_run=two_pages["run"]).exists()


def test_a_refused_hand_in_that_saved_the_answers_is_no_clash_with_oneself(two_pages):
    client, data = two_pages["coordinator"]
    a1 = two_pages["a1"]
    submit = two_pages["save"].replace("/do/answers/", "/do/submit/")
    refused = client.post(submit, data | {f"score_{a1.pk}": "2"})
    assert refused.status_code == 422  # the rest is missing, the score is saved
    assert AssessmentAnswer.objects.get(phase_run=two_pages["run"], criterion=a1).score == 2
    again = _page_data(refused.content)
    assert again[f"initial-score_{a1.pk}"] == "2"
    assert client.post(two_pages["save"], again | {f"score_{a1.pk}": "4"}).status_code == 302
    assert AssessmentAnswer.objects.get(phase_run=two_pages["run"], criterion=a1).score == 4
