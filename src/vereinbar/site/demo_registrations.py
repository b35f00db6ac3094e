"""Employers that registered themselves and wait for an operator's review, so that the operator's
queue of registrations (/<lang>/operator/registrations/) shows its journey: made-up German and
Dutch employers, marked as examples, each registered by its coordinator (a made-up person with
no usable password) through the product's own service, with what the registration form asks
(name, kind, sector, country, region, town, number of staff) and dated days ago. One
coordinator has not confirmed their address yet: that registration can only be rejected, or
approved once they have.

Added once, with the examples (``demo_examples``); the mails and inbox messages a registration
sends are dropped (nobody reads the demo's).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

SEED = 20261208
# (country, kind, number of staff, days ago, coordinator's address confirmed): German and Dutch,
# public and private.
PENDING = (
    ("DE", "county_administration", (400, 1800), 2, True),
    ("DE", "company", (40, 400), 6, True),
    ("NL", "company", (20, 250), 9, True),
    ("DE", "hospital", (30, 300), 1, False),
    ("NL", "municipality", (150, 900), 15, True),
)


def registrations_pending_add(*, today: date) -> int:
    """The pending self-registrations (once: none once an example has registered itself, whether
    an operator has decided on it since or not); return how many were added."""
    from allauth.account.models import EmailAddress

    from vereinbar.activity.services import recorded_at
    from vereinbar.organisations.models import Organisation, OrganisationType
    from vereinbar.organisations.services import organisation_register, organisation_slug_for
    from vereinbar.site.demo_history import moment, notifications_dropped
    from vereinbar.site.demo_people import country_language, demo_users_create, person_made_up
    from vereinbar.site.examples import employer_name, vocabulary

    if Organisation.objects.filter(
        type=OrganisationType.EMPLOYER, is_example=True, registered_at__isnull=False
    ).exists():
        return 0
    rng = random.Random(SEED)
    words = vocabulary()
    added = 0
    for country, kind, staff, days, confirmed in PENDING:
        # a town in a region of towns (no district in a city state)
        towns = {region: [c for c in cities if c != region] for region, cities in words["regions"][country].items()}
        region = rng.choice(sorted(region for region, cities in towns.items() if cities))
        city = rng.choice(towns[region])
        name = employer_name(rng, kind, country, region, city, fictional=True)
        language = country_language(country)
        full_name, local = person_made_up(rng, language)
        # at the employer's own domain, as the other examples' coordinators (its slug is free)
        email = f"{local}@{organisation_slug_for(name)}.example"
        (user,) = demo_users_create([(full_name, email, language)])
        day = today - timedelta(days=days)
        details = {
            "name": name,
            "kind": kind,
            "sector": rng.choice(words["kinds"][kind]["sectors"]),
            "country": country,
            "region": region,
            "city": city,
            "staff_count": rng.randint(*staff),
        }
        when = moment(day) + timedelta(minutes=rng.randint(-150, 300))  # in office hours
        with notifications_dropped(), recorded_at(when):
            membership = organisation_register(user=user, details=details, language=language)
        # Registered when its history says; made up, as the other examples.
        Organisation.objects.filter(pk=membership.organisation_id).update(is_example=True, registered_at=when)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=confirmed)
        added += 1
    return added
