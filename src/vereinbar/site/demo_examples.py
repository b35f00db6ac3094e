"""What the demo adds to the real histories so that a newcomer sees the whole product: made-up
employers (marked as examples) in the directory, their closed staff surveys (so that peer
benchmarks appear), a few more waiting for their registration to be reviewed
(``demo_registrations``), the surveys of the demo employers' survey phases with made-up answers,
and the operators' news.

Every survey answer here is made up (``surveys.synthetic``): the sources give no results.
Surveys of the real employers say so in their title. All of it is idempotent: examples are
generated only when there are none, a survey phase gets its survey only when it has none, an
announcement is added only when its headline is missing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Count

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.organisations.models import Organisation, OrganisationStatus, OrganisationType

# Enough made-up employers that the operator's desk pages and counts for real (with the
# example cycles of ``demo_desk``), not only a full directory.
EXAMPLE_EMPLOYERS = 300
EXAMPLE_SEED = 20261205
# Made-up employers with a closed survey per instrument: more than the five a peer benchmark
# needs, so that it still shows when one of them is filtered out (by sector or size).
SURVEYS_PER_INSTRUMENT = 7
EXAMPLE_UNITS = ("Verwaltung", "Verwaltung / Personal", "Technik", "Service", "Soziale Dienste")


def examples_load(*, today: date) -> int:
    """Generate the example employers (once) and their closed surveys; return how many were made."""
    from vereinbar.site.examples import examples_generate

    # Made-up employers, that is: the demo file's made-up operators are examples as well.
    if Organisation.objects.filter(is_example=True, type=OrganisationType.EMPLOYER).exists():
        return 0
    made = int(examples_generate(EXAMPLE_EMPLOYERS, EXAMPLE_SEED, example=True)["organisations"])
    from vereinbar.site.demo_people import example_coordinators_add

    example_coordinators_add()
    _example_surveys(today=today)
    from vereinbar.site.demo_desk import example_cycles_load

    example_cycles_load(today=today)
    from vereinbar.site.demo_cycle_history import cycle_histories_write

    cycle_histories_write(today=today)  # what the services would have recorded for them
    from vereinbar.site.demo_registrations import registrations_pending_add

    registrations_pending_add(today=today)
    return made


def _platform_admin() -> User:
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        raise ValueError("demo: the example surveys need a platform admin")
    return admin


def _example_surveys(*, today: date) -> None:
    """Closed surveys of example employers with every instrument of the library (the peers of the
    demo employers' surveys), dated in the last two years."""
    from vereinbar.surveys.models import Instrument

    rng = random.Random(EXAMPLE_SEED)
    admin = _platform_admin()
    employers = list(
        Organisation.objects.filter(is_example=True, status=OrganisationStatus.APPROVED, country="DE")
        .exclude(staff_count__lt=60)
        .order_by("slug")
    )
    for number, instrument in enumerate(Instrument.objects.order_by("urn")):
        version = instrument.versions.order_by("-pk").first()
        if version is None:
            continue
        chosen = rng.sample(employers, k=min(SURVEYS_PER_INSTRUMENT, len(employers)))
        for index, organisation in enumerate(chosen):
            closes = today - timedelta(days=rng.randint(20, 700))
            staff = organisation.staff_count or 100
            demo_survey_run(
                actor=admin,
                organisation=organisation,
                version=version,
                title=version.title,
                units=list(EXAMPLE_UNITS[: rng.randint(3, 5)]),
                responses=max(12, min(400, int(staff * rng.uniform(0.25, 0.6)))),
                comments=rng.randint(5, 40),
                opens_on=closes - timedelta(days=21),
                closes_on=closes,
                seed=EXAMPLE_SEED + 100 * number + index,
            )


def _units_give(organisation: Organisation, paths: list[str], *, day: date) -> list[str]:
    """The units a survey of the organisation asks about (``parent / child``) are its own, as
    in the product: added by its coordinator on ``day`` (the survey's first) where missing.
    Return the paths the survey can ask about: not one whose unit the demo entered after
    ``day`` (for a survey made before this earlier one): it was not there yet."""
    from django.contrib.contenttypes.models import ContentType

    from vereinbar.activity.models import Entry
    from vereinbar.organisations.models import Unit
    from vereinbar.organisations.services import unit_create
    from vereinbar.site.demo_history import moment

    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.COORDINATOR).select_related("user").first()
    )
    actor = membership.user if membership is not None else _platform_admin()
    unit_type = ContentType.objects.get_for_model(Unit)
    later = {
        int(pk)
        for pk in Entry.objects.filter(
            organisation=organisation, target_type=unit_type, verb="unit.created", created_at__gt=moment(day)
        ).values_list("target_id", flat=True)
    }
    asked = []
    for path in paths:
        parent = None
        for name in (part.strip() for part in path.split("/")):
            unit = Unit.objects.filter(organisation=organisation, parent=parent, name=name).first()
            if unit is not None and unit.pk in later:
                break
            parent = unit or unit_create(actor=actor, organisation=organisation, name=name, parent=parent)
        else:
            asked.append(path)
    return asked


def demo_survey_run(
    *,
    actor: User,
    organisation: Organisation,
    version: Any,
    title: str,
    units: list[str],
    responses: int,
    comments: int,
    opens_on: date,
    closes_on: date,
    seed: int,
    run: Any = None,
    invited: int | None = None,
    shifts: dict[str, float] | None = None,
    titles: dict[str, str] | None = None,
) -> Any:
    """A survey that ran from ``opens_on`` to ``closes_on`` with made-up answers, closed (and
    its phase, if ``run`` is given, moved on as on a real close). ``shifts``: how the staff lean
    per scale (``surveys.synthetic``), else the organisation's made-up profile. ``titles``: the
    title per language (the organisation's language then comes first), else ``title`` in German.
    The organisation gets the ``units`` (``parent / child``) it does not have yet: a survey asks
    about its organisation's units."""
    from vereinbar.site.demo_history import at, moment
    from vereinbar.surveys.models import Response, SurveyUnit
    from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open
    from vereinbar.surveys.synthetic import responses_create

    languages = survey_languages(version, organisation if titles else None)
    with at(opens_on):
        units = _units_give(organisation, units, day=opens_on)
        survey = survey_create(
            actor=actor,
            organisation=organisation,
            instrument_version=version,
            title=title,
            titles=titles,
            languages=languages,
            units="\n".join(units),
            opens_on=opens_on,
            closes_on=closes_on,
            cycle=run.cycle if run is not None else None,
            phase_run=run,
        )
        survey = survey_open(actor=actor, survey=survey)
    if shifts is None:
        shifts = _profile(organisation, version)
    responses_create(survey, responses, seed=seed, comments=comments, shifts=shifts)
    # Invited per unit as a survey by e-mail would have counted it (about one in two answered).
    answers = dict(
        Response.objects.filter(survey=survey).values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )
    total = invited or int(responses / 0.55)
    with at(closes_on):
        survey = survey_close(actor=actor, survey=survey, closed_at=moment(closes_on))
    for unit in SurveyUnit.objects.filter(survey=survey):
        answered = answers.get(unit.pk, 0)
        unit.invited_count = max(answered, round(total * answered / max(responses, 1)))
        unit.save(update_fields=["invited_count"])
    return survey


def survey_languages(version: Any, organisation: Organisation | None = None) -> list[str]:
    """The languages of a demo survey: German, Dutch and English as far as the questionnaire has
    them, the organisation's own first when one is given."""
    languages = [code for code in ("de", "nl", "en") if code in version.spec.languages] or ["de"]
    if organisation is not None and organisation.primary_language in languages:
        languages.remove(organisation.primary_language)
        languages.insert(0, organisation.primary_language)
    return languages


def _profile(organisation: Organisation, version: Any) -> dict[str, float]:
    """How a made-up workforce leans, per scale (answer points, positive = more favourable): the
    same strengths and weak spots in every wave of one organisation, the weak spots a little
    better in each later wave (as if the measures taken after the last survey worked)."""
    from vereinbar.surveys.models import Survey, SurveyStatus

    rng = random.Random(f"{organisation.slug}:{version.instrument.urn}")
    earlier = Survey.objects.filter(
        organisation=organisation,
        instrument_version__instrument=version.instrument,
        status=SurveyStatus.CLOSED,
    ).count()
    shifts = {}
    for scale in version.spec.scales:
        lean = rng.gauss(0, 0.5)
        shifts[scale.key] = lean + (0.25 * earlier if lean < 0 else 0.0)
    return shifts


def news_load(items: list[dict[str, Any]], *, today: date) -> int:
    """The operators' announcements of the demo file, published on their dates (one naming an
    employer in ``award_of`` is about that employer's latest award by then, and left out when
    the employer is not loaded); return how many were added."""
    from vereinbar.certificates.models import Award
    from vereinbar.news.models import Announcement
    from vereinbar.news.services import announcement_create, announcement_publish
    from vereinbar.programmes.models import Programme
    from vereinbar.site.demo_history import at, moment

    added = 0
    for item in items:
        published_on: date = item["published_on"]
        if published_on > today:
            continue
        operator = Organisation.objects.get(slug=item["operator"])
        titles = item["title"]
        code, title = next(iter(titles.items()))
        if Announcement.objects.filter(operator=operator, **{f"title_{code}": title}).exists():
            continue
        author = (
            Membership.objects.filter(organisation=operator, role=Role.OPERATOR_ADMIN)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        actor = author.user if author is not None else _platform_admin()
        texts = {f"title_{code}": text for code, text in titles.items()}
        texts |= {f"text_{code}": text for code, text in item["text"].items()}
        programme = Programme.objects.filter(identifier=item["programme"]).first() if item.get("programme") else None
        award = None
        if item.get("award_of"):  # the employer's award in the programme the news is about
            if not Organisation.objects.filter(slug=item["award_of"]).exists():
                continue  # the employer is not loaded (a demo of some employers only)
            award = (
                Award.objects.filter(
                    organisation__slug=item["award_of"], programme=programme, issued_on__lte=published_on
                )
                .order_by("-issued_on")
                .first()
            )
            if award is None:
                raise ValueError(f"demo: no award of {item['award_of']} by {published_on} for the news {title!r}")
        with at(published_on):
            announcement = announcement_create(
                actor=actor, operator=operator, programme=programme, award=award, texts=texts
            )
            announcement_publish(actor=actor, announcement=announcement)
        Announcement.objects.filter(pk=announcement.pk).update(published_at=moment(published_on))
        added += 1
    return added
