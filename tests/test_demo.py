import pytest
from django.core.management import call_command

from vereinbar.accounts.models import Membership, User
from vereinbar.organisations.models import Organisation

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
