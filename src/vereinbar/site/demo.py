"""Loading the demo installation: the seed organisations, their operators and one user per role;
the employers' units, contacts and measures; the measure catalogue; each employer's real
history in its programmes, replayed through the services (``demo_history``); the operators'
news; and made-up employers marked as examples, with closed surveys, so that the directory and
the survey benchmarks have something to show (``demo_examples``).

Idempotent: organisations are matched by slug and kept up to date with the demo file;
users, memberships, units, contacts and measures are created only when missing (existing
passwords, and whatever people changed since, are never touched); a programme's history is
replayed only for an employer with no cycle in that programme yet. The catalogue is loaded
with its own idempotent loader.

History entries of what the file describes are dated with the real dates: a measure with the
date it was recorded (``recorded_on``, else the date it is in place ``since``, else the
employer's ``recorded_on``), units and contacts with the employer's ``recorded_on``.
"""

from __future__ import annotations

import os
import secrets
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.accounts.services import membership_add
from vereinbar.measures.models import Measure, MeasureCategory, MeasureType
from vereinbar.measures.services import catalogue_load, measure_create
from vereinbar.organisations.models import Contact, Organisation, OrganisationStatus, OrganisationType, Unit
from vereinbar.organisations.services import contact_create, unit_create
from vereinbar.site.demo_culture_index import culture_index_load
from vereinbar.site.demo_examples import examples_load, news_load
from vereinbar.site.demo_history import at, awards_expire_replayed, participations_load


@dataclass
class DemoLogin:
    email: str
    roles: list[str]
    password: str | None  # None when the user existed before this run


@dataclass
class OffersLink:
    """The staff offers page of a demo employer by its secret link, as its staff get it."""

    organisation: str  # the name
    language: str  # the employer's own
    token: str

    def path(self) -> str:
        return f"/{self.language}/offers/{self.token}/"


@dataclass
class DemoResult:
    organisations_created: int = 0
    records_created: int = 0  # units, contacts and measures
    programmes_loaded: int = 0
    cycles_created: int = 0
    awards_expired: int = 0
    examples_created: int = 0  # made-up employers, marked as examples
    news_created: int = 0
    further_auditors: int = 0  # auditor accounts with no password printed (the examples' auditors)
    logins: list[DemoLogin] = field(default_factory=list)
    offers_links: list[OffersLink] = field(default_factory=list)


def demo_file() -> Path:
    return Path(settings.VEREINBAR_LIBRARY_DIR) / "demo" / "demo.yaml"


def _demo_read(path: Path) -> dict[str, Any]:
    # libyaml's parser when PyYAML has it: the same data, read ten times faster (0.03 s
    # instead of 0.3 s for the demo file, which the test suite loads several times a pass).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    return data


def _organisation_defaults(item: dict[str, Any], type: str) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        key: item[key]
        for key in (
            "name",
            "kind",
            "sector",
            "country",
            "region",
            "city",
            "staff_count",
            "inhabitants_served",
            "website",
            "is_example",  # made up for the demo (a made-up operator, say), shown as an example
        )
        if key in item
    }
    defaults["type"] = type
    defaults["status"] = OrganisationStatus.APPROVED
    for language, text in (item.get("description") or {}).items():
        defaults[f"description_{language}"] = text
    return defaults


def demo_load(*, path: Path | None = None, employers: set[str] | None = None) -> DemoResult:
    """Create or update the demo organisations and users; return the logins.

    ``employers`` (slugs) limits the employers loaded, with their details and histories, to
    those named (the operators are always loaded, users only with all their organisations)."""
    data = _demo_read(path or demo_file())
    if employers is not None:
        data["employers"] = [item for item in data.get("employers", []) if item["slug"] in employers]
        kept = {item["slug"] for item in data.get("operators", []) + data["employers"]}
        data["users"] = [
            item
            for item in data.get("users", [])
            if all(membership["organisation"] in kept for membership in item.get("memberships", []))
        ]
    result = DemoResult()
    today = timezone.localdate()
    fixed_password = os.environ.get("VEREINBAR_DEMO_PASSWORD") or None
    with transaction.atomic():
        catalogue_load()
        for group, type in (("operators", OrganisationType.OPERATOR), ("employers", OrganisationType.EMPLOYER)):
            for item in data.get(group, []):
                _, created = Organisation.objects.update_or_create(
                    slug=item["slug"], defaults=_organisation_defaults(item, type)
                )
                result.organisations_created += int(created)
        for item in data.get("users", []):
            user = User.objects.filter(email=item["email"]).first()
            password = None
            if user is None:
                password = fixed_password or secrets.token_urlsafe(9)
                user = User.objects.create_user(
                    email=item["email"],
                    password=password,
                    full_name=item.get("full_name", ""),
                    preferred_language=item.get("language", settings.LANGUAGE_CODE),
                    is_superuser=bool(item.get("platform_admin")),
                    is_staff=bool(item.get("platform_admin")),
                )
            roles = ["platform admin"] if item.get("platform_admin") else []
            for membership in item.get("memberships", []):
                organisation = Organisation.objects.get(slug=membership["organisation"])
                if not Membership.objects.filter(user=user, organisation=organisation).exists():
                    membership_add(actor=None, organisation=organisation, user=user, role=membership["role"])
                roles.append(f"{membership['role']} @ {organisation.slug}")
            result.logins.append(DemoLogin(email=user.email, roles=roles, password=password))
        for item in data.get("employers", []):
            result.records_created += _load_employer_details(item, today=today)
        result.programmes_loaded = _load_programme_library(_library_operators(data.get("operators", [])))
        _load_instrument_library()
        for item in data.get("employers", []):
            if item.get("participations"):
                organisation = Organisation.objects.get(slug=item["slug"])
                result.cycles_created += participations_load(organisation, item["participations"], today=today)
        result.awards_expired = awards_expire_replayed(today=today)
        result.news_created = news_load(data.get("news", []), today=today)
        result.offers_links = _offers_links_give(data.get("employers", []))
        if employers is None:  # the whole demo: with the made-up employers beside the real ones
            result.examples_created = examples_load(today=today)
            for email, roles, password in culture_index_load(today=today, password=fixed_password):
                result.logins.append(DemoLogin(email=email, roles=roles, password=password))
        printed = {login.email for login in result.logins}
        result.further_auditors = (
            User.objects.filter(memberships__role=Role.AUDITOR).exclude(email__in=printed).distinct().count()
        )
        # Parts of the demo are written past the services (its records, replayed expiries):
        # the directory's read model is made afresh from what was loaded.
        from vereinbar.directory.readmodel import directory_refresh

        directory_refresh()
    return result


def _dated(day: date | None) -> Any:
    """History entries written in the block get this date (now, without one)."""
    return at(day) if day is not None else nullcontext()


def _load_instrument_library() -> None:
    """Load the survey instruments shipped in the library (loading a version again is a no-op)."""
    from django.core.management import call_command

    files = sorted((Path(settings.VEREINBAR_LIBRARY_DIR) / "instruments").glob("*.yaml"))
    if files:
        call_command("instrument", "load", *map(str, files), verbosity=0)


def _library_operators(operators: list[dict[str, Any]]) -> dict[str, str]:
    """Programme identifier → the demo operator that runs it, for library files naming none."""
    return {identifier: item["slug"] for item in operators for identifier in item.get("library_programmes", [])}


def _load_programme_library(operators: dict[str, str] | None = None) -> int:
    """Load every programme file shipped in the library (a version already loaded is skipped);
    a file that names no operator is loaded for the demo operator that ``operators`` gives it."""
    from vereinbar.programmes.services import programme_load

    loaded = 0
    for path in sorted((Path(settings.VEREINBAR_LIBRARY_DIR) / "programmes").glob("*.yaml")):
        raw = path.read_bytes()
        identifier = (yaml.safe_load(raw) or {}).get("id", "")
        operator = (operators or {}).get(identifier)
        outcome = programme_load(actor=None, raw=raw, filename=path.name, trusted=True, operator_slug=operator)
        loaded += int(outcome.status != "unchanged")
    return loaded


def _load_employer_details(item: dict[str, Any], *, today: date) -> int:
    """Units, contacts and measures of one employer, added as its coordinator when missing
    (those recorded after today are not there yet)."""
    if not any(item.get(key) for key in ("units", "contacts", "measures")):
        return 0
    organisation = Organisation.objects.get(slug=item["slug"])
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.COORDINATOR).select_related("user").first()
    )
    if membership is None:
        raise ValueError(f"demo: {organisation.slug} lists units, contacts or measures but has no coordinator")
    actor = membership.user
    recorded_on = item.get("recorded_on")
    created = _load_units(organisation, actor, item.get("units", []), parent=None, recorded_on=recorded_on)
    for contact in item.get("contacts", []):
        if Contact.objects.filter(organisation=organisation, role=contact["role"], name=contact["name"]).exists():
            continue
        if _later(today, contact.get("recorded_on"), contact.get("trained_on")):
            continue
        data = {key: value for key, value in contact.items() if key not in {"unit", "recorded_on"}}
        if contact.get("unit"):
            data["unit"] = Unit.objects.get(organisation=organisation, name=contact["unit"])
        with _dated(contact.get("recorded_on", recorded_on)):
            contact_create(actor=actor, organisation=organisation, data=data)
        created += 1
    language = organisation.primary_language
    for measure in item.get("measures", []):
        titles = measure.get("title", {})
        title = titles.get(language) or next(iter(titles.values()), None)
        if title and Measure.objects.filter(organisation=organisation, **{f"title_{language}": title}).exists():
            continue
        if _later(today, measure.get("recorded_on"), measure.get("since"), measure.get("ended_on")):
            continue
        data = {
            key: value
            for key, value in measure.items()
            if key not in {"title", "description", "type", "category", "recorded_on"}
        }
        data["type"] = MeasureType.objects.get(key=measure["type"]) if measure.get("type") else None
        data["category"] = MeasureCategory.objects.get(key=measure["category"]) if measure.get("category") else None
        for name in ("title", "description"):
            for code, text in (measure.get(name) or {}).items():
                data[f"{name}_{code}"] = text
        with _dated(measure.get("recorded_on") or measure.get("since") or recorded_on):
            measure_create(actor=actor, organisation=organisation, data=data)
        created += 1
    return created


def _offers_links_give(items: list[dict[str, Any]]) -> list[OffersLink]:
    """Each employer's staff offers link, made by its coordinator unless it has had one (a link
    someone turned off stays off), so that the staff journey can be walked by the link."""
    from vereinbar.activity.models import Entry
    from vereinbar.organisations.services import organisation_offers_link_rotate

    links = []
    for item in items:
        organisation = Organisation.objects.get(slug=item["slug"])
        if not organisation.offers_token:
            had_one = Entry.objects.filter(
                organisation=organisation, verb__startswith="organisation.offers_link_"
            ).exists()
            membership = Membership.objects.filter(organisation=organisation, role=Role.COORDINATOR).first()
            if had_one or membership is None:
                continue
            organisation_offers_link_rotate(actor=membership.user, organisation=organisation)
        assert organisation.offers_token is not None
        links.append(OffersLink(organisation.name, organisation.primary_language, organisation.offers_token))
    return links


def _later(today: date, *days: date | None) -> bool:
    return any(day is not None and day > today for day in days)


def _load_units(
    organisation: Organisation,
    actor: User,
    items: list[dict[str, Any]],
    parent: Unit | None,
    *,
    recorded_on: date | None,
) -> int:
    """The units of the tree ``items`` missing, each dated with its ``recorded_on`` (else its
    parent's, else the employer's): a unit a staff survey asks about was there by then."""
    created = 0
    for item in items:
        day = item.get("recorded_on", recorded_on)
        unit = Unit.objects.filter(organisation=organisation, parent=parent, name=item["name"]).first()
        if unit is None:
            with _dated(day):
                unit = unit_create(actor=actor, organisation=organisation, name=item["name"], parent=parent)
            created += 1
        created += _load_units(organisation, actor, item.get("units", []), parent=unit, recorded_on=day)
    return created
