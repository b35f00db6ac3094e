"""Factories for units and contacts (organisations and users come from tests/factories.py)."""

from __future__ import annotations

import factory

from tests.factories import OrganisationFactory
from vereinbar.organisations.models import Contact, ContactRole, Unit, Visibility


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    parent = None
    name = factory.Sequence(lambda n: f"Unit {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    role = ContactRole.STAFF_COUNCIL
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@test.example")
    visibility = Visibility.INTERNAL

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)
        care_guide = factory.Trait(role=ContactRole.CARE_GUIDE)
