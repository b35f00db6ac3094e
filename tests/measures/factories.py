"""Factories for measures, with a trait per status (planned is the default)."""

from __future__ import annotations

import datetime

import factory

from tests.factories import OrganisationFactory
from vereinbar.measures.models import Measure, MeasureCategory, MeasureStatus
from vereinbar.organisations.models import Visibility


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    organisation = factory.SubFactory(OrganisationFactory)
    type = None
    category = factory.LazyAttribute(
        lambda measure: measure.type.category if measure.type else MeasureCategory.objects.get(key="working_time")
    )
    title_de = factory.Sequence(lambda n: f"Maßnahme {n}")
    title_en = factory.Sequence(lambda n: f"Measure {n}")
    status = MeasureStatus.PLANNED
    visibility = Visibility.INTERNAL

    class Params:
        in_place = factory.Trait(status=MeasureStatus.IN_PLACE, since=datetime.date(2021, 9, 30))
        ended = factory.Trait(
            status=MeasureStatus.ENDED, since=datetime.date(2019, 1, 1), ended_on=datetime.date(2022, 12, 31)
        )
        public = factory.Trait(visibility=Visibility.PUBLIC)
