"""The expiry reminders say that a renewal carries goals over only where it does: the renewal of
an audit (which agrees goals in a target agreement) carries over the goals not yet reached,
with their measures; a charter has no target agreement, and its mails say nothing of goals.
Each mail is sent by the daily run and read as received, in German and Dutch."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
import yaml
from django.core import mail

from tests.conftest import _member
from tests.cycles.conftest import PROGRAMMES
from tests.cycles.helpers import drive
from vereinbar.cycles.dates import add_months
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.notifications.reminders import reminders_send

pytestmark = pytest.mark.django_db

GOALS = {
    "de": "Noch nicht erreichte Ziele werden mit ihren Maßnahmen übernommen.",
    "nl": "Doelen die nog niet zijn bereikt, worden met hun maatregelen overgenomen.",
}


@pytest.fixture
def readers(parties, employer_org):
    """The employer's two coordinators: one reads German, one Dutch."""
    return {"de": parties["coordinator"], "nl": _member(employer_org, "coordinator", "hr-nl@test.example", "nl")}


@pytest.fixture
def renewable_charter(load_programme, tmp_path):
    """The test charter, its signature in force for two years and renewed by signing again."""
    data = yaml.safe_load((PROGRAMMES / "charter.yaml").read_text(encoding="utf-8"))
    data["id"] = "urn:vereinbar:programme:test-charter-renewable"
    data["stages"][0] |= {"award": {"validity_months": 24}, "repeating": True}
    path = tmp_path / "charter-renewable.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_programme(path)


def _expiry_mails(programme, open_cycle, parties, readers, *, months_before: int) -> tuple[object, dict[str, str]]:
    """Grant ``programme``'s award on 15 January 2025, run the reminders ``months_before`` its
    end (0: its last day) and return the award with the body each reader received."""
    with time_machine.travel(date(2025, 1, 15), tick=False):
        cycle = open_cycle(programme)
        drive(cycle, parties, until_award=True)
        outbox_deliver()
    award = cycle.award
    day = add_months(award.valid_until, -months_before)
    mail.outbox.clear()
    with time_machine.travel(day, tick=False):
        reminders_send(today=day)
        outbox_deliver()
    bodies = {}
    for language, reader in readers.items():
        (received,) = [m for m in mail.outbox if m.to == [reader.email]]
        bodies[language] = received.body
    return award, bodies


@pytest.mark.parametrize("months_before", [1, 0])
def test_an_audits_expiry_mails_say_the_goals_not_yet_reached_are_carried_over(
    audit, open_cycle, parties, readers, months_before
):
    _award, bodies = _expiry_mails(audit, open_cycle, parties, readers, months_before=months_before)
    start = {"de": "mit „Nächste Stufe starten“. ", "nl": "kiest u ‘Volgende fase starten’. "}
    for language, body in bodies.items():
        assert start[language] + GOALS[language] in body, body
        assert "Ziele und Maßnahmen" not in body and "Doelen en maatregelen" not in body


def test_a_charters_expiry_mails_say_nothing_of_goals(renewable_charter, open_cycle, parties, readers):
    award, bodies = _expiry_mails(renewable_charter, open_cycle, parties, readers, months_before=1)
    assert (
        "Um Ihre Unterzeichnung der Charta zu behalten, starten Sie jetzt die Verlängerung: auf der Seite des "
        "Durchlaufs unter „Verlängern“ mit „Nächste Stufe starten“. Wird die Verlängerung bis zum 15. Januar 2027 "
        "bestätigt, folgt die neue Unterzeichnung ohne Lücke."
    ) in bodies["de"]
    assert (
        "Wilt u uw ondertekening van het handvest behouden, start dan nu de verlenging: op de pagina van het "
        "traject, onder ‘Verlengen’, kiest u ‘Volgende fase starten’. Wordt de verlenging uiterlijk 15 januari 2027 "
        "bevestigd, dan volgt de nieuwe ondertekening zonder onderbreking."
    ) in bodies["nl"]
    assert award.valid_until == date(2027, 1, 15)
    assert "Ziele" not in bodies["de"] and "übernommen" not in bodies["de"]
    assert "doelen" not in bodies["nl"].lower() and "overgenomen" not in bodies["nl"]


def _renewal_mail(programme, open_cycle, parties, readers) -> tuple[object, str]:
    """Grant ``programme``'s award, renew the cycle as the German coordinator and return the
    renewal with the mail the Dutch coordinator received."""
    from vereinbar.cycles import services

    with time_machine.travel(date(2025, 1, 15), tick=False):
        cycle = open_cycle(programme)
        drive(cycle, parties, until_award=True)
        outbox_deliver()
        mail.outbox.clear()
        renewal = services.cycle_renew(actor=readers["de"], cycle=cycle)
        outbox_deliver()
    (received,) = [m for m in mail.outbox if m.to == [readers["nl"].email] and "is gestart voor" in m.body]
    return renewal, received.body


def test_the_renewal_mail_counts_the_goals_it_carried_over(audit, open_cycle, parties, readers):
    from vereinbar.cycles.models import Goal

    renewal, body = _renewal_mail(audit, open_cycle, parties, readers)
    carried = Goal.objects.filter(agreement__cycle=renewal, carried_from__isnull=False).count()
    assert carried > 0
    if carried == 1:
        sentence = "1 doel dat nog niet is bereikt, is met de maatregelen overgenomen."
    else:
        sentence = f"{carried} doelen die nog niet zijn bereikt, zijn met hun maatregelen overgenomen."
    assert "is gestart voor Kreis Musterstadt. " + sentence in body, body
    assert "Doelen en maatregelen" not in body


def test_a_charters_renewal_mail_says_nothing_of_goals(renewable_charter, open_cycle, parties, readers):
    renewal, body = _renewal_mail(renewable_charter, open_cycle, parties, readers)
    assert "doel" not in body.lower() and "overgenomen" not in body, body
    assert not renewal.previous.sets_goals


@pytest.mark.parametrize("months_before", [1, 0])
def test_a_charters_expiry_mails_do_not_number_the_charter_and_renew_with_the_buttons_verb(
    renewable_charter, open_cycle, parties, readers, months_before
):
    """The signature's number read as the charter's ("Ihre Unterzeichnung der Charta 2025-00001"),
    and the mail said "erneuern" while the cycle page's section it points to says „Verlängern“."""
    award, bodies = _expiry_mails(renewable_charter, open_cycle, parties, readers, months_before=months_before)
    assert f"Charta {award.number}" not in bodies["de"] and f"handvest {award.number}" not in bodies["nl"]
    assert "Ihre Unterzeichnung der Charta im Programm " in bodies["de"]
    assert "Uw ondertekening van het handvest in het programma " in bodies["nl"]
    assert "„Verlängern“" in bodies["de"] and "erneuer" not in bodies["de"].lower()
    assert "‘Verlengen’" in bodies["nl"] and "vernieuw" not in bodies["nl"].lower()


def test_a_charters_renewal_mail_names_the_signature_by_its_number_to_everyone(
    renewable_charter, open_cycle, parties, readers
):
    """The operator and the auditor receive it too: not "Ihre jetzige Unterzeichnung", which
    addressed them as the signatory; the signature recorded under its number, as in the grant mail."""
    renewal, _body = _renewal_mail(renewable_charter, open_cycle, parties, readers)
    number = renewal.previous.award.number
    (operators,) = [m for m in mail.outbox if m.to == [parties["operator"].email]]
    assert f"Die jetzige Unterzeichnung der Charta, eingetragen unter der Nummer {number}, gilt" in operators.body
    assert "Ihre" not in operators.body.split("\n\n")[2], operators.body
