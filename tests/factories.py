"""Factories with traits per state; personas are built from these in conftest.py."""

from __future__ import annotations

import factory
from django.conf import settings

from vereinbar.accounts.models import Membership, User
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
