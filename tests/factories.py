"""Factories with traits per state; personas are built from these in conftest.py."""

from __future__ import annotations

from datetime import date

import factory
from django.conf import settings

from vereinbar.accounts.models import Membership, User
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.organisations.models import Organisation, OrganisationType


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    type = OrganisationType.EMPLOYER
    kind = "county_administration"
    sector = "public_administration"
    country = "DE"
    region = "Nordrhein-Westfalen"
    staff_count = 1600

    class Params:
        operator = factory.Trait(type=OrganisationType.OPERATOR, kind="company", sector="professional_services")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.Faker("name")
    preferred_language = settings.LANGUAGE_CODE
    password = factory.django.Password("correct horse battery staple")

    class Params:
        platform_admin = factory.Trait(is_superuser=True, is_staff=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "coordinator"


def award_like(award: Award, *, number: str, issued_on: date, valid_until: date | None = None) -> Award:
    """Another award of the same organisation, programme, version, stage and level."""
    return Award.objects.create(
        number=number,
        organisation=award.organisation,
        programme=award.programme,
        version=award.version,
        stage=award.stage,
        level=award.level,
        issued_on=issued_on,
        valid_until=valid_until,
    )


def award_renewal(award: Award, *, number: str, issued_on: date, valid_until: date | None = None) -> Award:
    """A renewal that replaced ``award``: the old award is marked superseded in the database only
    (its in-memory copy still reads valid), past the services, as no cycle stands behind it."""
    renewal = award_like(award, number=number, issued_on=issued_on, valid_until=valid_until)
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.SUPERSEDED, superseded_by=renewal)
    return renewal
