"""What a renewal and a closed programme say: the history of a renewal in a programme without
goals does not report "goals carried over: 0", one in a programme with goals does (every goal was
reached or dropped), and the refusal of a closed programme sets a title with its own quotation
marks inside the sentence's quotes once („Siegel ‚Familie‘“), not twice („Siegel „Familie““)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from vereinbar.activity.models import Entry
from vereinbar.activity.services import entry_record
from vereinbar.cycles import services
from vereinbar.cycles.models import GoalStatus
from vereinbar.cycles.workflow import TransitionRefused

from .helpers import drive

pytestmark = pytest.mark.django_db


def test_the_renewal_of_a_programme_without_goals_says_nothing_of_goals(
    load_programme, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(load_programme("guide2"))  # a care guide programme: no target agreement
    drive(cycle, parties)
    services.cycle_renew(actor=parties["coordinator"], cycle=cycle)

    assert "goals_carried_over" not in Entry.objects.get(verb="cycle.renewed").after
    page = login(parties["coordinator"]).get(f"/de/workspace/{employer_org.slug}/history/")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "hat die nächste Stufe begonnen" in text  # the renewal is in the history...
    assert "übernommene ziele" not in text.lower()  # ...without a count of goals it never had


@pytest.fixture
def closed(audit, parties):
    version = audit.current_version
    version.title_de = "Qualitätssiegel „Familienfreundlicher Arbeitgeber“"
    version.title_nl = "Keurmerk ‘Gezinsvriendelijke werkgever’"
    version.applications_until = timezone.localdate() - timedelta(days=1)
    version.save(update_fields=["title_de", "title_nl", "applications_until"])
    return audit


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", "„Qualitätssiegel ‚Familienfreundlicher Arbeitgeber‘“ nimmt keine neuen Bewerbungen mehr an"),
        ("nl", "‘Keurmerk “Gezinsvriendelijke werkgever”’ neemt geen nieuwe aanvragen meer aan"),
    ],
)
def test_a_closed_programme_quotes_its_title_once(closed, parties, employer_org, language, words):
    with translation.override(language), pytest.raises(TransitionRefused) as refused:
        services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=closed)
    assert words in refused.value.messages[0]


def _history(client, employer_org) -> str:
    page = client.get(f"/de/workspace/{employer_org.slug}/history/")
    assert page.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode())).lower()


def test_an_older_renewal_entry_of_a_programme_without_goals_leaves_a_count_of_none_unsaid(
    load_programme, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(load_programme("guide2"))  # a care guide programme: no target agreement
    for carried in (0, 2):  # as recorded before renewals left the count out for programmes without goals
        entry_record(
            actor=parties["coordinator"],
            verb="cycle.renewed",
            target=cycle,
            organisation=employer_org,
            after={"status": cycle.status, "goals_carried_over": carried},
        )
    text = _history(login(parties["coordinator"]), employer_org)
    assert text.count("hat die nächste stufe begonnen") == 2
    assert text.count("übernommene ziele") == 1 and "übernommene ziele: 2" in text


def test_the_renewal_of_a_programme_whose_goals_were_all_reached_says_none_were_carried_over(
    audit, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    services.goal_save(
        actor=parties["contributor"], cycle=cycle, action_field_code="1", title="Flexitime", status=GoalStatus.ACHIEVED
    )
    drive(cycle, parties, until_award=True)
    services.cycle_renew(actor=parties["coordinator"], cycle=cycle)

    assert Entry.objects.get(verb="cycle.renewed").after["goals_carried_over"] == 0
    text = _history(login(parties["coordinator"]), employer_org)
    assert "hat die nächste stufe begonnen" in text
    assert "übernommene ziele: 0" in text  # after a renewal, "none left to work on" is news
