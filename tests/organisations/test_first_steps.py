"""The employer's first-steps checklist on the workspace home: each step ticks itself from the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.measures.factories import MeasureFactory
from tests.organisations.factories import ContactFactory, UnitFactory
from vereinbar.measures.services import catalogue_load
from vereinbar.organisations.selectors import first_steps
from vereinbar.organisations.services import organisation_offers_link_rotate, organisation_register

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parents[2] / "library" / "instruments" / "work-family-care.yaml"

STEPS = ["profile", "units", "contacts", "measures", "offers_link", "survey", "phase"]


def checklist(page: str) -> str:
    """The checklist's section of the page ('' when there is none)."""
    start = page.find('<section class="kern-card first-steps"')
    return "" if start < 0 else page[start : page.index("</section>", start)]


def done(organisation) -> dict[str, bool]:
    return {step.key: step.done for step in first_steps(organisation=organisation)}


@pytest.fixture
def registered(db):
    """A freshly self-registered employer (region and staff count given, no description yet)."""
    return organisation_register(
        details={
            "name": "Stichting Zorgzaam",
            "kind": "association",
            "country": "NL",
            "region": "Zuid-Holland",
            "staff_count": 85,
        },
        user=None,
        full_name="Ria Registratie",
        email="ria@zorgzaam.example",
        password="a long enough passphrase",
        language="nl",
    )


def test_a_newly_registered_organisation_sees_every_step_unticked_with_a_link(client, registered):
    client.force_login(registered.user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/nl/workspace/{registered.organisation.slug}/").content.decode()
    section = checklist(page)
    assert section.count('class="first-step"') == len(STEPS)  # none carries is-done
    # the first open step reads "Volgende stap:" (tests/organisations/test_onboarding.py), the others "Te doen:"
    assert "is-done" not in section and section.count("Te doen:") == len(STEPS) - 1
    assert f'href="/nl/workspace/{registered.organisation.slug}/units/"' in section
    assert [step.key for step in first_steps(organisation=registered.organisation)] == STEPS
    assert not any(done(registered.organisation).values())


def test_the_profile_ticks_only_with_description_region_and_staff_count(employer_org):
    employer_org.description, employer_org.region, employer_org.staff_count = "", "Bayern", 120
    employer_org.save()
    assert not done(employer_org)["profile"]
    employer_org.description = "Wir sind eine Kreisverwaltung."
    employer_org.staff_count = None
    employer_org.save()
    assert not done(employer_org)["profile"]
    employer_org.staff_count = 120
    employer_org.save()
    assert done(employer_org)["profile"]


def test_units_contacts_and_measures_tick_when_they_exist(employer_org, other_employer_org):
    UnitFactory(organisation=other_employer_org)  # another employer's data ticks nothing here
    ContactFactory(organisation=other_employer_org)
    catalogue_load()
    MeasureFactory(organisation=other_employer_org)
    assert not any(done(employer_org)[key] for key in ("units", "contacts", "measures"))
    UnitFactory(organisation=employer_org)
    assert done(employer_org)["units"] and not done(employer_org)["contacts"]
    ContactFactory(organisation=employer_org)
    assert done(employer_org)["contacts"] and not done(employer_org)["measures"]
    MeasureFactory(organisation=employer_org)
    assert done(employer_org)["measures"]


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("de", "Beschäftigten den Link zur Seite „Angebote für Beschäftigte“ geben"),
        ("nl", "Medewerkers de link naar de pagina ‘Aanbod voor medewerkers’ geven"),
    ],
)
def test_the_offers_link_ticks_once_made_and_unticks_when_turned_off(
    client, employer_org, coordinator, language, label
):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    section = checklist(client.get(f"/{language}/workspace/{employer_org.slug}/").content.decode())
    offers = f"/{language}/workspace/{employer_org.slug}/offers/#link-heading"
    assert f'<a href="{offers}">{label}</a>' in section  # leads to the card with "Make a link"
    assert not done(employer_org)["offers_link"]
    organisation_offers_link_rotate(actor=coordinator, organisation=employer_org)
    assert done(employer_org)["offers_link"]
    section = checklist(client.get(f"/{language}/workspace/{employer_org.slug}/").content.decode())
    assert 'class="first-step is-done" data-step="offers_link"' in section and f'<a href="{offers}">' not in section
    organisation_offers_link_rotate(actor=coordinator, organisation=employer_org, disable=True)
    assert not done(employer_org)["offers_link"]


def test_the_survey_ticks_once_a_survey_is_opened_not_while_in_preparation(employer_org, coordinator):
    from vereinbar.surveys.services.instruments import instrument_load
    from vereinbar.surveys.services.surveys import survey_create

    version = instrument_load(raw=SHIPPED.read_bytes(), filename=SHIPPED.name).version
    survey = survey_create(
        actor=coordinator,
        organisation=employer_org,
        instrument_version=version,
        title="Befragung",
        languages=["de"],
        units="",
    )
    assert not done(survey.organisation)["survey"]
    survey.status = "open"
    survey.save(update_fields=["status"])
    assert done(survey.organisation)["survey"]


def test_the_phase_ticks_once_a_phase_of_a_cycle_has_been_submitted(
    employer_org, operator_org, coordinator, operator_admin, auditor
):
    from vereinbar.cycles import services

    programme = programme_from_file(PROGRAMMES / "audit.yaml", operator_org)
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=programme)
    cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    assert not done(employer_org)["phase"]
    run = cycle.phase_runs.order_by("phase__order").first()
    run.status, run.submitted_at = "submitted", timezone.now()
    run.save(update_fields=["status", "submitted_at"])
    assert done(employer_org)["phase"]


def test_the_checklist_goes_once_every_step_is_done_and_viewers_get_no_links(client, employer_org, viewer, monkeypatch):
    from vereinbar.organisations import selectors

    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/nl/workspace/{employer_org.slug}/").content.decode()
    section = checklist(page)
    assert section.count('class="first-step"') == len(STEPS)
    assert "href=" not in section  # read-only for viewers
    real = selectors.first_steps
    monkeypatch.setattr(
        selectors, "first_steps", lambda **kw: [s.__class__(s.key, s.label, True, s.url) for s in real(**kw)]
    )
    page = client.get(f"/nl/workspace/{employer_org.slug}/").content.decode()
    assert checklist(page) == "" and "first-steps-heading" not in page
