"""A programme text missing in the page's language falls back to the programme's language and
says so with ``lang``, on the workspace's cycle pages and the public profile, as on the operator's
programme pages (screen readers pronounce it right, browsers hyphenate it right)."""

from __future__ import annotations

import pytest

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.cycles.models import Cycle
from vereinbar.programmes.models import Criterion

pytestmark = pytest.mark.django_db


def leer_cycle() -> Cycle:
    return Cycle.objects.filter(organisation__slug="landkreis-leer").order_by("-pk").first()


def test_a_phase_without_an_english_title_is_marked_german_on_the_cycle_page(login):
    cycle = leer_cycle()
    run = cycle.phase_runs.select_related("phase").order_by("phase__order").first()
    german = run.phase.title_de
    run.phase.title_en = ""
    run.phase.save(update_fields=["title_en"])
    coordinator = Membership.objects.get(organisation=cycle.organisation, role=Role.COORDINATOR).user
    client = login(coordinator)
    page = client.get(f"/en/workspace/landkreis-leer/cycles/{cycle.pk}/").content.decode()
    assert f'<span lang="de">{german}</span>' in page
    phase_page = client.get(f"/en/workspace/landkreis-leer/cycles/{cycle.pk}/phases/{run.pk}/").content.decode()
    assert f'<h1><span lang="de">{german}</span></h1>' in phase_page
    # in German it is no fallback
    assert (
        f'<span lang="de">{german}</span>'
        not in client.get(f"/de/workspace/landkreis-leer/cycles/{cycle.pk}/").content.decode()
    )


def test_the_public_profile_marks_a_criterion_named_only_in_the_programmes_language(client):
    """Leiderdorp's recognition publishes its answers; its programme is Dutch."""
    criterion = Criterion.objects.filter(
        public=True, version__programme__identifier__endswith="erkenning-mantelzorgvriendelijk"
    ).first()
    criterion.title_de = ""
    criterion.save(update_fields=["title_de"])
    page = client.get("/de/employers/gemeente-leiderdorp/").content.decode()
    assert f'<dt><span lang="nl">{criterion.title_nl}</span></dt>' in page
    assert "(Niederlande)" in page and "(NL)" not in page


def test_the_read_only_self_assessment_shows_the_options_label_not_its_value(login):
    """It printed the stored value ('erfuellt', 'teilweise')."""
    from vereinbar.cycles.models import AssessmentAnswer

    cycle = leer_cycle()
    answer = AssessmentAnswer.objects.filter(cycle=cycle).exclude(status="").select_related("criterion__scale").first()
    option = answer.criterion.scale.options.get(value=answer.status)
    coordinator = Membership.objects.get(organisation=cycle.organisation, role=Role.COORDINATOR).user
    page = (
        login(coordinator)
        .get(f"/nl/workspace/landkreis-leer/cycles/{cycle.pk}/phases/{answer.phase_run_id}/")
        .content.decode()
    )
    assert f"<dd>{option.label_nl}" in page
    assert option.value != option.label_nl and f"<dd>{option.value}</dd>" not in page
