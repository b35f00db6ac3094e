"""Directory test data: library programmes loaded for the test operator, awards issued on given
days, organisations with public and internal measures and contacts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
import yaml
from django.utils.text import slugify

from tests.cycles.conftest import open_cycle, programme_from_file  # noqa: F401
from tests.factories import OrganisationFactory
from tests.measures.factories import MeasureFactory
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.cycles.dates import add_months
from vereinbar.directory.readmodel import directory_refresh
from vereinbar.measures.models import MeasureType
from vereinbar.measures.services import catalogue_load
from vereinbar.organisations.models import Contact, ContactRole, Organisation, Visibility
from vereinbar.programmes.models import Programme

LIBRARY = Path(__file__).resolve().parents[2] / "library" / "programmes"


@pytest.fixture
def directory_today():
    """23 November 2026, the day most directory modules read awards, validities and "since" on:
    ``pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_today")]``."""
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


@pytest.fixture
def catalogue(db):
    return catalogue_load()


@pytest.fixture
def library_programme(operator_org, tmp_path):
    """library_programme("erkenning-mantelzorgvriendelijk") loads the shipped definition;
    ``show=[…]`` or ``directory=False`` change its publication section first."""

    def load(name: str, *, show: list[str] | None = None, directory: bool | None = None) -> Programme:
        path = LIBRARY / f"{name}.yaml"
        if show is not None or directory is not None:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if show is not None:
                data["publication"]["show"] = show
            if directory is not None:
                data["publication"]["directory"] = directory
            path = tmp_path / f"{name}.yaml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return programme_from_file(path, operator_org)

    return load


def award_issue(
    organisation,
    programme: Programme,
    *,
    issued_on: date,
    stage: str | None = None,
    level: str | None = None,
    valid_until: date | str | None = "stage",
    status: str = AwardStatus.VALID,
) -> Award:
    """An award as a granted cycle leaves it (validity from the stage unless given)."""
    version = programme.current_version
    stages = version.stages.filter(gives_award=True).order_by("order")
    stage_row = stages.get(key=stage) if stage else stages.first()
    level_row = version.levels.get(key=level) if level else None
    if valid_until == "stage":
        valid_until = add_months(issued_on, stage_row.validity_months) if stage_row.validity_months else None
    award = Award.objects.create(
        number=f"T-{Award.objects.count() + 1:05d}",
        organisation=organisation,
        programme=programme,
        version=version,
        stage=stage_row,
        level=level_row,
        issued_on=issued_on,
        valid_until=valid_until,
        status=status,
    )
    # Made here past the services (award_create needs a cycle): the directory's rows too.
    directory_refresh(organisation_ids=[organisation.pk])
    return award


def listed_employer(
    name: str,
    programme: Programme,
    *measures: dict,
    issued_on: date = date(2024, 5, 1),
    slug: str | None = None,
    **fields,
) -> Organisation:
    """An organisation the directory lists: an award of ``programme`` and a public measure in
    place for each dict of measure fields given (``{"title_nl": ...}``, ``{"type": entry}``)."""
    organisation = OrganisationFactory(name=name, slug=slug or slugify(name), **fields)
    for measure in measures:
        MeasureFactory(organisation=organisation, in_place=True, public=True, **measure)
    award_issue(organisation, programme, issued_on=issued_on)
    return organisation


def renewed(old: Award, new: Award) -> Award:
    old.status, old.superseded_by = AwardStatus.SUPERSEDED, new
    old.save(update_fields=["status", "superseded_by"])
    directory_refresh(organisation_ids=[old.organisation_id])
    return old


@pytest.fixture
def leiderdorp(db, catalogue):
    """Gemeente Leiderdorp with public and internal measures and contacts."""
    organisation = OrganisationFactory(
        name="Gemeente Leiderdorp",
        slug="gemeente-leiderdorp",
        kind="municipality",
        sector="public_administration",
        country="NL",
        region="Zuid-Holland",
        city="Leiderdorp",
        staff_count=165,
        description_nl="Een gemeente die werk en mantelzorg bespreekbaar maakt.",
    )
    childcare = MeasureType.objects.filter(search_text__contains="kinderopvang").first()
    MeasureFactory(
        organisation=organisation,
        type=childcare,
        title_nl="Tegemoetkoming in de kosten van kinderopvang",
        title_de="Zuschuss zur Kinderbetreuung",
        title_en="Childcare subsidy",
        in_place=True,
        public=True,
    )
    MeasureFactory(
        organisation=organisation,
        title_nl="Mantelzorgcafé voor medewerkers",
        title_de="Café für pflegende Beschäftigte",
        title_en="Carers' café for staff",
        in_place=True,
        public=True,
    )
    MeasureFactory(
        organisation=organisation,
        title_nl="Geheime interne regeling",
        title_de="Geheime interne Regelung",
        title_en="Secret internal arrangement",
        in_place=True,
    )
    Contact.objects.create(
        organisation=organisation,
        role=ContactRole.CARE_GUIDE,
        name="Anna Mantel",
        email="anna@leiderdorp.test",
        visibility=Visibility.PUBLIC,
    )
    Contact.objects.create(
        organisation=organisation,
        role=ContactRole.COORDINATOR,
        name="Bert Binnen",
        email="bert.internal@leiderdorp.test",
        visibility=Visibility.INTERNAL,
    )
    return organisation


# Shared by the directory's test modules.
WITH_MEASURES = ["profile", "award", "first_awarded_on", "measures"]


@pytest.fixture
def erkenning(library_programme):
    return library_programme("erkenning-mantelzorgvriendelijk", show=WITH_MEASURES)


@pytest.fixture
def recognised(leiderdorp, erkenning):
    return award_issue(leiderdorp, erkenning, issued_on=date(2017, 2, 20), valid_until=date(2029, 2, 20))


@pytest.fixture
def siegel(library_programme):
    """The shipped seal programme: it publishes profile, award, awarded_on, first_awarded_on,
    valid_until and measures."""
    return library_programme("qualitaetssiegel-familienfreundlicher-arbeitgeber")


@pytest.fixture
def directory_of_three(recognised, erkenning, siegel):
    leer = OrganisationFactory(
        name="Landkreis Leer",
        slug="landkreis-leer",
        kind="county_administration",
        region="Niedersachsen",
        staff_count=1200,
    )
    soest = OrganisationFactory(
        name="Kreis Soest",
        slug="kreis-soest",
        kind="county_administration",
        region="Nordrhein-Westfalen",
        staff_count=1600,
    )
    award_issue(leer, siegel, issued_on=date(2025, 1, 10))
    award_issue(soest, siegel, issued_on=date(2024, 6, 1))
    return siegel
