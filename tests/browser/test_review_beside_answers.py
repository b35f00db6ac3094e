"""An auditor types a criterion's comment right under its answer, far above the review form's
buttons: the browser sends it with the verdict (the field belongs to the form by its ``form``
attribute), and the Tab key goes from a criterion's comment to its "not accepted" box and on to
the next criterion."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from vereinbar.cycles.models import PhaseStatus

from .test_operator_desk import logged_in
from .test_review_opens_at_its_form import submitted  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_comment_under_an_answer_goes_with_the_verdict(browser: Browser, live_server, submitted, auditor):  # noqa: F811
    page = logged_in(browser, live_server.url, auditor.email)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/de/operator/cycles/{submitted.cycle_id}/phases/{submitted.pk}/")
    comment = page.get_by_role("textbox", name="Kommentar zu 1.2", exact=False)
    comment.fill("Welche Teilzeitmodelle gibt es?")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Antwort zu 1.2", exact=False)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Kommentar zu 3.1", exact=False)).to_be_focused()
    page.get_by_role("button", name="Zur Überarbeitung zurückgeben").click()
    expect(page.get_by_text("wurde zur Überarbeitung zurückgegeben")).to_be_in_viewport()
    submitted.refresh_from_db()
    assert submitted.status == PhaseStatus.RETURNED
    assert [(c.item, c.text) for c in submitted.reviews.get().comments.all()] == [
        ("1.2", "Welche Teilzeitmodelle gibt es?")
    ]
