"""The people and the past of the demo's made-up employers, so that what operators and auditors
open first looks like real life:

- each example employer has a coordinator (a made-up person of its country, with an address
  under the employer's own ``.example`` domain and no usable password), so that pages naming
  the contact person or the members are not empty (``example_coordinators_add``);
- an auditor looks after about twenty employers (``CASELOAD``): the example cycles of an
  operator are spread over further auditor accounts, each with employers of one country and
  neighbouring regions, after the demo file's own auditors got their share beside the real
  employers they already audit (``caseloads_spread``);
- an employer's cycles in a programme follow one another: a cycle of a renewal stage (re-audit,
  Re-Zertifizierung) renews the cycle of the stage before it, applied for a few months before
  that one's award ran out; every cycle that passed a stage giving awards has its award, valid
  for the stage's months, superseded by the next or expired or still valid by its dates; an
  attempt declined or withdrawn is tried again months later (``renewals_give_history``).

Bulk inserts, seeded (every load alike), run once with the example cycles (``demo_desk``).
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from vereinbar.site.demo_rows import rows_update

SEED = 20261207
# How many employers an auditor looks after (in a certification programme: about 20).
CASELOAD = 20

FIRST_NAMES = {
    "de": (
        "Anna", "Andreas", "Birgit", "Christian", "Claudia", "Daniel", "Doris", "Frank", "Gabriele",
        "Hannah", "Heike", "Jan", "Jens", "Julia", "Katharina", "Klaus", "Laura", "Lukas", "Markus",
        "Martina", "Michael", "Monika", "Nadine", "Nicole", "Oliver", "Petra", "Ralf", "Sabine",
        "Sandra", "Sebastian", "Silke", "Stefan", "Susanne", "Thomas", "Tobias", "Ute", "Wolfgang",
        "Yvonne", "Özlem", "Jörg",
    ),
    "nl": (
        "Anouk", "Bas", "Bram", "Daan", "Eline", "Esther", "Femke", "Hanneke", "Ingrid", "Jeroen",
        "Joost", "Karin", "Kees", "Lieke", "Linda", "Marieke", "Mark", "Martijn", "Monique",
        "Niels", "Petra", "Pieter", "Richard", "Ruud", "Sanne", "Saskia", "Sven", "Thijs", "Wendy",
        "Willem",
    ),
}  # fmt: skip
LAST_NAMES = {
    "de": (
        "Bauer", "Becker", "Braun", "Fischer", "Frank", "Hartmann", "Hoffmann", "Huber", "Jung",
        "Keller", "Klein", "Koch", "Krüger", "Lange", "Lehmann", "Meyer", "Möller", "Müller",
        "Neumann", "Peters", "Richter", "Schäfer", "Schmidt", "Schmitz", "Schneider", "Schröder",
        "Schulz", "Schwarz", "Wagner", "Walter", "Weber", "Wolf", "Zimmermann", "Yılmaz", "Kaya",
    ),
    "nl": (
        "Bakker", "Bos", "Brouwer", "de Boer", "de Bruijn", "de Graaf", "de Groot", "de Haan",
        "de Jong", "de Vries", "de Wit", "Dekker", "Dijkstra", "Hendriks", "Hoekstra", "Jacobs",
        "Jansen", "Janssen", "Kok", "Koster", "Kuipers", "Meijer", "Mulder", "Peters", "Prins",
        "Schouten", "Smit", "Smits", "van den Berg", "van den Broek", "van den Heuvel", "van der Linden",
        "van der Meer", "van Dijk", "van Leeuwen", "Vermeulen", "Visser", "Vos", "Willems",
    ),
}  # fmt: skip


def country_language(country: str) -> str:
    """The language of made-up people of the country: Dutch in the Netherlands, German elsewhere."""
    return "nl" if country == "NL" else "de"


def person_made_up(rng: random.Random, language: str) -> tuple[str, str]:
    """A made-up full name of the language's country and the address's local part for it."""
    first, last = rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES[language])
    return f"{first} {last}", f"{_ascii(first)}.{_ascii(last)}"


def _ascii(text: str) -> str:
    folded = (
        text.casefold().replace("ı", "i").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    )
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum())


def demo_users_create(people: list[tuple[str, str, str]]) -> list[Any]:
    """Users (full name, address, language) with no usable password, in bulk; an address already
    taken keeps its user (the demo never changes people it made before)."""
    from django.contrib.auth.hashers import make_password

    from vereinbar.accounts.models import User

    taken = set(User.objects.filter(email__in=[email for _n, email, _l in people]).values_list("email", flat=True))
    rows = [
        User(email=email, full_name=name, preferred_language=language, password=make_password(None))
        for name, email, language in people
        if email not in taken
    ]
    User.objects.bulk_create(rows, batch_size=500)
    return list(User.objects.filter(email__in=[email for _n, email, _l in people]))


def example_coordinators_add() -> int:
    """A coordinator for each example employer without members; return how many were added."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role
    from vereinbar.organisations.models import Organisation, OrganisationType

    rng = random.Random(SEED)
    employers = list(
        Organisation.objects.filter(is_example=True, type=OrganisationType.EMPLOYER, memberships__isnull=True)
        .order_by("pk")
        .only("pk", "slug", "country")
    )
    people = []
    for employer in employers:
        language = country_language(employer.country)
        name, local = person_made_up(rng, language)
        people.append((name, f"{local}@{employer.slug}.example", language))
    users = {user.email: user for user in demo_users_create(people)}
    Membership.objects.bulk_create(
        [
            Membership(user=users[email], organisation=employer, role=Role.COORDINATOR)
            for employer, (_name, email, _lang) in zip(employers, people, strict=True)
        ],
        batch_size=500,
    )
    return len(employers)


def _domain(operator: Any, auditors: list[Any]) -> str:
    """The operator's mail domain: that of its own auditors (an address at a domain named like
    the operator), else one made from its slug."""
    for user in auditors:
        domain = str(user.email.rsplit("@", 1)[1])
        if operator.slug.startswith(domain.split(".")[0]):
            return domain
    return f"{operator.slug.removesuffix('-example')}.example"


def caseloads_spread(cycles: list[Any]) -> int:
    """Give each employer with audited ``cycles`` (not yet saved) one auditor per operator,
    about ``CASELOAD`` employers each, adding auditor accounts to the operators as needed;
    return how many accounts were added."""
    from vereinbar.accounts.models import Membership, User
    from vereinbar.accounts.roles import Role
    from vereinbar.cycles.models import Cycle
    from vereinbar.organisations.models import Organisation

    rng = random.Random(SEED + 1)
    audited: dict[int, list[Any]] = defaultdict(list)  # operator → its example cycles with an auditor
    for cycle in cycles:
        if cycle.auditor_id:
            audited[cycle.programme.operator_id].append(cycle)
    if not audited:
        return 0
    operators = {o.pk: o for o in Organisation.objects.filter(pk__in=audited)}
    staff = defaultdict(list)  # operator → the demo file's auditors
    for membership in Membership.objects.filter(organisation_id__in=audited, role=Role.AUDITOR).select_related("user"):
        staff[membership.organisation_id].append(membership.user)
    users = {user.pk: user for members in staff.values() for user in members}
    works_for: dict[int, set[int]] = defaultdict(set)  # auditor → the operators with cycles to spread
    for user_id, organisation_id in Membership.objects.filter(
        user_id__in=users, role=Role.AUDITOR, organisation_id__in=audited
    ).values_list("user_id", "organisation_id"):
        works_for[user_id].add(organisation_id)
    # What the demo file's auditors already audit (the real employers' cycles): their caseload's start.
    caseload = {
        pk: len(set(Cycle.objects.filter(auditor_id=pk).values_list("organisation_id", flat=True))) for pk in users
    }
    places = {
        o.pk: (o.country, o.region, o.city, o.pk)
        for o in Organisation.objects.filter(pk__in={c.organisation_id for c in cycles}).only(
            "country", "region", "city"
        )
    }
    added = 0
    for operator_id in sorted(audited):
        operator = operators[operator_id]
        # Neighbours together: by country, region and town.
        employers = sorted({cycle.organisation_id for cycle in audited[operator_id]}, key=places.__getitem__)
        assigned: dict[int, int] = {}
        for user in sorted(staff[operator_id], key=lambda u: u.pk):
            # what is left of a caseload, shared among the operators the auditor works for
            share = max(0, CASELOAD - caseload[user.pk]) // max(1, len(works_for[user.pk]))
            for employer in employers[:share]:
                assigned[employer] = user.pk
            employers = employers[share:]
        by_country: dict[str, list[int]] = defaultdict(list)
        for employer in employers:
            by_country[places[employer][0]].append(employer)
        people = []
        domain = _domain(operator, staff[operator_id])
        # new people each time (more examples generated later add auditors beside these)
        taken = set(User.objects.filter(email__endswith=f"@{domain}").values_list("email", flat=True))
        groups = []
        for country, group in sorted(by_country.items()):
            count = -(-len(group) // CASELOAD)  # none over ``CASELOAD`` (rounding gave one 29)
            language = country_language(country)
            for index in range(count):
                name, local = person_made_up(rng, language)
                while f"{local}@{domain}" in taken:
                    name, local = person_made_up(rng, language)
                taken.add(f"{local}@{domain}")
                people.append((name, f"{local}@{domain}", language))
                groups.append(group[index * len(group) // count : (index + 1) * len(group) // count])
        created = {user.email: user for user in demo_users_create(people)}
        Membership.objects.bulk_create(
            [Membership(user=created[email], organisation=operator, role=Role.AUDITOR) for _n, email, _l in people]
        )
        added += len(people)
        for (_name, email, _lang), group in zip(people, groups, strict=True):
            for employer in group:
                assigned[employer] = created[email].pk
        for cycle in audited[operator_id]:
            cycle.auditor_id = assigned[cycle.organisation_id]
    return added


def renewals_give_history(cycles: list[Any], *, today: date) -> int:
    """Make one history of the saved ``cycles`` of each employer in a programme: the running one
    (else the latest) last, the others before it in turn; before the first, the stages before
    its own, each passed. A cycle that passed a stage giving awards got its award on the day
    drawn as its end, valid for the stage's months (one whose award yearly reports follow
    closes with the last of them: ``demo_desk._follow_ups_give``); a re-certification was
    applied for a few months before the award it renews ran out; a failed attempt (declined, withdrawn) was tried again months later. The
    awards the employer held there without a cycle give way to these. Return how many awards
    were made."""
    from vereinbar.certificates.models import Award, AwardStatus
    from vereinbar.cycles.models import Cycle, CycleStatus
    from vereinbar.programmes.models import Stage

    rng = random.Random(SEED + 2)
    ladders: dict[int, list[Any]] = defaultdict(list)  # version → its stages in order
    for stage in (
        Stage.objects.filter(version_id__in={c.version_id for c in cycles})
        .order_by("order")
        .prefetch_related("awardable_levels")
    ):
        ladders[stage.version_id].append(stage)
    chains: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for cycle in cycles:
        chains[cycle.organisation_id, cycle.programme_id].append(cycle)
    number = max(
        (
            int(value.rsplit("-", 1)[1])
            for value in Award.objects.filter(number__regex=r"^B-[0-9]{4}-[0-9]+$").values_list("number", flat=True)
        ),
        default=0,
    )
    made: list[Any] = []  # the cycles of the stages before a history's first
    dropped: list[int] = []
    histories: list[list[Any]] = []
    for _key, drawn in sorted(chains.items()):
        ladder = ladders[drawn[0].version_id]
        drawn.sort(key=lambda c: (c.status in (CycleStatus.APPLIED, CycleStatus.OPEN), c.closed_on or c.applied_on))
        history = [drawn[-1]]
        stages = {stage.pk: stage for stage in ladder}
        for cycle in reversed(drawn[:-1]):
            latest = history[0]
            if cycle.status == CycleStatus.COMPLETED and _stage_before(rng, latest.stage, ladder) is None:
                # One passed, before a cycle of the first stage: the latest is of the next stage
                # where it can be (no phases of its own yet), else one in two failed, the others
                # are left out (not every employer that applies again failed before).
                if latest is drawn[-1] and latest.status != CycleStatus.OPEN and latest.stage.next_id in stages:
                    latest.stage = stages[latest.stage.next_id]
                elif rng.random() < 0.5:
                    dropped.append(cycle.pk)
                    continue
            _precede(rng, cycle, latest, ladder)
            history.insert(0, cycle)
        while (stage := _stage_before(rng, history[0].stage, ladder, again=False)) is not None:
            earlier = Cycle(
                organisation_id=history[0].organisation_id,
                programme_id=history[0].programme_id,
                version_id=history[0].version_id,
                stage=stage,
                status=CycleStatus.COMPLETED,
                auditor_id=history[-1].auditor_id,
            )
            _precede(rng, earlier, history[0], ladder, stage=stage)
            history.insert(0, earlier)
            made.append(earlier)
        histories.append(history)
    Cycle.objects.filter(pk__in=dropped).delete()  # nothing refers to them yet
    Cycle.objects.bulk_create(made, batch_size=500)
    awards: list[Any] = []
    successors: list[tuple[Any, Any]] = []  # (an award, the one that superseded it)
    for history in histories:
        passed = None  # the last cycle passed before: the one a cycle renews
        chained: list[Any] = []
        for cycle in history:
            cycle.previous = passed
            if cycle.status != CycleStatus.COMPLETED:
                continue
            passed = cycle
            if cycle.stage.gives_award:
                number += 1
                award = _award(rng, cycle, cycle.stage, number, today=today)
                if chained:
                    successors.append((chained[-1], award))
                chained.append(award)
                awards.append(award)
    rows_update(
        [cycle for history in histories for cycle in history],
        ["stage", "status", "applied_on", "started_on", "closed_on", "previous"],
    )
    # The awards held there without a cycle (made with the employers) would overlap these.
    pairs = set(chains)
    held = [
        pk
        for pk, organisation_id, programme_id in Award.objects.filter(
            organisation_id__in={key[0] for key in pairs}, cycle__isnull=True
        ).values_list("pk", "organisation_id", "programme_id")
        if (organisation_id, programme_id) in pairs
    ]
    Award.objects.filter(pk__in=held).delete()
    Award.objects.bulk_create(awards, batch_size=500)
    for old, new in successors:
        old.status, old.superseded_by = AwardStatus.SUPERSEDED, new
    rows_update([old for old, _new in successors], ["status", "superseded_by"])
    return len(awards)


def _stage_before(rng: random.Random, stage: Any, ladder: list[Any], *, again: bool = True) -> Any:
    """A stage whose next is ``stage``: the one before it on the ladder, or (``again``) the
    stage itself where it starts over; None for the first."""
    before = [s for s in ladder if s.next_id == stage.pk and s.pk != stage.pk]
    if again and stage.repeating and (not before or rng.random() < 0.5):
        return stage
    return before[0] if before else None


def _precede(rng: random.Random, cycle: Any, follower: Any, ladder: list[Any], *, stage: Any = None) -> None:
    """Date ``cycle`` (completed, declined or withdrawn) and give it a stage, so that ``follower``
    comes next: one completed passed ``stage`` (or a stage before the follower's) and the
    follower renews it, applied for a few months before its award ran out; one declined or
    withdrawn (or completed with no stage before) was an attempt at the follower's stage,
    tried again months later."""
    from vereinbar.cycles.dates import add_months
    from vereinbar.cycles.models import CycleStatus

    if cycle.status == CycleStatus.COMPLETED:
        stage = stage or _stage_before(rng, follower.stage, ladder)
        if stage is None:  # nothing before a first stage to have passed: an attempt that failed
            cycle.status = rng.choice([CycleStatus.DECLINED, CycleStatus.WITHDRAWN])
    if cycle.status != CycleStatus.COMPLETED:
        cycle.stage = follower.stage
        closed = follower.applied_on - timedelta(days=rng.randint(60, 400))
        if cycle.status == CycleStatus.DECLINED:
            cycle.applied_on, cycle.started_on, cycle.closed_on = (
                closed - timedelta(days=rng.randint(7, 60)),
                None,
                closed,
            )
            return
        started = closed - timedelta(days=rng.randint(30, 300))
        cycle.applied_on = started - timedelta(days=rng.randint(3, 30))
        cycle.started_on, cycle.closed_on = started, closed
        return
    cycle.stage = stage
    if stage.gives_award and stage.validity_months:
        runs_out = follower.applied_on + timedelta(days=rng.randint(30, 150))
        closed = add_months(runs_out, -stage.validity_months)
    else:  # a stage with no award (or one that does not expire): the next follows soon
        closed = follower.applied_on - timedelta(days=rng.randint(0, 30))
    if stage.duration_months:
        started = add_months(closed, -stage.duration_months)
    else:
        started = closed - timedelta(days=rng.randint(240, 420))
    cycle.applied_on = started - timedelta(days=rng.randint(7, 40))
    cycle.started_on, cycle.closed_on = started, closed


def _award(rng: random.Random, cycle: Any, stage: Any, number: int, *, today: date) -> Any:
    """The award ``cycle`` passed with, issued on the day drawn as its end (the reports after
    an award move the cycle's end later: ``demo_desk``): valid for the stage's months from
    then (counted as the product counts them), expired once they ran out (superseded: by the
    caller)."""
    from vereinbar.certificates.models import Award, AwardStatus, verification_code_new
    from vereinbar.cycles.dates import add_months

    issued = cycle.closed_on
    valid_until = add_months(issued, stage.validity_months) if stage.validity_months else None
    levels = list(stage.awardable_levels.all())
    return Award(
        number=f"B-{issued.year}-{number:06d}",
        organisation_id=cycle.organisation_id,
        programme_id=cycle.programme_id,
        version_id=cycle.version_id,
        stage=stage,
        level=rng.choice(levels) if levels else None,
        cycle=cycle,
        issued_on=issued,
        valid_until=valid_until,
        status=AwardStatus.EXPIRED if valid_until is not None and valid_until < today else AwardStatus.VALID,
        verification_code=verification_code_new(),
    )
