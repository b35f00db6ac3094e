"""An employer that took part before, but has no cycle now and no award in force (Landkreis Leer
after its seal expired), is not told it "takes part in no programme yet"."""

from __future__ import annotations

import pytest

from vereinbar.cycles import services

pytestmark = pytest.mark.django_db


def test_an_employer_that_took_part_before_is_not_told_it_never_did(audit, parties, employer_org, login):
    client = login(parties["coordinator"])
    home = f"/en/workspace/{employer_org.slug}/"
    assert "takes part in no programme yet" in client.get(home).content.decode()

    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    services.cycle_withdraw(actor=parties["coordinator"], cycle=cycle)
    html = client.get(home).content.decode()
    assert "takes part in no programme yet" not in html
    assert "No cycle is in progress" in html
