"""The people and the past of the demo's made-up employers, so that what operators and auditors
open first looks like real life:

- each example employer has a coordinator (a made-up person of its country, with an address
  under the employer's own ``.example`` domain and no usable password), so that pages naming
  the contact person or the members are not empty (``example_coordinators_add``);
- an auditor looks after about twenty employers (``CASELOAD``): the example cycles of an
  operator are spread over further auditor accounts, each with employers of one country and
  neighbouring regions, after the demo file's own auditors got their share beside the real
  employers they already audit (``caseloads_spread``);
- a cycle of a renewal stage (re-audit, Re-Zertifizierung) follows the cycles of the stages
  before it, each closed with its award about three years before the next, superseded by the
  next award or expired or still valid by its dates (``renewals_give_history``).

Bulk inserts, seeded (every load alike), run once with the example cycles (``demo_desk``).
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

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


def _language(country: str) -> str:
    return "nl" if country == "NL" else "de"


def _person(rng: random.Random, language: str) -> tuple[str, str]:
    """A made-up full name of the language's country and the address's local part for it."""
    first, last = rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES[language])
    return f"{first} {last}", f"{_ascii(first)}.{_ascii(last)}"


def _ascii(text: str) -> str:
    folded = (
        text.casefold().replace("ı", "i").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    )
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum())


def _users_create(people: list[tuple[str, str, str]]) -> list[Any]:
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
        language = _language(employer.country)
        name, local = _person(rng, language)
        people.append((name, f"{local}@{employer.slug}.example", language))
    users = {user.email: user for user in _users_create(people)}
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
            count = max(1, round(len(group) / CASELOAD))
            language = _language(country)
            for index in range(count):
                name, local = _person(rng, language)
                while f"{local}@{domain}" in taken:
                    name, local = _person(rng, language)
                taken.add(f"{local}@{domain}")
                people.append((name, f"{local}@{domain}", language))
                groups.append(group[index * len(group) // count : (index + 1) * len(group) // count])
        created = {user.email: user for user in _users_create(people)}
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
    """The cycles and awards before the saved ``cycles`` of a renewal stage that follow none:
    the stages before it back to the first, each awarded about three years before the next (an
    award the employer already holds there, given without a cycle, is the last of them); a
    renewal completed since gets its own award. Return how many awards were added."""
    from vereinbar.certificates.models import Award, AwardStatus
    from vereinbar.cycles.models import Cycle, CycleStatus
    from vereinbar.programmes.models import Stage

    rng = random.Random(SEED + 2)
    stages: dict[int, list[Any]] = defaultdict(list)  # version → its stages in order
    for stage in Stage.objects.filter(version_id__in={c.version_id for c in cycles}).prefetch_related(
        "awardable_levels"
    ):
        stages[stage.version_id].append(stage)
    held: dict[tuple[int, int], list[Any]] = defaultdict(list)  # the awards given without a cycle
    for award in (
        Award.objects.filter(organisation_id__in={c.organisation_id for c in cycles}, cycle__isnull=True)
        .select_related("stage")
        .order_by("issued_on", "pk")
    ):
        held[award.organisation_id, award.programme_id].append(award)
    chains: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for cycle in sorted(cycles, key=lambda c: (c.applied_on, c.pk)):
        chains[cycle.organisation_id, cycle.programme_id].append(cycle)
    number = max(
        (
            int(value.rsplit("-", 1)[1])
            for value in Award.objects.filter(number__regex=r"^B-[0-9]{4}-[0-9]+$").values_list("number", flat=True)
        ),
        default=0,
    )
    made: list[Any] = []  # the earlier cycles, oldest of each chain first
    links: list[tuple[Any, Any]] = []  # (a cycle, the one it renews)
    awards: list[tuple[Any, Award]] = []  # (a cycle, its award), saved after the cycles
    claimed: list[tuple[Any, Award]] = []  # (an earlier cycle, the award held already it closed with)
    successors: list[tuple[Award, Award]] = []  # (an award, the one that superseded it)
    restaged: list[Award] = []
    for key, chain in chains.items():
        done: list[Any] = []  # the employer's completed cycles in the programme
        chained: list[Award] = []  # the awards made here or claimed, to be put in order
        for cycle in chain:
            steps = [stage for stage in stages[cycle.version_id] if stage.order < cycle.stage.order]
            if steps:
                closed = [c for c in done if c.closed_on <= cycle.applied_on]
                if closed:  # it renews the last cycle closed before it was applied for
                    links.append((cycle, max(closed, key=lambda c: c.closed_on)))
                else:
                    # The awards the employer holds there (given without a cycle), each closing a
                    # cycle; before the first, the stages before its own, each about three years
                    # before the next, awarded.
                    claims = []
                    for award in [a for a in held[key] if a.issued_on < cycle.applied_on]:
                        earlier = _earlier(rng, cycle, award.stage, closed=award.issued_on)
                        claimed.append((earlier, award))
                        chained.append(award)
                        claims.append(earlier)
                    head = claims[0] if claims else cycle
                    before: Any = None
                    ladder = [stage for stage in stages[cycle.version_id] if stage.order < head.stage.order]
                    for stage, day in _rungs(rng, ladder, head.applied_on):
                        earlier = _earlier(rng, cycle, stage, closed=day)
                        made.append(earlier)
                        if before is not None:
                            links.append((earlier, before))
                        number += 1
                        award = _award(rng, earlier, stage, number, today=today)
                        awards.append((earlier, award))
                        chained.append(award)
                        before = earlier
                    for earlier in claims:
                        made.append(earlier)
                        if before is not None:
                            links.append((earlier, before))
                            if earlier.applied_on <= before.closed_on:  # awards held close together
                                earlier.applied_on = before.closed_on + timedelta(days=1)
                                earlier.started_on = max(earlier.started_on, earlier.applied_on)
                        before = earlier
                    links.append((cycle, before))
                    done.append(before)
            if cycle.status != CycleStatus.COMPLETED or cycle.closed_on is None:
                continue
            done.append(cycle)
            later = [a for a in held[key] if a.issued_on >= cycle.applied_on]
            # A renewal completed: its award (unless one was granted within a year of it: the
            # made-up cycles may overlap, an employer is not certified twice in a year).
            recent = any(abs((a.issued_on - cycle.closed_on).days) < 365 for a in chained)
            if steps and cycle.stage.gives_award and not later and not recent:
                number += 1
                award = _award(rng, cycle, cycle.stage, number, today=today)
                awards.append((cycle, award))
                chained.append(award)
        # Each award superseded by the next, the last by an award held since (a revoked one stays so).
        chained.sort(key=lambda a: a.issued_on)
        for old, new in itertools.pairwise(chained):
            if old.status != AwardStatus.REVOKED:
                successors.append((old, new))
        if chained and chained[-1].pk is None:
            later = [a for a in held[key] if a.issued_on > chained[-1].issued_on]
            if later:
                follower, last = later[0], chained[-1]
                successors.append((last, follower))
                if follower.stage.order == 1:  # held from a first stage: a renewal, after this one
                    follower.stage = next(
                        (s for s in stages[last.version_id] if s.pk == last.stage.next_id), last.stage
                    )
                    restaged.append(follower)
    Cycle.objects.bulk_create(made, batch_size=500)
    for cycle, previous in links:
        cycle.previous = previous
    Cycle.objects.bulk_update([cycle for cycle, _previous in links], ["previous"], batch_size=500)
    for cycle, award in [*awards, *claimed]:
        award.cycle = cycle
    Award.objects.bulk_create([award for _cycle, award in awards], batch_size=500)
    Award.objects.bulk_update([award for _cycle, award in claimed], ["cycle"], batch_size=500)
    Award.objects.bulk_update(restaged, ["stage"], batch_size=500)
    for old, new in successors:
        old.status, old.superseded_by = AwardStatus.SUPERSEDED, new
    Award.objects.bulk_update([old for old, _new in successors], ["status", "superseded_by"], batch_size=500)
    return len(awards)


def _rungs(rng: random.Random, stages: list[Any], applied_on: date) -> list[tuple[Any, date]]:
    """The ``stages`` before a cycle applied for on ``applied_on``, oldest first, each with the
    day its award was granted: each renewed a few months before the award before ran out."""
    rungs: list[tuple[Any, date]] = []
    issued = applied_on
    for stage in sorted(stages, key=lambda s: -s.order):
        issued -= timedelta(days=30 * (stage.validity_months or 36) - rng.randint(30, 150))
        rungs.insert(0, (stage, issued))
    return rungs


def _earlier(rng: random.Random, after: Any, stage: Any, *, closed: date) -> Any:
    """A completed cycle of ``stage`` closed on ``closed``, before ``after`` and audited by
    its auditor (not saved)."""
    from vereinbar.cycles.models import Cycle, CycleStatus

    started = closed - timedelta(days=rng.randint(240, 420))
    return Cycle(
        organisation_id=after.organisation_id,
        programme_id=after.programme_id,
        version_id=after.version_id,
        stage=stage,
        status=CycleStatus.COMPLETED,
        auditor_id=after.auditor_id,
        applied_on=started - timedelta(days=rng.randint(7, 40)),
        started_on=started,
        closed_on=closed,
    )


def _award(rng: random.Random, cycle: Any, stage: Any, number: int, *, today: date) -> Any:
    """The award ``cycle`` closed with: valid for the stage's months from the day it closed,
    expired once they ran out (superseded: by the caller)."""
    from vereinbar.certificates.models import Award, AwardStatus, verification_code_new

    issued = cycle.closed_on
    valid_until = issued + timedelta(days=30 * stage.validity_months) if stage.validity_months else None
    levels = list(stage.awardable_levels.all())
    return Award(
        number=f"B-{issued.year}-{number:06d}",
        organisation_id=cycle.organisation_id,
        programme_id=cycle.programme_id,
        version_id=cycle.version_id,
        stage=stage,
        level=rng.choice(levels) if levels else None,
        issued_on=issued,
        valid_until=valid_until,
        status=AwardStatus.EXPIRED if valid_until is not None and valid_until < today else AwardStatus.VALID,
        verification_code=verification_code_new(),
    )
