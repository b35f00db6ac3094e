"""Under which life situations a measure is offered to staff: its catalogue entry's, narrowed by
the target groups that name one of them, widened by those that name another."""

import pytest

from vereinbar.measures.models import Measure, MeasureCategory, MeasureType


def _measure(entry: list[str], groups: list[str]) -> Measure:
    category = MeasureCategory(key="information", life_situations=["children", "care"])
    return Measure(
        category=category, type=MeasureType(key="talks", category=category, life_situations=entry), target_groups=groups
    )


@pytest.mark.parametrize(
    ("entry", "groups", "situations"),
    [
        # talks for carers are not offered to parents
        (["children", "care"], ["carers", "all_staff"], ["care"]),
        (["children", "care"], ["parents"], ["children"]),
        (["children", "care"], ["parents", "carers"], ["children", "care"]),
        # no group names a situation: the entry's all
        (["children", "care"], ["all_staff"], ["children", "care"]),
        (["children", "care"], [], ["children", "care"]),
        # a group naming another situation adds it
        (["health"], ["carers"], ["health", "care"]),
        (["children"], ["carers"], ["children", "care"]),
    ],
)
def test_a_measure_is_offered_under_the_situations_its_entry_and_groups_name(entry, groups, situations):
    assert _measure(entry, groups).life_situations == situations
