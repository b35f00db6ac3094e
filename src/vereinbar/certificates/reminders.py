"""Reminders of an award's expiry: 6 months before, 1 month before and on the day (mail and
inbox, to the organisation's coordinators). Once the next stage has started only the last day's
goes out, saying where the renewal stands: the award lapses all the same. Each says what to do
next (``cycles.award_mails``). Sent by notifications' daily run, registered in
``CertificatesConfig.ready()``, which also has the run mark expired awards first
(``awards_expired``)."""

from __future__ import annotations

from datetime import date, timedelta

from vereinbar.cycles.award_mails import award_expiry_context
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.models import CycleStatus
from vereinbar.cycles.services import cycle_path, cycle_sender, users_of
from vereinbar.cycles.workflow import Party
from vereinbar.notifications.reminders import LATE_DAYS, ReminderRun, due_step, reminder_send, reminders_pass

from .models import Award, AwardStatus
from .services import awards_expire

# (key, how far before the date it goes out); latest last.
AWARD_STEPS = (("6m", lambda d: add_months(d, -6)), ("1m", lambda d: add_months(d, -1)), ("0d", lambda d: d))


def awards_expired(today: date | None) -> list[str]:
    """The daily run's first step: mark expired awards; their numbers."""
    return [award.number for award in awards_expire(today=today)]


def award_reminders(*, today: date, run: ReminderRun) -> None:
    awards = Award.objects.filter(
        status=AwardStatus.VALID, valid_until__isnull=False, cycle__isnull=False
    ).select_related(
        "cycle", "cycle__organisation", "cycle__programme", "cycle__version", "cycle__stage", "organisation"
    )
    for award in awards.filter(
        valid_until__lte=add_months(today, 6), valid_until__gte=today - timedelta(days=LATE_DAYS)
    ):
        cycle = award.cycle
        assert cycle is not None and award.valid_until is not None
        step, earlier = due_step(AWARD_STEPS, award.valid_until, today)
        if step != "0d" and cycle.renewals.filter(status__in=[CycleStatus.APPLIED, CycleStatus.OPEN]).exists():
            continue  # the next stage has started; on the last day the award lapses all the same
        reminders_pass([f"award:{award.pk}:{key}" for key in earlier], run)
        if step is None:
            continue
        template = "cycles/mail/reminder_award_expired" if step == "0d" else "cycles/mail/reminder_award_expiry"
        recipients = [(user, cycle_path(user, cycle)) for user in users_of(cycle, {Party.COORDINATOR})]
        reminder_send(
            f"award:{award.pk}:{step}",
            recipients,
            template,
            {
                "cycle": cycle,
                "organisation": cycle.organisation,
                "award": award,
                **award_expiry_context(cycle=cycle, award=award, today=today),
            },
            run,
            sender=cycle_sender(cycle, to_employer=True),
        )
