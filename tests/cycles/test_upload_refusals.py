"""Uploads check the permission first: someone who sees the phase but may not add files (or
sign) gets 403 before the body is read, whatever the form holds, and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vereinbar.cycles import services
from vereinbar.cycles.models import Evidence, Signature

pytestmark = pytest.mark.django_db

DISGUISED = b"MZ\x90\x00 an executable named pdf"


def _stored(cycle) -> set[str]:
    """The files kept for this cycle in the evidence storage."""
    storage = Evidence._meta.get_field("file").storage
    directory = f"cycles/{cycle.pk}"
    return set(storage.listdir(directory)[1]) if storage.exists(directory) else set()


def _url(door: str, area: str, cycle, run, employer_org) -> str:
    if area == "workspace":
        return reverse(f"workspace_cycles:{door}", args=[employer_org.slug, cycle.pk, run.pk])
    return reverse(f"operator_cycles:{door}", args=[cycle.pk, run.pk])


def _forms(door: str, name: str, content: bytes) -> dict:
    if door == "evidence_upload":
        return {"file": SimpleUploadedFile(name, content), "criterion": "1.1"}
    return {
        "signer_name": "Jane Mayor",
        "signed_on": date.today().isoformat(),
        "scan": SimpleUploadedFile(name, content),
    }


@pytest.mark.parametrize(
    ("persona", "area", "door"),
    [
        ("viewer", "workspace", "evidence_upload"),
        ("viewer", "workspace", "signature_upload"),
        ("contributor", "workspace", "signature_upload"),  # contributors work on it, only the coordinator signs
        ("auditor", "operator", "evidence_upload"),
        ("board", "operator", "evidence_upload"),
        ("operator", "operator", "signature_upload"),
    ],
)
@pytest.mark.parametrize("content", [DISGUISED, b"%PDF-1.4\n%%EOF\n"], ids=["bad-file", "good-file"])
def test_a_refused_persona_gets_403_before_the_upload_is_read(
    persona, area, door, content, audit, charter, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(charter if door == "signature_upload" else audit)
    run = cycle.phase_runs.get(phase__key="signature" if door == "signature_upload" else "self_assessment")
    before = _stored(cycle)
    client = login(parties[persona])
    response = client.post(_url(door, area, cycle, run, employer_org), _forms(door, "policy.pdf", content))
    assert response.status_code == 403
    assert not hasattr(response.wsgi_request, "_files"), "the body was parsed before the refusal"
    assert not Evidence.objects.exists() and not Signature.objects.exists()
    assert _stored(cycle) == before


@pytest.mark.parametrize("door", ["evidence_upload", "signature_upload"])
def test_the_permitted_persona_still_gets_the_form_errors(
    door, audit, charter, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(charter if door == "signature_upload" else audit)
    run = cycle.phase_runs.get(phase__key="signature" if door == "signature_upload" else "self_assessment")
    before = _stored(cycle)  # the test run's private directory is shared: names are random
    client = login(parties["coordinator"])
    response = client.post(_url(door, "workspace", cycle, run, employer_org), _forms(door, "policy.pdf", DISGUISED))
    assert response.status_code == 422 and b"does not match" in response.content
    good = client.post(_url(door, "workspace", cycle, run, employer_org), _forms(door, "policy.pdf", b"%PDF-1.4\n"))
    assert good.status_code == 302
    assert len(_stored(cycle) - before) == 1


def test_the_services_refuse_before_they_look_at_the_file(audit, charter, open_cycle, parties):
    # The API calls the services directly: a disguised file from a viewer is a refusal, not a file error.
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=parties["viewer"], run=run, upload=SimpleUploadedFile("x.pdf", DISGUISED))
    signing = open_cycle(charter).phase_runs.get(phase__key="signature")
    with pytest.raises(PermissionDenied):
        services.signature_record(
            actor=parties["contributor"],
            run=signing,
            signer_name="",
            signed_on=date.today(),
            scan=SimpleUploadedFile("x.pdf", DISGUISED),
        )
    assert not Evidence.objects.exists() and not Signature.objects.exists()


def test_a_viewer_is_refused_on_the_api_too_not_told_about_the_file(audit, open_cycle, parties, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    client = login(parties["viewer"])
    upload = SimpleUploadedFile("x.pdf", DISGUISED)
    response = client.post(f"/api/v1/cycles/{cycle.pk}/phases/{run.pk}/evidence", {"file": upload})
    assert response.status_code == 403
    assert not Evidence.objects.exists()
