"""The reviewer comments on each criterion right under its answer, not in one block of fields
below the whole self-assessment: each comment field (and its "not accepted" box) stands inside
its criterion, is named by the criterion's code and title, follows the page's reading order and
belongs to the review form at the foot of the page. The employer then reads each comment under
the answer it concerns."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cycles.helpers import drive, fill
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseStatus
from vereinbar.programmes.models import Criterion

pytestmark = pytest.mark.django_db

CODES = ["1.1", "1.2", "3.1", "3.2"]  # the criteria of tests/cycles/programmes/audit.yaml, in order


class Outline(HTMLParser):
    """The page's elements in document order (the order of reading and of the Tab key), with
    the criterion each stands in and the text of each label."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict] = []
        self.labels: dict[str, str] = {}
        self._criterion: list[str | None] = []
        self._label: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "fieldset":
            ident = a.get("id") or ""
            self._criterion.append(ident.removeprefix("criterion-") if ident.startswith("criterion-") else None)
        if tag == "label":
            self._label = a.get("for")
            self.labels[self._label or ""] = ""
        inside = next((c for c in reversed(self._criterion) if c), None)
        self.elements.append({"tag": tag, "attrs": a, "criterion": inside})

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset" and self._criterion:
            self._criterion.pop()
        if tag == "label":
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self.labels[self._label] += data


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.fixture
def submitted(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    return run


def _url(area: str, run, language: str = "de") -> str:
    with translation.override(language):
        if area == "operator":
            return reverse("operator_cycles:phase", args=[run.cycle_id, run.pk])
        return reverse("workspace_cycles:phase", args=[run.cycle.organisation.slug, run.cycle_id, run.pk])


@pytest.mark.parametrize(("language", "comment_on"), [("de", "Kommentar zu"), ("nl", "Opmerking bij")])
def test_each_criterions_comment_field_stands_under_its_answer_named_by_the_criterion(
    submitted, auditor, login, language, comment_on
):
    with translation.override(language):
        page = login(auditor).get(_url("operator", submitted, language)).content.decode()
    tree = outline(page)
    fields = [e for e in tree.elements if e["attrs"].get("name", "").startswith("item_")]
    # one field per criterion, inside that criterion's box, in the order of the criteria
    assert [e["attrs"]["name"] for e in fields] == [f"item_{code}" for code in CODES]
    assert [e["criterion"] for e in fields] == CODES
    forms = [e for e in tree.elements if e["tag"] == "form" and e["attrs"].get("id") == "review-form"]
    assert len(forms) == 1
    assert all(e["attrs"].get("form") == "review-form" for e in fields)
    for e in fields:
        code = e["criterion"]
        title = Criterion.objects.get(version=submitted.cycle.version, code=code).localised("title")
        assert tree.labels[e["attrs"]["id"]].startswith(f"{comment_on} {code} {title}")
    # each answer's "not accepted" box follows the comment on it, before the next criterion
    boxes = [e for e in tree.elements if e["attrs"].get("name") == "rejected"]
    assert [b["criterion"] for b in boxes] == CODES and all(b["attrs"].get("form") == "review-form" for b in boxes)
    reading = [
        e["attrs"]["name"]
        for e in tree.elements
        if e["attrs"].get("name") in {"rejected", *[f["attrs"]["name"] for f in fields]}
    ]
    assert reading == [name for code in CODES for name in (f"item_{code}", "rejected")]
    # the form at the foot holds the overall comment and the buttons, no block of criteria fields
    review = page.split('id="review-heading"', 1)[1]
    assert 'name="comment"' in review and "item_" not in review


def test_comments_typed_next_to_the_answers_go_with_the_verdict(submitted, auditor, coordinator, login, employer_org):
    client = login(auditor)
    response = client.post(
        reverse("operator_cycles:phase_act", args=[submitted.cycle_id, submitted.pk, "return"]),
        {"comment": "", "item_1.2": "Which part-time models?", "item_3.2": "Name the leave.", "rejected": ["3.2"]},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PhaseStatus.RETURNED
    review = submitted.reviews.get()
    assert [(c.item, c.text) for c in review.comments.all()] == [
        ("1.2", "Which part-time models?"),
        ("3.2", "Name the leave."),
    ]
    # the employer reads each comment under the answer it concerns, in the criteria's order
    page = login(coordinator).get(_url("workspace", submitted)).content.decode()
    rows = {code: page.split(f'id="criterion-{code}"', 1)[1].split("</fieldset>", 1)[0] for code in CODES}
    assert "Which part-time models?" in rows["1.2"] and "Name the leave." in rows["3.2"]
    assert "Kommentar aus der Prüfung vom" in rows["1.2"]
    assert not any("review-note" in rows[code] for code in ("1.1", "3.1"))
    assert page.index("Which part-time models?", page.index('id="criterion-1.2"')) < page.index('id="criterion-3.1"')
    # the review's list above links each comment to its criterion
    assert 'href="#criterion-1.2"' in page and 'href="#criterion-3.2"' in page


def test_a_refused_return_opens_at_the_form_and_keeps_the_comments_beside_their_criteria(submitted, auditor, login):
    client = login(auditor)
    with translation.override("de"):
        url = reverse("operator_cycles:phase_act", args=[submitted.cycle_id, submitted.pk, "return"])
    response = client.post(url, {"comment": "  ", "item_1.2": " "})
    assert response.status_code == 422
    page = response.content.decode()
    review = page.split('id="review-heading"', 1)[1]
    assert "Geben Sie an, was geändert werden muss." in review
    assert 'action="' in review and "#review" in review.split('id="review-form"', 1)[0].rsplit("<form", 1)[1]
    # the refused form still puts the criteria's fields under their answers
    row = page.split('id="criterion-1.2"', 1)[1].split("</fieldset>", 1)[0]
    assert 'name="item_1.2"' in row


def test_a_reader_who_cannot_review_sees_no_comment_fields(submitted, coordinator, login):
    page = login(coordinator).get(_url("workspace", submitted)).content.decode()
    assert "item_" not in page and 'id="review-form"' not in page


def test_a_returned_score_shows_as_the_number_given(scored, open_cycle, parties, login):
    """The employer who reworks a returned self-assessment sees the score they gave, 4 or 2.5,
    not the stored 4.0000."""
    cycle = open_cycle(scored)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    services.answers_save(actor=parties["coordinator"], run=run, answers=[{"criterion": "A1", "score": "2.5"}])
    page = login(parties["coordinator"]).get(_url("workspace", run)).content.decode()
    field = page.split('name="score_', 1)[1].split(">", 1)[0]
    assert 'value="2.5"' in field


def test_a_goals_comment_field_stands_with_the_goal(audit, open_cycle, parties, auditor, coordinator, login):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    run = cycle.phase_runs.get(phase__key="agreement")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    goal = cycle.target_agreement.goals.get()
    page = login(auditor).get(_url("operator", run)).content.decode()
    item = page.split(f'id="item-{goal.code}"', 1)[1].split("</li>", 1)[0]
    assert f'name="item_{goal.code}"' in item and 'form="review-form"' in item
    assert "item_" not in page.split('id="review-heading"', 1)[1]
    services.phase_return(actor=auditor, run=run, comments=[(goal.code, "Add a date.")])
    page = login(coordinator).get(_url("workspace", run)).content.decode()
    assert "Add a date." in page.split(f'id="item-{goal.code}"', 1)[1].split("</li>", 1)[0]


def test_the_agreement_page_leads_the_reviewer_to_the_review_and_shows_goal_comments(
    audit, open_cycle, parties, auditor, coordinator, login
):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    run = cycle.phase_runs.get(phase__key="agreement")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    goal = cycle.target_agreement.goals.get()
    with translation.override("nl"):
        url = reverse("operator_cycles:agreement", args=[cycle.pk])
    page = login(auditor).get(url).content.decode()
    assert "Doelenafspraak beoordelen" in page and f"/phases/{run.pk}/#deliverable" in page
    services.phase_return(actor=auditor, run=run, comments=[(goal.code, "Add a date.")])
    with translation.override("nl"):
        url = reverse("workspace_cycles:agreement", args=[cycle.organisation.slug, cycle.pk])
    page = login(coordinator).get(url).content.decode()
    assert "Doelenafspraak beoordelen" not in page
    assert "Add a date." in page.split(f'id="goal-{goal.pk}"', 1)[1].split("</article>", 1)[0]


def test_a_phase_that_assesses_criteria_takes_comments_beside_them_too(load_programme, parties, employer_org, login):
    """Format 2: the auditor scores a criterion in an interview; whoever accepts the interview
    comments on that criterion (and may not accept its result) right under it."""
    seal2 = load_programme("seal2")
    cycle = services.cycle_apply(
        actor=parties["coordinator"], organisation=employer_org, programme=seal2, optional_phases=["interview"]
    )
    cycle = services.cycle_accept(actor=parties["operator"], cycle=cycle, auditor=parties["auditor"])
    drive(cycle, parties, stop_before="interview")
    run = cycle.phase_runs.get(phase__key="interview")
    services.answers_save(actor=parties["auditor"], run=run, answers=[{"criterion": "1.3", "score": "3"}])
    fill(run, editor=parties["auditor"], signer=parties["auditor"])
    services.phase_submit(actor=parties["auditor"], run=run)
    page = login(parties["operator"]).get(_url("operator", run)).content.decode()
    row = page.split('id="criterion-1.3"', 1)[1].split("</fieldset>", 1)[0]
    assert 'name="item_1.3"' in row and 'name="rejected" value="1.3"' in row
