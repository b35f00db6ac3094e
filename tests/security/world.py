"""The fixture world of the security suites: two employers each with a cycle, one awarded
with evidence, a workshop, goals and a certificate; a closed survey with responses and an
invitation token; measures, units, contacts, a pending member invitation, an API token, a
pending registration; the personas of tests/conftest.py plus an auditor not assigned to the
employer's cycle, an employee holding a survey token and a platform administrator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.urls import reverse

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.helpers import drive
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

# Everyone who may knock on a door. "employee" is anonymous but holds a survey token.
PERSONAS = (
    "anonymous",
    "employee",
    "viewer",
    "contributor",
    "coordinator",
    "auditor",
    "other_auditor",
    "operator_admin",
    "board_member",
    "outsider",
    "platform_admin",
)


@dataclass
class World:
    users: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


def build_world(*, responses: int = 12) -> World:
    from vereinbar.accounts.services import token_create
    from vereinbar.cycles import services as cycles
    from vereinbar.cycles.models import Evidence, Goal, Workshop, WorkshopOutcome
    from vereinbar.measures.services import catalogue_load
    from vereinbar.organisations.members import invitation_send
    from vereinbar.organisations.models import Contact, OrganisationStatus, Unit
    from vereinbar.programmes.models import ProgrammeVersion
    from vereinbar.surveys.models import SurveyAccess
    from vereinbar.surveys.services.instruments import instrument_load
    from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open
    from vereinbar.surveys.synthetic import responses_create
    from vereinbar.surveys.tokens import email_token, new_nonce, token_hash

    operator = OrganisationFactory(operator=True, name="Programme Operator Ltd", slug="programme-operator")
    employer = OrganisationFactory(name="Kreis Musterstadt", slug="kreis-musterstadt")
    other = OrganisationFactory(
        name="Gemeente Anderdorp", slug="gemeente-anderdorp", country="NL", region="Zuid-Holland"
    )
    pending = OrganisationFactory(
        name="Pending Employer",
        slug="pending-employer",
        status=OrganisationStatus.PENDING,
        registered_at=datetime.now(tz=UTC),
    )

    def member(org, role, email):
        user = UserFactory(email=email, preferred_language="en")
        MembershipFactory(user=user, organisation=org, role=role)
        return user

    users = {
        "operator_admin": member(operator, "operator_admin", "operator@test.example"),
        "auditor": member(operator, "auditor", "auditor@test.example"),
        "other_auditor": member(operator, "auditor", "other-auditor@test.example"),
        "board_member": member(operator, "board_member", "board@test.example"),
        "coordinator": member(employer, "coordinator", "coordinator@test.example"),
        "contributor": member(employer, "contributor", "contributor@test.example"),
        "viewer": member(employer, "viewer", "viewer@test.example"),
        "outsider": member(other, "coordinator", "outsider@test.example"),
        "platform_admin": UserFactory(email="admin@test.example", platform_admin=True, preferred_language="en"),
        "pending_coordinator": member(pending, "coordinator", "pending@test.example"),
    }
    parties = {
        "coordinator": users["coordinator"],
        "contributor": users["contributor"],
        "viewer": users["viewer"],
        "auditor": users["auditor"],
        "operator": users["operator_admin"],
        "board": users["board_member"],
        "outsider": users["outsider"],
    }

    # Cycles: the employer's is awarded (evidence, workshop, goals, certificate); the other
    # employer's is open with the other auditor, who is thus an auditor, just not this cycle's.
    programme = programme_from_file(PROGRAMMES / "audit.yaml", operator)
    cycle = cycles.cycle_apply(actor=users["coordinator"], organisation=employer, programme=programme)
    cycle = cycles.cycle_accept(actor=users["operator_admin"], cycle=cycle, auditor=users["auditor"])
    drive(cycle, parties, until_award=True)
    cycle.refresh_from_db()
    other_cycle = cycles.cycle_apply(actor=users["outsider"], organisation=other, programme=programme)
    other_cycle = cycles.cycle_accept(actor=users["operator_admin"], cycle=other_cycle, auditor=users["other_auditor"])

    run = cycle.phase_runs.get(phase__key="self_assessment")
    evidence = Evidence.objects.filter(cycle=cycle).first()
    version = ProgrammeVersion.objects.filter(programme=programme).first()

    # Survey: closed with responses, one unused e-mail invitation token (the employee's).
    instrument = instrument_load(
        raw=(PROGRAMMES.parents[2] / "library" / "instruments" / "work-family-care.yaml").read_bytes(),
        filename="work-family-care.yaml",
    ).version
    survey = survey_create(
        actor=users["coordinator"],
        organisation=employer,
        instrument_version=instrument,
        title="Staff survey",
        languages=["de", "nl", "en"],
        units="Administration\nYouth office",
    )
    survey_open(actor=users["coordinator"], survey=survey)
    nonce = new_nonce()
    survey_token = email_token(nonce)
    survey.invitations.create(
        email="employee@example.org", language="en", nonce=nonce, token_hash=token_hash(survey_token)
    )
    responses_create(survey, responses, seed=1, comments=3)
    open_survey = survey_create(
        actor=users["coordinator"],
        organisation=employer,
        instrument_version=instrument,
        title="Second survey",
        languages=["en"],
        units="Administration",
    )
    survey_open(actor=users["coordinator"], survey=open_survey)
    nonce2 = new_nonce()
    open_token = email_token(nonce2)
    open_survey.invitations.create(
        email="employee2@example.org", language="en", nonce=nonce2, token_hash=token_hash(open_token)
    )
    survey_close(actor=users["coordinator"], survey=survey)
    survey.cycle = cycle  # run for the cycle: its auditor may read the aggregated report
    survey.save(update_fields=["cycle"])
    # The contributor reads surveys anyway; the grant adds the separate right to raw data.
    access = SurveyAccess.objects.create(
        survey=survey, user=users["contributor"], raw_data=True, granted_by=users["coordinator"]
    )
    from django.core.files.base import ContentFile

    from vereinbar.surveys.models import ReportPdf, ReportPdfStatus

    report_pdf = ReportPdf(survey=survey, language="en", peers="all", stamp="world", status=ReportPdfStatus.READY)
    report_pdf.file.save("world.pdf", ContentFile(b"%PDF-1.7 world"), save=True)

    catalogue_load()
    from tests.measures.factories import MeasureFactory

    measure = MeasureFactory(organisation=employer)
    unit = Unit.objects.create(organisation=employer, name="Youth office")
    contact = Contact.objects.create(
        organisation=employer, role="staff_council", name="Council", email="c@test.example"
    )
    invitation = invitation_send(
        actor=users["coordinator"], organisation=employer, email="new@test.example", role="viewer"
    )
    operator_invitation = invitation_send(
        actor=users["operator_admin"], organisation=operator, email="new-auditor@test.example", role="auditor"
    )
    token = token_create(user=users["coordinator"], name="script")
    from vereinbar.webhooks.models import Delivery, DeliveryStatus, Endpoint

    endpoint = Endpoint.objects.create(
        organisation=employer, url="https://hooks.example.org/in", events=["award.granted"]
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint, event_type="award.granted", subject="award/world", body="{}", status=DeliveryStatus.DELIVERED
    )
    from vereinbar.measures.models import MeasureType

    values = {
        "slug": employer.slug,
        "pk": cycle.pk,
        "cycle_id": cycle.pk,
        "run": run.pk,
        "run_id": run.pk,
        "evidence": evidence.pk,
        "evidence_id": evidence.pk,
        "action": "submit",
        "workshop_id": Workshop.objects.get(cycle=cycle).pk,
        "outcome_id": WorkshopOutcome.objects.get(workshop__cycle=cycle).pk,
        "code": Goal.objects.filter(agreement__cycle=cycle).first().code,
        "number": cycle.award.number,
        "identifier": programme.identifier,
        "version": version.version,
        "fmt": "yaml",
        "survey_id": survey.pk,
        "access_id": access.pk,
        "pdf_id": report_pdf.pk,
        "name": "profile",
        "token": open_token,
        "survey": survey.pk,
        "measure_id": measure.pk,
        "unit_id": unit.pk,
        "contact_id": contact.pk,
        "membership_id": employer.memberships.get(user=users["viewer"]).pk,
        "user_id": users["viewer"].pk,  # a member, not waiting for a role: nobody may grant one
        "invitation_id": invitation.pk,
        "token_id": token.token.pk,
        "endpoint_id": endpoint.pk,  # the employer's webhook endpoint: 404 under the operator's pages
        "delivery_id": delivery.pk,
        "key": MeasureType.objects.order_by("pk").first().key,
        "kind": "imprint",  # a legal page
        "secret": "not-a-real-invitation-secret",
        "uidb64": "MQ",
        "user_token": "set-password",
        "verify_code": cycle.award.verification_code,
        "phase_key": "interview",  # the world's stage has no optional phases: 404 for everyone
        "programme": programme.identifier.rsplit(":", 1)[-1],  # publishes no ranking list: 404 for everyone
        "programme_id": programme.pk,  # the same: no ranking list to agree to
    }
    return World(
        users=users,
        values=values,
        objects={
            "operator": operator,
            "employer": employer,
            "other": other,
            "pending": pending,
            "cycle": cycle,
            "other_cycle": other_cycle,
            "survey": survey,
            "open_survey": open_survey,
            "open_token": open_token,
            "evidence": evidence,
            "operator_invitation": operator_invitation,
            "api_token": token.secret,
        },
    )


def reverse_safe(name: str, *args: Any) -> str:
    return reverse(name, args=args)
