"""A programme needs an operator to be offered to employers: the operator accepts the cycle,
assigns its auditor and decides (docs/programme-format.md "Operator"). The demo gives the
library's scored benchmark, which names none, an operator of its own, so it runs end to end."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.cycles.helpers import drive
from tests.programmes.conftest import LIBRARY, load
from vereinbar.accounts.models import User
from vereinbar.cycles import services
from vereinbar.cycles.forms import ApplyForm
from vereinbar.cycles.models import Cycle
from vereinbar.programmes.models import Programme
from vereinbar.programmes.selectors import programmes_offered
from vereinbar.site.demo import demo_load

BENCHMARK = "urn:vereinbar:programme:carer-friendly-employer-benchmark"


def test_a_programme_without_operator_is_not_offered_and_takes_no_application(db, employer_org, coordinator):
    programme = load((LIBRARY / "carer-friendly-employer-benchmark.yaml").read_bytes()).version.programme
    assert programme.operator is None
    assert programme not in programmes_offered()
    assert programme not in ApplyForm().fields["programme"].queryset  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as raised:
        services.cycle_apply(actor=coordinator, organisation=employer_org, programme=programme)
    assert raised.value.messages == ["This programme has no operator yet, so it takes no applications."]
    assert not Cycle.objects.exists()


def test_the_demo_benchmark_has_an_operator_and_a_cycle_of_it_reaches_its_award(db, employer_org, coordinator):
    demo_load(employers=set())  # operators, their people and the library; no employer histories
    programme = Programme.objects.select_related("operator").get(identifier=BENCHMARK)
    assert programme.operator is not None and programme.operator.slug == "carer-benchmark-example"
    assert programme in programmes_offered()
    operator_admin = User.objects.get(email="operator@berufundfamilie.example")
    auditor = User.objects.get(email="auditor@berufundfamilie.example")

    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=programme)
    cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    assert cycle.auditor == auditor
    # the operator decides the level (the benchmark's decision phase is the operator's)
    people = {"coordinator": coordinator, "contributor": coordinator, "auditor": auditor, "operator": operator_admin}
    drive(cycle, people, until_award=True)
    cycle.refresh_from_db()
    assert cycle.status == "completed"  # the decision was its last phase
    assert cycle.award.is_valid
    assert cycle.award.level.key == "accomplished"  # every criterion at its highest score, no level held before
