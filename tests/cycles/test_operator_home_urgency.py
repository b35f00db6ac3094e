"""One rule orders every "waiting for you" list (``selectors.Urgency``): an award the rules
withheld leaves the cycle standing still with nobody else able to move it, so it comes right after
what is overdue, on the operator area's home as on its operator's own page, even when the home
also holds many older applications of other operators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cycles.test_withheld_way_on import withheld  # noqa: F401 (the fixture)
from tests.factories import MembershipFactory, OrganisationFactory
from tests.surveys.conftest import instrument_version  # noqa: F401 (the fixture)
from tests.surveys.test_certification_by_survey_alone import programme, started  # noqa: F401 (the fixture)
from vereinbar.cycles.models import Cycle

from .conftest import PROGRAMMES, programme_from_file
from .test_operator_desk import applied

pytestmark = pytest.mark.django_db


def waiting_lines(response) -> list[tuple[str, str]]:
    """(kind, line) of each line of the page's "waiting for you", in the order shown."""
    page = response.content.decode()
    start = page.index('id="waiting-heading"')
    section = page[start : page.index("</section>", start)]
    return [(part.split('"', 1)[0], part.split("</li>", 1)[0]) for part in section.split('<li data-kind="')[1:]]


def test_a_withheld_award_comes_first_on_the_home_as_on_its_operators_page(
    withheld,  # noqa: F811 (the fixture)
    operator_org,
    parties,
    login,
):
    other = OrganisationFactory(operator=True, name="Werk en Zorg", slug="werk-en-zorg")
    MembershipFactory(user=parties["operator"], organisation=other, role="operator_admin")
    charter = programme_from_file(PROGRAMMES / "charter.yaml", other)
    for number in range(25):  # applications waiting a month, longer than the award withheld today
        applied(charter, f"Gemeente {number:02}")
    Cycle.objects.filter(programme=charter).update(applied_on=timezone.localdate() - timedelta(days=30))
    client = login(parties["operator"])

    home = waiting_lines(client.get(reverse("operator:index")))
    own = waiting_lines(client.get(reverse("operator:organisation", args=[operator_org.slug])))

    assert own[0][0] == "withheld" and "Kreis Musterstadt" in own[0][1]
    assert home[0] == own[0]
    assert [kind for kind, _line in home[1:]] == ["application"] * 19
