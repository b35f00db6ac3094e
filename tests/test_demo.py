import datetime

import pytest
from django.core.management import call_command

from vereinbar.accounts.models import Membership, User
from vereinbar.activity.models import Entry
from vereinbar.measures.models import Measure, MeasureType
from vereinbar.organisations.models import Contact, Organisation, Unit

pytestmark = pytest.mark.django_db


def test_it_loads_the_five_seed_organisations_with_their_facts():
    call_command("demo")
    leer = Organisation.objects.get(slug="landkreis-leer")
    assert (leer.kind, leer.country, leer.region, leer.staff_count) == (
        "county_administration",
        "DE",
        "Niedersachsen",
        1050,
    )
    soest = Organisation.objects.get(slug="kreis-soest")
    assert soest.staff_count == 1600 and soest.region == "Nordrhein-Westfalen"
    assert Organisation.objects.get(slug="saale-orla-kreis").staff_count == 550
    assert Organisation.objects.get(slug="pro-arbeit-kreis-offenbach").kind == "job_centre"
    leiderdorp = Organisation.objects.get(slug="gemeente-leiderdorp")
    assert (leiderdorp.country, leiderdorp.staff_count, leiderdorp.kind) == ("NL", 165, "municipality")
    assert "mantelzorgvriendelijk" in leiderdorp.description_nl


def test_it_creates_one_user_per_role_and_prints_passwords_only_the_first_time(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"operator_admin", "auditor", "board_member", "coordinator", "contributor", "viewer"}
    assert User.objects.filter(is_superuser=True).exists()
    coordinator = User.objects.get(email="koordination@proarbeit.example")
    password = next(line for line in first.splitlines() if coordinator.email in line).split()[1]
    assert coordinator.check_password(password)

    call_command("demo")
    second = capsys.readouterr().out
    assert password not in second
    assert User.objects.count() == len([line for line in first.splitlines() if "@" in line and ".example" in line])
    assert Organisation.objects.count() == 10


def test_it_loads_the_catalogue_and_the_employers_units_contacts_and_measures():
    call_command("demo")
    assert MeasureType.objects.filter(key="company_childcare", is_active=True).exists()
    assert all(organisation.is_approved for organisation in Organisation.objects.all())

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
    assert guides.is_public and guides.unit.name == "Abteilung Personalentwicklung"
    assert soest.contacts.filter(role="staff_council", name="Personalrat").exists()

    leer = Organisation.objects.get(slug="landkreis-leer")
    assert {"company_childcare", "holiday_childcare", "health_management", "flexitime_without_core_time"} == set(
        leer.measures.values_list("type__key", flat=True)
    )
    assert Contact.objects.filter(organisation__slug="saale-orla-kreis", name="Arbeitskreis Gesundheit").exists()
    leiderdorp = Organisation.objects.get(slug="gemeente-leiderdorp")
    assert leiderdorp.measures.get(type__key="nl_care_leave").basis == "statutory"
    assert leiderdorp.measures.filter(title_nl__icontains="Dag van de Mantelzorg").exists()

    # The organisation's history shows since when each measure is in place.
    created = Entry.objects.filter(organisation__slug="pro-arbeit-kreis-offenbach", verb="measure.created")
    assert sum(entry.after.get("since") == "2021-09-30" for entry in created) == 6


def test_loading_the_demo_twice_adds_no_units_contacts_measures_or_history():
    call_command("demo")
    counts = (Measure.objects.count(), Unit.objects.count(), Contact.objects.count(), Entry.objects.count())
    call_command("demo")
    assert (Measure.objects.count(), Unit.objects.count(), Contact.objects.count(), Entry.objects.count()) == counts


def test_it_loads_the_programme_library_once():
    from vereinbar.programmes.models import Programme, ProgrammeVersion

    call_command("demo")
    programmes = Programme.objects.count()
    assert programmes >= 6
    assert Programme.objects.filter(operator__slug="werk-en-mantelzorg").exists()
    versions = ProgrammeVersion.objects.count()
    call_command("demo")
    assert ProgrammeVersion.objects.count() == versions
