"""Made-up employers for the demo installation (marked as examples) and the benchmarks: kinds,
sectors, German and Dutch regions and cities, staff counts (log-normal), descriptions in the
organisation's language, measures from the catalogue (public or internal, in place or planned)
and awards of the library's programmes that still take applications (valid, expired,
superseded chains, revoked; some organisations with no award in force, so not listed; for the
benchmarks also some registrations still pending). An award runs exactly its stage's validity;
one still in force is the last of a chain of renewals, and a charter (no validity) is signed
once and stays in force. Bulk inserts: tens of thousands in seconds. Needs the programme
library and the measure catalogue loaded first.
"""

from __future__ import annotations

import math
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import cache
from pathlib import Path
from typing import Any

import yaml


@cache
def vocabulary() -> dict[str, Any]:
    """The word lists of library/demo/examples.yaml (the configured library's, else the project's:
    the benchmarks read them before Django is set up)."""
    from django.conf import settings

    library = settings.VEREINBAR_LIBRARY_DIR if settings.configured else Path(__file__).parents[3] / "library"
    path = Path(library) / "demo" / "examples.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    return data


def employer_name(
    rng: random.Random, kind: str, country: str, region: str, city: str, *, fictional: bool = False
) -> str:
    """A made-up name; ``fictional`` keeps to patterns with a made-up word (no "Stadt Köln")."""
    words = vocabulary()
    word = "".join(rng.choice(words["syllables"]) for _ in range(rng.choice((2, 2, 3)))).capitalize()
    patterns = words["kinds"][kind]["names"][country]
    if fictional:
        patterns = [p for p in patterns if "{w}" in p] or patterns
    pattern = rng.choice(patterns)
    return pattern.format(w=word, c=city, r=region)


def examples_generate(organisations: int, seed_value: int = 20261123, *, example: bool = False) -> dict[str, Any]:
    """``organisations`` made-up employers with measures and awards (bulk inserts), after the
    programme library and the catalogue have been loaded. ``example`` marks them as examples
    (the demo) and keeps to made-up names."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from vereinbar.certificates.models import Award, AwardStatus, verification_code_new
    from vereinbar.cycles.dates import add_months
    from vereinbar.measures.models import Measure, MeasureStatus, MeasureType
    from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType, Visibility
    from vereinbar.programmes.models import Programme, ProgrammeKind, Stage, closed_since

    rng = random.Random(seed_value)
    today = date.today()

    # Award-giving programmes in the directory that still take applications (one that has
    # ended gives no new holders), with their award stages and levels.
    programmes = []
    for programme in Programme.objects.select_related("current_version").order_by("identifier"):
        version = programme.current_version
        if version is None or not version.directory_listed or version.kind == ProgrammeKind.CYCLE:
            continue
        if closed_since(version, on=today) is not None:
            continue
        stages = list(Stage.objects.filter(version=version, gives_award=True).prefetch_related("awardable_levels"))
        if not stages:
            continue
        countries = {"nl": ["NL"], "de": ["DE"]}.get(version.default_language, ["DE", "NL"])
        programmes.append((programme, version, stages, countries))
    types = list(MeasureType.objects.filter(is_active=True).select_related("category"))

    words = vocabulary()
    regions, descriptions = words["regions"], words["descriptions"]
    # The kinds a country has names for (no Kreis in the Netherlands), each by its weight.
    kinds = {
        country: [kind for kind, about in words["kinds"].items() if country in about["names"]] for country in regions
    }
    weights = {country: [words["kinds"][kind]["weight"] for kind in kinds[country]] for country in kinds}
    rows: list[Organisation] = []
    slugs: set[str] = set()
    taken = set(Organisation.objects.values_list("slug", flat=True))
    for index in range(organisations):
        country = "DE" if rng.random() < 0.7 else "NL"
        region = rng.choice(list(regions[country]))
        city = rng.choice(regions[country][region])
        kind = rng.choices(kinds[country], weights[country])[0]
        name = employer_name(rng, kind, country, region, city, fictional=example)
        slug = slugify(name)[:70] or "org"
        if slug in slugs or slug in taken:
            slug = f"{slug[:70]}-{index}"
        slugs.add(slug)
        language = "nl" if country == "NL" else "de"
        description = rng.choice(descriptions[language]) if rng.random() < 0.6 else ""
        # Some registrations of the benchmarks wait for review (in the operator's queue, by the
        # day they registered). The demo's examples are approved: its pending registrations
        # come with the coordinator who registered (``demo_registrations``).
        pending = rng.random() >= 0.96 and not example
        registered = timezone.make_aware(datetime.combine(today - timedelta(days=index % 30 + 1), clock(10)))
        rows.append(
            Organisation(
                name=name,
                slug=slug,
                type=OrganisationType.EMPLOYER,
                kind=kind,
                sector=rng.choice(words["kinds"][kind]["sectors"]),
                country=country,
                region=region,
                city=city,
                staff_count=max(1, int(math.exp(rng.gauss(4.6, 1.5)))) if rng.random() < 0.95 else None,
                status=OrganisationStatus.PENDING if pending else OrganisationStatus.APPROVED,
                registered_at=registered if pending else None,
                is_example=example,
                **{f"description_{language}": description},
                **({"description_en": rng.choice(descriptions["en"])} if rng.random() < 0.15 else {}),
            )
        )
    started, cpu = time.monotonic(), time.process_time()
    with transaction.atomic():
        Organisation.objects.bulk_create(rows, batch_size=500)
        created = list(Organisation.objects.filter(type=OrganisationType.EMPLOYER, slug__in=slugs).order_by("pk"))
        measures: list[Measure] = []
        awards: list[Award] = []
        successors: list[tuple[Award, Award]] = []  # (superseded, the renewal that superseded it)
        # Numbers go on from the last one made here: the examples can be generated again.
        number = max(
            (
                int(taken.rsplit("-", 1)[1])
                for taken in Award.objects.filter(number__regex=r"^B-[0-9]{4}-[0-9]+$").values_list("number", flat=True)
            ),
            default=0,
        )
        for organisation in created:
            language = "nl" if organisation.country == "NL" else "de"
            for entry in rng.sample(types, k=min(len(types), rng.randint(0, 12))):
                in_place = rng.random() < 0.8
                title = getattr(entry, f"name_{language}", "") or entry.name
                english = getattr(entry, "name_en", "")  # a translated field (modeltranslation)
                if rng.random() < 0.3:
                    title = f"{title} ({organisation.city})"
                measures.append(
                    Measure(
                        organisation=organisation,
                        type=entry,
                        category=entry.category,
                        **{f"title_{language}": title},
                        **({"title_en": english} if rng.random() < 0.1 and english else {}),
                        status=MeasureStatus.IN_PLACE if in_place else MeasureStatus.PLANNED,
                        since=today - timedelta(days=rng.randint(30, 3000)) if in_place else None,
                        visibility=Visibility.PUBLIC if rng.random() < 0.7 else Visibility.INTERNAL,
                    )
                )
            eligible = [p for p in programmes if organisation.country in p[3]]
            held = rng.sample(eligible, k=min(len(eligible), rng.choice((1, 1, 1, 2, 2, 3))))
            # 12 % hold only expired (or revoked) awards and are not listed.
            lapsed = rng.random() < 0.12
            for programme, version, stages, _countries in held:
                chain = rng.choice((1, 1, 2, 3))
                issued = today - timedelta(days=rng.randint(30, 1000) + 1095 * (chain - 1))
                chained: list[Award] = []  # the chain's awards so far
                step = 0
                while step < chain:
                    stage = stages[min(step, len(stages) - 1)]
                    levels = list(stage.awardable_levels.all())
                    months = stage.validity_months
                    valid_until = add_months(issued, months) if months else None
                    if valid_until is None:  # a charter stays in force: nothing renews it
                        chain = step + 1
                    last = step == chain - 1
                    if last and lapsed:
                        if valid_until is None or rng.random() < 0.3:
                            status = AwardStatus.REVOKED
                        else:
                            assert months is not None  # it has a validity (``valid_until``)
                            status = AwardStatus.EXPIRED
                            ran_out = add_months(today, -months) - timedelta(days=rng.randint(1, 400))
                            # The chain moves with it: each renewal still follows the award before.
                            for earlier in chained:
                                earlier.issued_on += ran_out - issued
                                if earlier.stage.validity_months:
                                    earlier.valid_until = add_months(earlier.issued_on, earlier.stage.validity_months)
                                earlier.number = f"B-{earlier.issued_on.year}-{earlier.number.rsplit('-', 1)[1]}"
                            issued = ran_out
                            valid_until = add_months(issued, months)
                    elif last and valid_until is not None and valid_until < today:
                        # It would have run out: still held, so it was renewed (a later award).
                        chain += 1
                        status = AwardStatus.SUPERSEDED
                    elif last:
                        status = AwardStatus.VALID
                    else:
                        status = AwardStatus.SUPERSEDED
                    number += 1
                    award = Award(
                        number=f"B-{issued.year}-{number:06d}",
                        organisation=organisation,
                        programme=programme,
                        version=version,
                        stage=stage,
                        level=rng.choice(levels) if levels else None,
                        issued_on=issued,
                        valid_until=valid_until,
                        status=status,
                        verification_code=verification_code_new(),
                        revoked_on=today - timedelta(days=10) if status == AwardStatus.REVOKED else None,
                    )
                    awards.append(award)
                    if chained:
                        successors.append((chained[-1], award))
                    chained.append(award)
                    # The renewal is granted around the end of the validity, after this award
                    # and before today.
                    issued = (valid_until or issued + timedelta(days=1095)) - timedelta(days=rng.randint(0, 60))
                    if issued > today:
                        issued = today - timedelta(days=rng.randint(1, 20))
                    issued = max(issued, award.issued_on + timedelta(days=1))
                    step += 1
        Measure.objects.bulk_create(measures, batch_size=1000)
        Award.objects.bulk_create(awards, batch_size=1000)
        # A renewal supersedes the award before it, as ``award_create`` does: the superseded
        # award points to its successor (the verification page says by which it was replaced).
        for old, new in successors:
            old.superseded_by = new
        Award.objects.bulk_update([old for old, _new in successors], ["superseded_by"], batch_size=1000)
        # Written in bulk, past the services: the directory's read model is made afresh.
        from vereinbar.directory.readmodel import directory_refresh

        directory_refresh(organisation_ids=[organisation.pk for organisation in created])
    from vereinbar.directory.selectors import listed_awards

    listed = listed_awards(day=today).values("organisation_id").distinct().count()
    return {
        "organisations": len(created),
        "listed": listed,
        "measures": len(measures),
        "awards": len(awards),
        "seconds": time.monotonic() - started,
        "cpu_seconds": time.process_time() - cpu,
        "programmes": [p[0].identifier for p in programmes],
        "levels": sorted({level.key for p in programmes for s in p[2] for level in s.awardable_levels.all()}),
        "measure_types": [t.key for t in types],
        "regions": {country: list(names) for country, names in regions.items()},
    }
