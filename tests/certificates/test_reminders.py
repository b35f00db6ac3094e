"""Reminders: award expiry at 6 months, 1 month and on the day; phase due dates; by mail and
in the inbox; never twice, however often the daily run goes."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tests.cycles.helpers import drive
from vereinbar.certificates.models import AwardStatus
from vereinbar.cycles import services
from vereinbar.notifications.models import Notification, ReminderSent
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.notifications.reminders import reminders_send
from vereinbar.notifications.tasks import reminders_daily

pytestmark = pytest.mark.django_db


def _mail_settled():
    """Send what the set-up put into the outbox (its commits do not run here) and forget it."""
    outbox_deliver()
    mail.outbox.clear()


@pytest.fixture
def award(scored, open_cycle, parties):
    with time_machine.travel(date(2025, 3, 10), tick=False):
        cycle = open_cycle(scored)
        drive(cycle, parties)
    _mail_settled()
    return cycle.award  # valid until 2027-03-10


def _expiry_mails():
    # Mails go out in each recipient's language (the personas read German).
    return [m for m in mail.outbox if "expire" in m.subject or "läuft" in m.subject or "verloopt" in m.subject]


def test_expiry_reminders_go_out_at_6_months_1_month_and_on_the_day_once_each(award, parties):
    for day, expected in [
        (date(2026, 9, 9), []),
        (date(2026, 9, 10), ["6m"]),
        (date(2026, 9, 11), ["6m"]),
        (date(2027, 2, 10), ["6m", "1m"]),
        (date(2027, 3, 10), ["6m", "1m", "0d"]),
        (date(2027, 3, 12), ["6m", "1m", "0d"]),
    ]:
        reminders_send(today=day)
        reminders_send(today=day)  # a second run the same day sends nothing more
        keys = sorted(ReminderSent.objects.filter(key__startswith=f"award:{award.pk}:").values_list("key", flat=True))
        assert keys == sorted(f"award:{award.pk}:{step}" for step in expected), day
    assert len(_expiry_mails()) == 3
    assert all(m.to == [parties["coordinator"].email] for m in _expiry_mails())
    inbox = Notification.objects.filter(user=parties["coordinator"], event__startswith="reminder_award")
    assert inbox.count() == 3


def test_a_missed_run_sends_only_the_latest_reminder(award):
    run = reminders_send(today=date(2027, 2, 20))
    assert run.sent == [f"award:{award.pk}:1m"] and run.passed == [f"award:{award.pk}:6m"]
    assert len(_expiry_mails()) == 1


def test_no_expiry_reminder_once_the_next_stage_runs(audit, open_cycle, parties):
    with time_machine.travel(date(2025, 1, 15), tick=False):
        cycle = open_cycle(audit)
        drive(cycle, parties, until_award=True)
        services.cycle_renew(actor=parties["coordinator"], cycle=cycle)
    _mail_settled()
    reminders_send(today=date(2027, 12, 20))
    assert not _expiry_mails()


def test_phase_due_reminders_go_to_who_submits(audit, open_cycle, parties):
    with time_machine.travel(date(2025, 1, 15), tick=False):
        open_cycle(audit)  # the self-assessment is due 2025-04-15
    _mail_settled()
    reminders_send(today=date(2025, 3, 31))
    assert not mail.outbox
    reminders_send(today=date(2025, 4, 1))
    reminders_send(today=date(2025, 4, 15))
    reminders_send(today=date(2025, 4, 15))
    assert [m.to for m in mail.outbox] == [[parties["coordinator"].email]] * 2


def test_the_daily_task_and_the_command_expire_and_remind(award):
    result = reminders_daily.enqueue(today="2027-03-11")  # tests run tasks immediately
    assert result.return_value["expired"] == [award.number]
    award.refresh_from_db()
    assert award.status == AwardStatus.EXPIRED
    call_command("reminders", "--date", "2027-03-12")
    assert ReminderSent.objects.filter(key=f"award:{award.pk}:0d").count() == 0  # expired awards are not reminded
