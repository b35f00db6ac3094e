"""The demo's certification by staff survey alone: two made-up employers (examples) in the
library's work–care culture index, one certified by its staff's answers, one that misses the
level on the sample (too few answers for the margin of error), with the reasons on its cycle. Both agree to
appear in the index's ranking list, where only the certified one is listed.

Everything here is made up and marked as such: a made-up operator runs the made-up programme
(the demo's operator and auditor act for it), the employers are examples, the answers are
generated (``surveys.synthetic``). Idempotent: nothing is added when the employers already
have a cycle in the programme, or when the programme or the examples are missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType

INDEX = "urn:vereinbar:programme:work-care-culture-index"


@dataclass(frozen=True)
class Participant:
    """A made-up employer of the index: its staff, how many answered, how its staff lean."""

    staff: int
    responses: int
    lean: float  # answer points on every scale (positive: more favourable)
    review: bool  # takes the optional review
    coordinator: str
    full_name: str


# Certified: 124 of 150 answered (±3.4 points at 90 %). Missed: the same culture, but 52 of 210
# answered (±9.9 points > 5), so the sample condition refuses the level.
PARTICIPANTS = (
    Participant(150, 124, 1.8, True, "kulturindex@beispiel-erreicht.example", "Karla Kulturindex"),
    Participant(210, 52, 1.8, False, "kulturindex@beispiel-verfehlt.example", "Viktor Verfehlt"),
)


def culture_index_load(*, today: date, password: str | None) -> list[tuple[str, list[str], str | None]]:
    """Run the index for two example employers; return the logins made (email, roles, password)."""
    from vereinbar.programmes.models import Programme
    from vereinbar.surveys.models import Survey

    programme = Programme.objects.filter(identifier=INDEX).first()
    # Employers with no staff survey but the index's: its survey asks about units entered for it
    # (one surveyed later than the index's survey, by the demo made before it, would have them
    # entered after).
    surveyed = Survey.objects.exclude(cycle__programme__identifier=INDEX).values("organisation_id")
    employers = list(
        Organisation.objects.filter(
            is_example=True, type=OrganisationType.EMPLOYER, status=OrganisationStatus.APPROVED, country="DE"
        )
        .exclude(staff_count=None)
        .exclude(pk__in=surveyed)
        .order_by("slug")[: len(PARTICIPANTS)]
    )
    # The made-up operator that the demo file gives the index (library/demo/demo.yaml), with its
    # operator admin and auditor.
    operator = programme.operator if programme is not None else None
    operator_admin = _member_of(operator, Role.OPERATOR_ADMIN) if operator is not None else None
    auditor = _member_of(operator, Role.AUDITOR) if operator is not None else None
    if programme is None or len(employers) < len(PARTICIPANTS) or operator_admin is None or auditor is None:
        return []
    if programme.cycles.filter(organisation__in=employers).exists():
        return []
    from vereinbar.site.demo_history import notifications_dropped

    logins: list[tuple[str, list[str], str | None]] = []
    with transaction.atomic(), notifications_dropped():  # made-up history is not news to anyone
        for number, (organisation, who) in enumerate(zip(employers, PARTICIPANTS, strict=True)):
            coordinator, made = _coordinator(organisation, who, password)
            if made is not None:
                logins.append((coordinator.email, [f"{Role.COORDINATOR} @ {organisation.slug}"], made))
            _run(programme, organisation, who, coordinator, operator_admin, auditor, today=today, seed=number)
    return logins


def _member_of(organisation: Organisation, role: str) -> User | None:
    membership = (
        Membership.objects.filter(organisation=organisation, role=role).select_related("user").order_by("pk").first()
    )
    return membership.user if membership is not None else None


def _coordinator(organisation: Organisation, who: Participant, password: str | None) -> tuple[User, str | None]:
    import secrets

    from vereinbar.accounts.services import membership_add

    user = User.objects.filter(email=who.coordinator).first()
    made = None
    if user is None:
        made = password or secrets.token_urlsafe(9)
        user = User.objects.create_user(
            email=who.coordinator, password=made, full_name=who.full_name, preferred_language="de"
        )
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        membership_add(actor=None, organisation=organisation, user=user, role=Role.COORDINATOR)
    return user, made


def _run(
    programme, organisation, who: Participant, coordinator, operator_admin, auditor, *, today: date, seed: int
) -> None:
    """Apply, be accepted, run the staff survey (its close decides the level), and, with the
    optional review, the operator's review after it."""
    from vereinbar.cycles import services
    from vereinbar.cycles.models import PhaseStatus
    from vereinbar.site.demo_examples import demo_survey_run
    from vereinbar.site.demo_history import at, moment
    from vereinbar.surveys.ranking import consent_set
    from vereinbar.surveys.selectors import stage_instrument_version

    Organisation.objects.filter(pk=organisation.pk).update(staff_count=who.staff)
    organisation.refresh_from_db()
    applied = today - timedelta(days=70)
    with at(applied):
        cycle = services.cycle_apply(
            actor=coordinator,
            organisation=organisation,
            programme=programme,
            applied_on=applied,
            optional_phases=["review"] if who.review else [],
        )
    started = applied + timedelta(days=3)  # the phases open then, not on the day of loading
    with at(started):
        cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor, started_on=started)
    run = cycle.phase_runs.get(phase__key="staff_survey")
    version = stage_instrument_version(cycle)
    if version is None:
        return
    closes = today - timedelta(days=21)
    demo_survey_run(
        actor=coordinator,
        organisation=organisation,
        version=version,
        title="Kulturindex 2026 (Beispieldaten)",
        units=["Verwaltung", "Technik", "Service"],
        responses=who.responses,
        comments=0,
        opens_on=closes - timedelta(days=28),
        closes_on=closes,
        seed=20261205 + seed,
        run=run,
        invited=who.staff,
        shifts={scale.key: who.lean for scale in version.spec.scales},
    )
    with at(closes + timedelta(days=2)):  # both agree to the ranking list; only the certified one is listed
        consent_set(actor=coordinator, organisation=organisation, programme=programme, given=True)
    review = cycle.phase_runs.filter(phase__key="review", status=PhaseStatus.OPEN).first()
    if review is not None:
        reviewed = closes + timedelta(days=7)
        with at(reviewed):
            services.phase_submit(
                actor=operator_admin,
                run=review,
                note="Einladungen, Erinnerungen und Rücklauf geprüft; die Befragung lief wie vorgesehen.",
                submitted_at=moment(reviewed),
            )
