"""Made-up employers for the demo installation (marked as examples) and the benchmarks: kinds,
sectors, German and Dutch regions and cities, staff counts (log-normal), descriptions in the
organisation's language, measures from the catalogue (public or internal, in place or planned)
and awards of the library's programmes (valid, expired, superseded chains, revoked; some
organisations pending or with no award in force, so not listed). Bulk inserts: tens of
thousands in seconds. Needs the programme library and the measure catalogue loaded first.
"""

from __future__ import annotations

import math
import random
import time
from datetime import date, timedelta
from typing import Any

REGIONS: dict[str, dict[str, list[str]]] = {
    "DE": {
        "Baden-Württemberg": ["Stuttgart", "Karlsruhe", "Freiburg im Breisgau", "Ulm", "Heilbronn"],
        "Bayern": ["München", "Nürnberg", "Augsburg", "Regensburg", "Würzburg"],
        "Berlin": ["Berlin"],
        "Brandenburg": ["Potsdam", "Cottbus", "Frankfurt (Oder)"],
        "Bremen": ["Bremen", "Bremerhaven"],
        "Hamburg": ["Hamburg"],
        "Hessen": ["Frankfurt am Main", "Wiesbaden", "Kassel", "Darmstadt", "Offenbach am Main"],
        "Mecklenburg-Vorpommern": ["Rostock", "Schwerin", "Greifswald"],
        "Niedersachsen": ["Hannover", "Braunschweig", "Oldenburg", "Osnabrück", "Leer (Ostfriesland)"],
        "Nordrhein-Westfalen": ["Köln", "Düsseldorf", "Dortmund", "Essen", "Münster", "Soest", "Gütersloh"],
        "Rheinland-Pfalz": ["Mainz", "Ludwigshafen", "Koblenz", "Trier"],
        "Saarland": ["Saarbrücken", "Neunkirchen"],
        "Sachsen": ["Dresden", "Leipzig", "Chemnitz", "Zwickau"],
        "Sachsen-Anhalt": ["Magdeburg", "Halle (Saale)", "Dessau-Roßlau"],
        "Schleswig-Holstein": ["Kiel", "Lübeck", "Flensburg"],
        "Thüringen": ["Erfurt", "Jena", "Gera", "Schleiz"],
    },
    "NL": {
        "Drenthe": ["Assen", "Emmen"],
        "Flevoland": ["Almere", "Lelystad"],
        "Friesland": ["Leeuwarden", "Sneek"],
        "Gelderland": ["Arnhem", "Nijmegen", "Apeldoorn"],
        "Groningen": ["Groningen"],
        "Limburg": ["Maastricht", "Venlo", "Heerlen"],
        "Noord-Brabant": ["Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch"],
        "Noord-Holland": ["Amsterdam", "Haarlem", "Alkmaar"],
        "Overijssel": ["Zwolle", "Enschede", "Deventer"],
        "Utrecht": ["Utrecht", "Amersfoort"],
        "Zeeland": ["Middelburg", "Vlissingen"],
        "Zuid-Holland": ["Rotterdam", "Den Haag", "Leiden", "Leiderdorp", "Dordrecht"],
    },
}
# kind: (weight, sectors, name patterns per country)
KINDS: dict[str, tuple[int, list[str], dict[str, list[str]]]] = {
    "company": (
        45,
        ["manufacturing", "trade", "finance", "it_services", "construction", "transport", "energy", "hospitality",
         "professional_services", "culture"],
        {"DE": ["{w} GmbH", "{w} AG", "{w} & Söhne KG", "{w} Werke GmbH"],
         "NL": ["{w} B.V.", "{w} N.V.", "{w} Groep B.V."]},
    ),
    "municipality": (12, ["public_administration"], {"DE": ["Stadt {c}", "Gemeinde {c}-{w}"],
                                                      "NL": ["Gemeente {c}", "Gemeente {w}"]}),
    "county_administration": (4, ["public_administration"], {"DE": ["Kreisverwaltung {w}", "Landkreis {w}"],
                                                             "NL": ["Provincie {r} ({w})"]}),
    "job_centre": (3, ["social_security"], {"DE": ["Jobcenter {c} {w}"], "NL": ["UWV {c} {w}"]}),
    "public_authority": (5, ["public_administration", "social_security"],
                         {"DE": ["Landesamt {w}", "Amt für {w} {c}"], "NL": ["Dienst {w} {c}"]}),
    "hospital": (9, ["health_care", "social_services"],
                 {"DE": ["Klinikum {c} {w}", "Pflegedienst {w}", "St.-{w}-Krankenhaus"],
                  "NL": ["Ziekenhuis {w} {c}", "Zorggroep {w}", "Thuiszorg {w}"]}),
    "university": (4, ["education"], {"DE": ["Hochschule {c} {w}", "Institut {w}"],
                                      "NL": ["Hogeschool {w} {c}", "Instituut {w}"]}),
    "association": (8, ["non_profit", "social_services", "culture"],
                    {"DE": ["{w} e.V.", "Verein {w} {c}"], "NL": ["Vereniging {w}", "Stichting {w} {c}"]}),
    "health_insurer": (2, ["finance", "health_care"], {"DE": ["{w} Krankenkasse"], "NL": ["Zorgverzekeraar {w}"]}),
    "foundation": (4, ["non_profit", "education", "culture"], {"DE": ["{w}-Stiftung"], "NL": ["Stichting {w}"]}),
    "other": (4, ["other", "professional_services"], {"DE": ["{w} {c}"], "NL": ["{w} {c}"]}),
}  # fmt: skip
SYLLABLES = ["al", "ber", "con", "da", "el", "fa", "gen", "har", "in", "jo", "ka", "lin", "mo", "nor", "or", "pe",
             "ra", "sta", "tor", "um", "van", "wes", "xa", "zen", "brü", "dijk", "hof", "feld", "mar", "tec", "lux",
             "sol", "vita", "nova", "terra", "aqua", "rhein", "maas", "berg", "haven"]  # fmt: skip
DESCRIPTIONS = {
    "de": [
        "Wir bieten flexible Arbeitszeiten, Homeoffice und Unterstützung bei der Kinderbetreuung.",
        "Unsere Beschäftigten mit Pflegeaufgaben finden bei uns Beratung und eine feste Ansprechperson.",
        "Familienbewusste Personalpolitik ist bei uns seit Jahren Teil der Unternehmenskultur.",
        "Teilzeit in Führung, Jobsharing und ein Eltern-Kind-Büro gehören zu unseren Angeboten.",
    ],
    "nl": [
        "Wij bieden flexibele werktijden, thuiswerken en ondersteuning bij kinderopvang.",
        "Medewerkers met mantelzorgtaken kunnen bij ons terecht bij een vast aanspreekpunt.",
        "Een mantelzorgvriendelijk personeelsbeleid is al jaren deel van onze cultuur.",
    ],
    "en": [
        "We offer flexible working hours, remote work and help with childcare.",
        "Staff with caring responsibilities get advice and a named contact person.",
    ],
}


def _name(rng: random.Random, kind: str, country: str, region: str, city: str, *, fictional: bool = False) -> str:
    """A made-up name; ``fictional`` keeps to patterns with a made-up word (no "Stadt Köln")."""
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
    patterns = KINDS[kind][2][country]
    if fictional:
        patterns = [p for p in patterns if "{w}" in p] or patterns
    pattern = rng.choice(patterns)
    return pattern.format(w=word, c=city, r=region)


def examples_generate(organisations: int, seed_value: int = 20261123, *, example: bool = False) -> dict[str, Any]:
    """``organisations`` made-up employers with measures and awards (bulk inserts), after the
    programme library and the catalogue have been loaded. ``example`` marks them as examples
    (the demo) and keeps to made-up names."""
    from django.db import transaction
    from django.utils.text import slugify

    from vereinbar.certificates.models import Award, AwardStatus, verification_code_new
    from vereinbar.measures.models import Measure, MeasureStatus, MeasureType
    from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType, Visibility
    from vereinbar.programmes.models import Programme, ProgrammeKind, Stage

    rng = random.Random(seed_value)
    today = date.today()

    # Award-giving programmes in the directory, with their award stages and levels.
    programmes = []
    for programme in Programme.objects.select_related("current_version").order_by("identifier"):
        version = programme.current_version
        if version is None or not version.directory_listed or version.kind == ProgrammeKind.CYCLE:
            continue
        stages = list(Stage.objects.filter(version=version, gives_award=True).prefetch_related("awardable_levels"))
        if not stages:
            continue
        countries = {"nl": ["NL"], "de": ["DE"]}.get(version.default_language, ["DE", "NL"])
        programmes.append((programme, version, stages, countries))
    types = list(MeasureType.objects.filter(is_active=True).select_related("category"))

    kinds = list(KINDS)
    weights = [KINDS[kind][0] for kind in kinds]
    rows: list[Organisation] = []
    slugs: set[str] = set()
    taken = set(Organisation.objects.values_list("slug", flat=True))
    for index in range(organisations):
        country = "DE" if rng.random() < 0.7 else "NL"
        region = rng.choice(list(REGIONS[country]))
        city = rng.choice(REGIONS[country][region])
        kind = rng.choices(kinds, weights)[0]
        name = _name(rng, kind, country, region, city, fictional=example)
        slug = slugify(name)[:70] or "org"
        if slug in slugs or slug in taken:
            slug = f"{slug[:70]}-{index}"
        slugs.add(slug)
        language = "nl" if country == "NL" else "de"
        description = rng.choice(DESCRIPTIONS[language]) if rng.random() < 0.6 else ""
        rows.append(
            Organisation(
                name=name,
                slug=slug,
                type=OrganisationType.EMPLOYER,
                kind=kind,
                sector=rng.choice(KINDS[kind][1]),
                country=country,
                region=region,
                city=city,
                staff_count=max(1, int(math.exp(rng.gauss(4.6, 1.5)))) if rng.random() < 0.95 else None,
                status=OrganisationStatus.APPROVED if rng.random() < 0.96 else OrganisationStatus.PENDING,
                is_example=example,
                **{f"description_{language}": description},
                **({"description_en": rng.choice(DESCRIPTIONS["en"])} if rng.random() < 0.15 else {}),
            )
        )
    started, cpu = time.monotonic(), time.process_time()
    with transaction.atomic():
        Organisation.objects.bulk_create(rows, batch_size=500)
        created = list(Organisation.objects.filter(type=OrganisationType.EMPLOYER, slug__in=slugs).order_by("pk"))
        measures: list[Measure] = []
        awards: list[Award] = []
        number = 0
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
                previous: Award | None = None
                for step in range(chain):
                    stage = stages[min(step, len(stages) - 1)]
                    levels = list(stage.awardable_levels.all())
                    months = stage.validity_months
                    valid_until = issued + timedelta(days=30 * months) if months else None
                    last = step == chain - 1
                    if last and lapsed:
                        if valid_until is None or rng.random() < 0.3:
                            status = AwardStatus.REVOKED
                        else:
                            status = AwardStatus.EXPIRED
                            issued = today - timedelta(days=30 * (months or 36) + rng.randint(1, 400))
                            valid_until = issued + timedelta(days=30 * (months or 36))
                    elif last:
                        status = AwardStatus.VALID
                        if valid_until is not None and valid_until < today:
                            valid_until = today + timedelta(days=rng.randint(1, 700))
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
                    previous = award
                    issued = (valid_until or issued + timedelta(days=1095)) - timedelta(days=rng.randint(0, 60))
                    if issued > today:
                        issued = today - timedelta(days=rng.randint(1, 20))
                del previous
        Measure.objects.bulk_create(measures, batch_size=1000)
        Award.objects.bulk_create(awards, batch_size=1000)
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
        "regions": {country: list(regions) for country, regions in REGIONS.items()},
    }
