"""The employer's home and the operator side's waiting list mark programme texts shown in the
programme's language rather than the page's (as the cycle pages do)."""

from __future__ import annotations

import pytest

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.cycles.models import Cycle, PhaseStatus

pytestmark = pytest.mark.django_db


def test_a_programme_without_an_english_title_is_marked_german_on_the_homes(login):
    cycle = Cycle.objects.filter(organisation__slug="saale-orla-kreis").order_by("-pk").first()
    version = cycle.version
    version.title_en = ""
    version.save(update_fields=["title_en"])
    run = cycle.phase_runs.select_related("phase").filter(status=PhaseStatus.OPEN).first()
    coordinator = Membership.objects.get(organisation=cycle.organisation, role=Role.COORDINATOR).user
    home = login(coordinator).get("/en/workspace/saale-orla-kreis/").content.decode()
    assert "Gesund\u00adheits\u00adma\u00adnage\u00adment mit der AOK PLUS</span>" in home  # German rules
    home = home.replace("\u00ad", "")  # the card heading's soft hyphens
    assert f'<span lang="de">{version.title_de}</span>' in home
    assert f"<strong>{run.phase.title_en}</strong>" in home  # an English title is not marked
    auditor = cycle.auditor
    waiting = login(auditor).get("/en/operator/", follow=True).content.decode()
    assert f'<span lang="de">{version.title_de}</span>' in waiting
