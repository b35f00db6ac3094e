"""The demo installation: the five seed organisations with their facts, one user per role,
the catalogue and libraries, and each organisation's replayed history; loading it again adds
nothing. (The package's demo, loaded by the first `demo` command: see conftest.py.)"""

import datetime
import io

import pytest
from django.core.management import call_command

from vereinbar.accounts.models import Membership, User
from vereinbar.activity.models import Entry
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import awards_listed
from vereinbar.cycles.models import Cycle, Goal, PhaseRun
from vereinbar.measures.models import Measure, MeasureType
from vereinbar.notifications.models import Notification
from vereinbar.organisations.models import Contact, Organisation, Unit

pytestmark = pytest.mark.django_db


def test_it_loads_the_five_seed_organisations_with_their_facts():
    leer = Organisation.objects.get(slug="landkreis-leer")
    assert (leer.kind, leer.country, leer.region, leer.staff_count, leer.inhabitants_served) == (
        "county_administration",
        "DE",
        "Niedersachsen",
        1050,
        168155,
    )
    soest = Organisation.objects.get(slug="kreis-soest")
    assert soest.staff_count == 1600 and soest.region == "Nordrhein-Westfalen" and soest.inhabitants_served == 300000
    assert Organisation.objects.get(slug="saale-orla-kreis").staff_count == 550
    assert Organisation.objects.get(slug="pro-arbeit-kreis-offenbach").kind == "job_centre"
    leiderdorp = Organisation.objects.get(slug="gemeente-leiderdorp")
    assert (leiderdorp.country, leiderdorp.staff_count, leiderdorp.kind) == ("NL", 165, "municipality")
    assert "mantelzorgvriendelijk" in leiderdorp.description_nl


def test_it_creates_one_user_per_role_and_prints_passwords_only_the_first_time(demo):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"operator_admin", "auditor", "board_member", "coordinator", "contributor", "viewer"}
    assert User.objects.filter(is_superuser=True).exists()
    coordinator = User.objects.get(email="koordination@proarbeit.example")
    password = next(line for line in demo.splitlines() if coordinator.email in line).split()[1]
    assert coordinator.check_password(password)

    out = io.StringIO()
    call_command("demo", stdout=out)
    assert password not in out.getvalue()
    # Everyone who can log in is printed (the example employers' people have no password).
    can_log_in = [user for user in User.objects.all() if user.has_usable_password()]
    assert len(can_log_in) == len([line for line in demo.splitlines() if "@" in line and ".example" in line])
    assert Organisation.objects.filter(is_example=False).count() == 10


def test_it_loads_the_catalogue_and_the_employers_units_contacts_and_measures():
    assert MeasureType.objects.filter(key="company_childcare", is_active=True).exists()
    assert all(organisation.is_approved for organisation in Organisation.objects.filter(is_example=False))

    offenbach = Measure.objects.filter(organisation__slug="pro-arbeit-kreis-offenbach")
    in_place = offenbach.filter(status="in_place")
    assert in_place.count() == 6
    assert set(in_place.values_list("since", flat=True)) == {datetime.date(2021, 9, 30)}
    assert set(offenbach.filter(status="planned").values_list("type__key", flat=True)) == {
        "job_ticket",
        "e_charging",
        "bike_leasing",
    }
    home_office = offenbach.get(type__key="home_office_agreement")
    assert home_office.basis == "service_agreement" and home_office.title_nl == "Dienstafspraak over thuiswerken"
    assert Unit.objects.get(name="Zugangssteuerung").parent.name == "Servicecenter"

    soest = Organisation.objects.get(slug="kreis-soest")
    agreement = soest.measures.get(basis="service_agreement", type__isnull=True)
    assert agreement.since == datetime.date(2012, 1, 1) and agreement.target_groups == ["carers"]
    guides = soest.contacts.get(role="care_guide")
    assert guides.is_public and guides.unit.name == "Abteilung Personalentwicklung" and guides.trained_on
    assert soest.contacts.filter(role="staff_council", name="Personalrat").exists()

    leer = Organisation.objects.get(slug="landkreis-leer")
    assert {"company_childcare", "holiday_childcare", "health_management", "flexitime_without_core_time"} == set(
        leer.measures.values_list("type__key", flat=True)
    )
    assert Contact.objects.filter(organisation__slug="saale-orla-kreis", name="Arbeitskreis Gesundheit").exists()
    leiderdorp = Organisation.objects.get(slug="gemeente-leiderdorp")
    assert leiderdorp.measures.get(type__key="nl_care_leave").basis == "statutory"
    assert leiderdorp.measures.filter(title_nl__icontains="Dag van de Mantelzorg").exists()

    # The organisation's history shows since when each measure is in place, dated then.
    created = Entry.objects.filter(organisation__slug="pro-arbeit-kreis-offenbach", verb="measure.created")
    in_place_entries = [entry for entry in created if entry.after.get("since") == "2021-09-30"]
    assert len(in_place_entries) == 6
    assert {entry.created_at.date() for entry in in_place_entries} == {datetime.date(2021, 9, 30)}


def test_it_replays_every_organisations_programme_history():
    by_slug = {
        slug: list(Award.objects.filter(organisation__slug=slug).order_by("issued_on"))
        for slug in ("landkreis-leer", "kreis-soest", "pro-arbeit-kreis-offenbach", "gemeente-leiderdorp")
    }
    assert [(a.issued_on.year, a.status) for a in by_slug["landkreis-leer"]] == [
        (2014, AwardStatus.SUPERSEDED),
        (2017, AwardStatus.EXPIRED),
    ]
    assert [(a.issued_on, a.status) for a in by_slug["kreis-soest"]] == [
        (datetime.date(2025, 8, 21), AwardStatus.VALID)
    ]
    assert [(a.issued_on, a.status) for a in by_slug["pro-arbeit-kreis-offenbach"]] == [
        (datetime.date(2021, 9, 30), AwardStatus.SUPERSEDED),
        (datetime.date(2024, 9, 30), AwardStatus.VALID),
    ]
    leiderdorp = by_slug["gemeente-leiderdorp"]
    assert leiderdorp[0].issued_on == datetime.date(2017, 2, 20) and leiderdorp[-1].status == AwardStatus.VALID
    listed = set(awards_listed().filter(organisation__is_example=False).values_list("organisation__slug", flat=True))
    assert listed == {"kreis-soest", "pro-arbeit-kreis-offenbach", "gemeente-leiderdorp"}
    assert Cycle.objects.filter(organisation__slug="saale-orla-kreis").count() == 3
    # Replayed events are history, not news: nobody gets a message about them.
    assert not Notification.objects.exists()


def test_loading_the_demo_again_adds_nothing():
    models = (Measure, Unit, Contact, Entry, Cycle, PhaseRun, Goal, Award, User, Membership)
    counts = [model.objects.count() for model in models]
    call_command("demo", stdout=io.StringIO())
    assert [model.objects.count() for model in models] == counts


def test_it_loads_the_programme_library_once():
    from vereinbar.programmes.models import Programme, ProgrammeVersion

    assert Programme.objects.count() >= 6
    assert Programme.objects.filter(operator__slug="werk-en-mantelzorg").exists()
    versions = ProgrammeVersion.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert ProgrammeVersion.objects.count() == versions
