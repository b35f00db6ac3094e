"""Acceptance (issue 14): every programme of the library runs through the API alone, from an
employer's registration to its verified award: register without an account, approval by the
operator, the programme list, the application with every optional phase, every phase of the
first stage (staff answer a survey on the answering pages), the award and its public check."""

from __future__ import annotations

import pytest

from tests.api.journey import LIBRARY, Journey, instruments_for

pytestmark = pytest.mark.django_db

# The library, and the format-2 programmes written for issue 14 (every construct of format 2
# but survey conditions, which the culture index of the library runs).
OWN = LIBRARY.parents[1] / "tests" / "cycles" / "programmes"
FILES = sorted(LIBRARY.glob("*.yaml")) + [OWN / name for name in ("seal2.yaml", "charter2.yaml", "guide2.yaml")]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_an_employer_goes_from_registration_to_a_verified_award_through_the_api_alone(
    path, operator_org, operator_admin, auditor, board_member
):
    journey = Journey(path, operator_org.slug, {"operator": operator_admin, "auditor": auditor, "board": board_member})
    instruments_for(journey.definition)

    journey.register()
    journey.approve()
    identifier = journey.load_programme()
    cycle = journey.apply(identifier)
    cycle = journey.drive(cycle["id"])

    assert all(phase["status"] == "accepted" for phase in cycle["phases"]), (cycle["phases"], journey.log)
    if journey.definition["stages"][0].get("award") is None:  # a programme without awards ends its stage
        assert cycle["status"] == "completed" and cycle["award"] is None, cycle
        return
    assert cycle["status"] in ("awarded", "completed") and cycle["award"], (cycle, journey.log)
    verified = journey.verify(cycle["award"])
    assert verified["status"] == "valid", verified
    assert verified["organisation"] == "Stadtwerke Musterstadt", verified
