"""A signature of the cycle (its target agreement, a charter) dates from a day between the
cycle's application and today: 1990 or next year is refused next to the date, in the page
and in the API, and nothing is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from vereinbar.cycles import services
from vereinbar.cycles.models import Signature, TargetAgreement

from .api_client import Api
from .helpers import drive

pytestmark = pytest.mark.django_db

BEFORE = "This day is before the application on %s: enter the day it was signed in this cycle."
FUTURE = "This day is still to come: record the signature once it has been given."


@pytest.fixture
def agreement_cycle(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    services.goal_save(actor=parties["contributor"], cycle=cycle, action_field_code="1", title="Flexible hours")
    return cycle


def test_an_agreement_signed_in_1990_or_tomorrow_is_refused(agreement_cycle, parties):
    day = date_format(agreement_cycle.applied_on, "DATE_FORMAT")
    for signed_on, message in (
        (agreement_cycle.applied_on.replace(year=1990), BEFORE % day),
        (timezone.localdate() + timedelta(days=1), FUTURE),
    ):
        with pytest.raises(ValidationError) as raised:
            services.agreement_sign(
                actor=parties["coordinator"], cycle=agreement_cycle, signer_name="Dr. Head", signed_on=signed_on
            )
        assert raised.value.message_dict == {"signed_on": [message]}
    assert not TargetAgreement.objects.filter(cycle=agreement_cycle, signed_on__isnull=False).exists()
    services.agreement_sign(
        actor=parties["coordinator"], cycle=agreement_cycle, signer_name="Dr. Head", signed_on=timezone.localdate()
    )


def test_the_api_refuses_a_signing_day_before_the_application_keyed_by_its_date(agreement_cycle, parties):
    status, body = (
        Api(parties)
        .as_("coordinator")
        .post(f"/cycles/{agreement_cycle.pk}/agreement/sign", {"signer_name": "Dr. Head", "signed_on": "1990-05-04"})
    )
    assert status == 422 and "signed_on" in str(body), body
    status, body = (
        Api(parties)
        .as_("coordinator")
        .post(
            f"/cycles/{agreement_cycle.pk}/agreement/sign",
            {"signer_name": "D" * 201, "signed_on": timezone.localdate().isoformat()},
        )
    )
    assert status == 422 and "signer_name" in str(body), body  # not cut off, nor a database error
    assert not TargetAgreement.objects.filter(cycle=agreement_cycle, signed_on__isnull=False).exists()


def test_the_charter_signature_form_shows_a_day_of_1990_next_to_the_date(charter, open_cycle, parties, login):
    cycle = open_cycle(charter)
    run = cycle.phase_runs.get(phase__key="signature")  # open from the start
    client = login(parties["coordinator"])
    url = reverse("workspace_cycles:signature_upload", args=[cycle.organisation.slug, cycle.pk, run.pk])
    response = client.post(url, {"signer_name": "Jane Mayor", "signed_on": "1990-05-04"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    page = response.content.decode()
    error = page.index('id="id_signed_on_error"')
    assert BEFORE % date_format(cycle.applied_on, "DATE_FORMAT") in page[error : error + 400]
    assert f'min="{cycle.applied_on.isoformat()}"' in page
    assert not Signature.objects.filter(cycle=cycle).exists()


def test_the_api_refuses_an_evidence_description_longer_than_the_page_allows(audit, open_cycle, parties):
    from .helpers import pdf_upload

    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    status, body = (
        Api(parties)
        .as_("contributor")
        .upload(f"/cycles/{cycle.pk}/phases/{run.pk}/evidence", {"file": pdf_upload(), "description": "x" * 301})
    )
    assert status == 422 and "description" in str(body), body
    assert not cycle.evidence.exists()


def test_the_agreement_page_shows_a_signing_day_of_1990_next_to_the_date(agreement_cycle, parties, login):
    """Not as a notice above the page: beside the field, with the picker bounded, nothing signed."""
    client = login(parties["coordinator"])
    url = reverse("workspace_cycles:agreement", args=[agreement_cycle.organisation.slug, agreement_cycle.pk])
    assert f'min="{agreement_cycle.applied_on.isoformat()}"' in client.get(url).content.decode()
    act = reverse(
        "workspace_cycles:agreement_act", args=[agreement_cycle.organisation.slug, agreement_cycle.pk, "sign"]
    )
    response = client.post(act, {"signer_name": "Dr. Head", "signed_on": "1990-05-04"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    page = response.content.decode()
    error = page.index('id="id_signed_on_error"')
    assert BEFORE % date_format(agreement_cycle.applied_on, "DATE_FORMAT") in page[error : error + 400]
    assert not TargetAgreement.objects.filter(cycle=agreement_cycle, signed_on__isnull=False).exists()
