"""What goes wrong in a cycle reads as what happened: a file stopped for its size is "too large",
not also "required"; a decision not yet open names the phases it waits for instead of offering
a form that is refused; a phase returned with remarks on single items keeps those reasons in the
cycle's history; a deferral taken on the decision page says why."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.cycles.models import Evidence, PhaseRun, PhaseStatus
from vereinbar.cycles.uploads import MAX_UPLOAD_BYTES

from .helpers import EDITOR, SUBMITTER, drive, fill

pytestmark = pytest.mark.django_db


def test_a_file_over_the_limit_is_only_said_to_be_too_large(audit, open_cycle, parties, employer_org, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    client = login(parties["coordinator"])
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (MAX_UPLOAD_BYTES + 1024))
    url = reverse("workspace_cycles:evidence_upload", args=[employer_org.slug, cycle.pk, run.pk])
    response = client.post(url, {"file": big, "criterion": "1.1"})
    assert response.status_code == 413
    errors = response.context["criterion_evidence_form"].errors["file"]
    assert errors == ["The file is larger than 20 MB and was not accepted."]
    assert not Evidence.objects.exists()


def test_a_decision_not_yet_open_names_what_it_waits_for_and_offers_no_form(scored, open_cycle, parties, login):
    cycle = open_cycle(scored)
    client = login(parties["operator"])
    page = client.get(reverse("operator_cycles:decision", args=[cycle.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "The decision can be taken when these phases are accepted:" in text
    assert "Record the decision" not in text and 'name="outcome"' not in text
    # a stale page that still posts gets the refusal beside the form
    response = client.post(
        reverse("operator_cycles:decision", args=[cycle.pk]), {"outcome": "grant", "decided_on": "2025-05-01"}
    )
    assert response.status_code == 200 and "is not open yet" in response.content.decode()
    assert 'name="outcome"' in response.content.decode()


def test_remarks_on_single_items_are_the_return_s_reason_in_the_history(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = PhaseRun.objects.filter(cycle=cycle, status=PhaseStatus.OPEN).order_by("pk").first()
    fill(run, editor=parties[EDITOR[run.phase.actor]], signer=parties["coordinator"])
    services.phase_submit(actor=parties[SUBMITTER[run.phase.actor]], run=run)
    services.phase_return(actor=parties["auditor"], run=run, comments=[("1.1", "Name the days of care leave.")])
    entry = Entry.objects.filter(verb="phase.returned").get()
    assert entry.comment == "1.1: Name the days of care leave."
    services.phase_submit(actor=parties[SUBMITTER[run.phase.actor]], run=run)
    services.phase_return(
        actor=parties["auditor"], run=run, comment="Please complete it.", comments=[("1.1", "Still missing.")]
    )
    latest = Entry.objects.filter(verb="phase.returned").order_by("-pk").first()
    assert latest.comment == "Please complete it.\n1.1: Still missing."


def test_a_deferral_on_the_decision_page_needs_a_reason(scored, open_cycle, parties, login):
    cycle = open_cycle(scored)
    drive(cycle, parties, stop_before="decision")
    client = login(parties["operator"])
    url = reverse("operator_cycles:decision", args=[cycle.pk])
    response = client.post(url, {"outcome": "defer", "decided_on": "2025-05-01", "comment": "  "})
    assert response.status_code == 200
    assert "Say why the decision is deferred" in response.content.decode()
    assert not cycle.decisions.exists()
    reason = "The agreement on home office is to be signed first."
    assert client.post(url, {"outcome": "defer", "decided_on": "2025-05-01", "comment": reason}).status_code == 302
    assert cycle.decisions.get().comment == reason
