"""The cycle pages: every page renders for the people who use it, forms show errors next to
their fields, uploads over the limit are stopped, the progress bar counts the answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinbar.cycles import services
from vereinbar.cycles.models import Evidence, PhaseStatus
from vereinbar.cycles.uploads import MAX_UPLOAD_BYTES

from .helpers import PDF, drive

pytestmark = pytest.mark.django_db


def ws(name, slug, *args):
    return reverse(f"workspace_cycles:{name}", args=[slug, *args])


def op(name, *args):
    return reverse(f"operator_cycles:{name}", args=list(args))


def test_a_coordinator_applies_from_the_workspace(audit, employer_org, parties, login):
    client = login(parties["coordinator"])
    page = client.get(ws("list", employer_org.slug))
    assert page.status_code == 200 and b"Apply to a programme" in page.content
    response = client.post(ws("list", employer_org.slug), {"programme": "", "message": ""})
    assert response.status_code == 200 and b"errorlist" in response.content
    response = client.post(ws("list", employer_org.slug), {"programme": audit.pk, "message": "We would like to join."})
    assert response.status_code == 302
    cycle = employer_org.cycles.get()
    assert cycle.status == "applied"
    operator = login(parties["operator"])
    assert operator.get(op("list")).status_code == 200
    response = operator.post(op("act", cycle.pk, "accept"), {"auditor": parties["auditor"].pk})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == "open" and cycle.auditor == parties["auditor"]


def test_every_page_of_a_running_audit_renders_for_its_people(audit, open_cycle, parties, employer_org, login):
    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    slug = employer_org.slug
    pages = [
        ("workspace", "coordinator"),
        ("workspace", "contributor"),
        ("workspace", "viewer"),
        ("operator", "auditor"),
        ("operator", "board"),
        ("operator", "operator"),
    ]
    for area, who in pages:
        client = login(parties[who])
        urls = [("detail",), ("decision",), ("agreement",), ("agreement_print",)]
        urls += [("phase", run.pk) for run in cycle.phase_runs.all()]
        for name, *args in urls:
            url = ws(name, slug, cycle.pk, *args) if area == "workspace" else op(name, cycle.pk, *args)
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            assert b"<script>" not in response.content and b' style="' not in response.content, url
        pdf = client.get(ws("certificate", slug, cycle.pk) if area == "workspace" else op("certificate", cycle.pk))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        client.logout()


def test_a_phase_without_a_form_of_its_own_says_what_it_delivers(audit, open_cycle, parties, employer_org, login):
    """A review phase has no form: its page says that the text under the notes is what it
    delivers (before a decision: the recommendation), rather than showing the deliverable's
    heading over nothing."""
    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    run = cycle.phase_runs.get(phase__key="report")
    page = login(parties["auditor"]).get(op("phase", cycle.pk, run.pk)).content.decode()
    section = page.split('id="deliverable"')[1].split("</section>")[0]
    assert "This review delivers its report: the text under “Notes and documents” below." in section


def test_the_self_assessment_page_shows_progress_and_errors_next_to_fields(
    scored, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(scored)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    client = login(parties["contributor"])
    url = ws("phase", employer_org.slug, cycle.pk, run.pk)
    page = client.get(url)
    assert b'<progress id="criteria-progress" max="4" value="0"' in page.content
    a1 = next(c for c in page.context["rows"] if c["criterion"].code == "A1")["criterion"]
    response = client.post(ws("phase_act", employer_org.slug, cycle.pk, run.pk, "answers"), {f"score_{a1.pk}": "9"})
    assert response.status_code == 422
    assert f"score_{a1.pk}" in response.context["answers_form"].errors
    response = client.post(ws("phase_act", employer_org.slug, cycle.pk, run.pk, "answers"), {f"score_{a1.pk}": "3"})
    assert response.status_code == 302
    assert b'value="1"' in client.get(url).content
    # Contributors cannot submit: the button is not there, and posting is refused.
    assert b"do/submit/" not in client.get(url).content
    assert client.post(ws("phase_act", employer_org.slug, cycle.pk, run.pk, "submit")).status_code == 403


def test_evidence_is_uploaded_and_served_only_through_the_permission_checked_view(
    audit, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    client = login(parties["coordinator"])
    upload_url = ws("evidence_upload", employer_org.slug, cycle.pk, run.pk)
    response = client.post(upload_url, {"file": SimpleUploadedFile("policy.pdf", PDF), "criterion": "1.1"})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.criterion.code == "1.1"
    download = client.get(ws("evidence", employer_org.slug, cycle.pk, evidence.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "policy.pdf" in download["Content-Disposition"]
    response = client.post(upload_url, {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")})
    assert response.status_code == 422 and b"does not match" in response.content


def test_a_file_over_the_limit_is_stopped_while_uploading(audit, open_cycle, parties, employer_org, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    client = login(parties["coordinator"])
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (MAX_UPLOAD_BYTES + 1024))
    response = client.post(ws("evidence_upload", employer_org.slug, cycle.pk, run.pk), {"file": big})
    assert response.status_code == 413
    assert b"larger than 20 MB" in response.content
    assert not Evidence.objects.exists()


def test_workshop_outcomes_become_goals_in_one_click(audit, open_cycle, parties, employer_org, login):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="workshop")
    run = cycle.phase_runs.get(phase__key="workshop")
    client = login(parties["contributor"])
    act = lambda action: ws("phase_act", employer_org.slug, cycle.pk, run.pk, action)  # noqa: E731
    assert client.post(act("workshop"), {"held_on": "", "moderator": "A"}).status_code == 422
    assert (
        client.post(
            act("workshop"),
            {"held_on": cycle.applied_on.isoformat(), "moderator": "A. Auditor", "participants_count": "12"},
        ).status_code
        == 302
    )
    workshop = run.workshops.get()
    client.post(act("outcome"), {"workshop": workshop.pk, "text": "Home office for carers", "action_field": "3"})
    outcome = workshop.outcomes.get()
    assert b"Make it a goal" in client.get(ws("phase", employer_org.slug, cycle.pk, run.pk)).content
    # Nobody else is offered what the service would refuse them.
    auditor = login(parties["auditor"])
    assert auditor.get(op("phase", cycle.pk, run.pk)).status_code == 200
    assert b"Make it a goal" not in auditor.get(op("phase", cycle.pk, run.pk)).content
    assert auditor.post(op("phase_act", cycle.pk, run.pk, "outcome-goal"), {"outcome": outcome.pk}).status_code == 403
    client = login(parties["contributor"])
    client.post(act("outcome-goal"), {"outcome": outcome.pk})
    outcome.refresh_from_db()
    assert outcome.goal.code == "3.1" and outcome.goal.title == "Home office for carers"


def test_the_decision_page_shows_the_level_with_its_reasons(scored, open_cycle, parties, employer_org, login):
    cycle = open_cycle(scored)
    drive(cycle, parties, stop_before="decision")
    client = login(parties["operator"])
    page = client.get(op("decision", cycle.pk))
    assert b"Ambassador" in page.content and b"Every scored criterion reaches at least 3" in page.content
    response = client.post(op("decision", cycle.pk), {"outcome": "grant", "level": "", "decided_on": "2025-05-01"})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.award.level.key == "ambassador"
    assert cycle.phase_runs.get(phase__key="decision").status == PhaseStatus.ACCEPTED
    coordinator = login(parties["coordinator"])
    assert b"Download the certificate" in coordinator.get(ws("detail", employer_org.slug, cycle.pk)).content


def test_the_review_form_takes_comments_per_item(audit, open_cycle, parties, employer_org, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    from .helpers import fill

    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    client = login(parties["auditor"])
    response = client.post(op("phase_act", cycle.pk, run.pk, "return"), {"comment": ""})
    assert response.status_code == 422 and b"Say what needs to change" in response.content
    response = client.post(
        op("phase_act", cycle.pk, run.pk, "return"), {"item_1.2": "Which part-time models?", "rejected": ["1.2"]}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PhaseStatus.RETURNED
    assert run.answers.get(criterion__code="1.2").accepted is False
    page = login(parties["coordinator"]).get(ws("phase", employer_org.slug, cycle.pk, run.pk))
    assert b"Which part-time models?" in page.content and b"did not accept this answer" in page.content


def test_the_inbox_lists_notifications(parties, login):
    from vereinbar.notifications.models import Notification

    Notification.objects.create(user=parties["coordinator"], event="x", subject="Hello there", path="/de/")
    client = login(parties["coordinator"])
    page = client.get(reverse("notifications:inbox"))
    assert b"Hello there" in page.content
    client.post(reverse("notifications:mark_read"))
    assert not Notification.objects.filter(read_at=None).exists()
