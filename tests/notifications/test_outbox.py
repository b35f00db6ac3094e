"""Every mail goes through the outbox: the page that causes it never fails because the mail
server is away, the worker retries with growing pauses, and each mail goes out exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.notifications.backends import OutageBackend
from vereinbar.notifications import outbox
from vereinbar.notifications.models import MailStatus, Notification, OutgoingMail
from vereinbar.notifications.outbox import MAX_ATTEMPTS, backoff, mail_record, outbox_deliver

REGISTRATION = {
    "name": "Stichting Zorgzaam",
    "kind": "association",
    "sector": "social_services",
    "country": "NL",
    "region": "Zuid-Holland",
    "city": "Leiden",
    "staff_count": "85",
    "full_name": "Ria Registratie",
    "email": "ria@zorgzaam.example",
    "password": "a long enough passphrase",
    "password_again": "a long enough passphrase",
    "language": "nl",
}


@pytest.fixture
def mail_server(settings):
    """The mail server of the tests: up, until a test sets ``mail_server.down = True``."""
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.OutageBackend"}}
    OutageBackend.down = False
    OutageBackend.refused = 0
    yield OutageBackend
    OutageBackend.down = False


def _deliver_over(minutes: int, start):
    """Run the worker once a minute for ``minutes`` minutes from ``start``."""
    for minute in range(minutes + 1):
        with time_machine.travel(start + timedelta(minutes=minute, seconds=1), tick=False):
            outbox_deliver()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("what", "subject_word"),
    [("invitation", "uitnodiging"), ("password_reset", "wachtwoord"), ("registration", "aanmelding")],
)
def test_ten_minutes_without_mail_server_fail_no_page_and_lose_and_repeat_no_mail(
    client, login, coordinator, viewer, operator_admin, mail_server, what, subject_word
):
    mail_server.down = True
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        if what == "invitation":
            response = login(coordinator).post(
                "/de/workspace/kreis-musterstadt/members/",
                {"email": "new.colleague@test.example", "role": "contributor", "language": "nl"},
            )
            to = "new.colleague@test.example"
        elif what == "password_reset":
            response = client.post("/en/accounts/password/reset/", {"email": viewer.email})
            to = viewer.email
        else:
            response = client.post("/nl/register/", REGISTRATION)
            to = "ria@zorgzaam.example"
    assert response.status_code == 302
    row = OutgoingMail.objects.get(to=to)
    assert (row.status, row.attempts) == (MailStatus.RETRYING, 1)
    assert "SMTPConnectError" in row.last_error
    assert row.next_attempt_at == start + timedelta(minutes=1)

    _deliver_over(10, start)  # ten minutes of outage, the worker trying all along
    row.refresh_from_db()
    assert row.status == MailStatus.RETRYING and row.attempts == 4  # after 0, 1, 3 and 7 minutes
    assert mail.outbox == []

    mail_server.down = False
    _deliver_over(30, start + timedelta(minutes=11))
    mine = [message for message in mail.outbox if message.to == [to]]
    assert len(mine) == 1
    assert subject_word in mine[0].subject.lower()
    row.refresh_from_db()
    assert (row.status, row.body, row.last_error) == (MailStatus.SENT, "", "")
    assert row.sent_at is not None


@pytest.mark.django_db
def test_the_pause_between_attempts_doubles_up_to_an_hour():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(20) == timedelta(hours=1)


@pytest.mark.django_db
def test_a_mail_the_server_keeps_refusing_fails_after_the_last_attempt_and_an_operator_can_retry_it(
    mail_server, operator_admin
):
    mail_server.down = True
    mail_record(to="someone@example.org", language="de", subject="S", body="B")
    moment = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            outbox_deliver()
        moment += timedelta(hours=1, seconds=1)
    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS)
    with time_machine.travel(moment + timedelta(days=1), tick=False):
        assert outbox_deliver() == 0  # a failed mail is not tried again by itself

    mail_server.down = False
    assert outbox.outbox_retry(actor=operator_admin) == 1
    assert outbox_deliver() == 1
    row.refresh_from_db()
    assert row.status == MailStatus.SENT and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_is_claimed_by_one_worker_only(mail_server):
    row = mail_record(to="someone@example.org", language="de", subject="S", body="B")
    assert outbox._claim(row.pk) is not None
    assert outbox._claim(row.pk) is None  # a second worker gets nothing
    assert outbox_deliver() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_a_worker_killed_while_sending_leaves_the_mail_to_be_sent_again_with_the_same_message_id(mail_server):
    row = mail_record(to="someone@example.org", language="de", subject="S", body="B")
    claimed = outbox._claim(row.pk)  # the worker claims the row, then dies before the mark
    assert claimed is not None
    assert outbox_deliver() == 0  # another worker leaves a fresh claim alone
    with time_machine.travel(timezone.now() + outbox.LEASE + timedelta(seconds=5), tick=False):
        assert outbox_deliver() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 2)
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox._message_id(row.key)


@pytest.mark.django_db
def test_sent_mails_are_kept_thirty_days_without_their_text(mail_server):
    mail_record(to="someone@example.org", language="de", subject="S", body="secret link")
    outbox_deliver()
    assert OutgoingMail.objects.get().body == ""
    assert outbox.outbox_prune(now=timezone.now() + timedelta(days=29)) == 0
    assert outbox.outbox_prune(now=timezone.now() + timedelta(days=31)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_employer_registration_notifies_the_reviewers_in_their_language(
    client, operator_admin, auditor, platform_admin, coordinator
):
    response = client.post("/nl/register/", REGISTRATION)
    assert response.status_code == 302
    told = Notification.objects.filter(event="registration_new")
    assert sorted(n.user.email for n in told) == sorted([operator_admin.email, platform_admin.email])
    german = told.get(user=operator_admin)
    assert german.subject == "Neue Arbeitgeber-Registrierung: Stichting Zorgzaam"
    assert german.path.startswith("/de/operator/registrations/")
    mails = {message.to[0]: message for message in mail.outbox}
    assert "Stichting Zorgzaam" in mails[operator_admin.email].subject
    assert "/de/operator/registrations/" in mails[operator_admin.email].body
    assert "/en/operator/registrations/" in mails[platform_admin.email].body
    assert auditor.email not in mails and coordinator.email not in mails


@pytest.mark.django_db(transaction=True)
def test_links_in_mails_use_the_configured_site_url(settings, login, coordinator):
    settings.SITE_URL = "https://vereinbar.example.org"
    login(coordinator).post(
        "/de/workspace/kreis-musterstadt/members/",
        {"email": "new.colleague@test.example", "role": "contributor", "language": "nl"},
    )
    body = mail.outbox[-1].body
    assert "https://vereinbar.example.org/nl/accounts/invitation/" in body
    assert ":8000" not in body and "testserver" not in body


def test_an_unset_site_url_is_reported_by_the_deployment_check(monkeypatch):
    from vereinbar.notifications.checks import site_url_set

    monkeypatch.delenv("VEREINBAR_SITE_URL", raising=False)
    assert [warning.id for warning in site_url_set()] == ["notifications.W001"]
    monkeypatch.setenv("VEREINBAR_SITE_URL", "https://vereinbar.example.org")
    assert site_url_set() == []


@pytest.mark.django_db
def test_the_outbox_command_sends_what_is_due_and_says_what_waits(mail_server):
    from io import StringIO

    from django.core.management import call_command

    mail_record(to="someone@example.org", language="de", subject="S", body="B")
    out = StringIO()
    call_command("outbox", stdout=out)
    assert out.getvalue().strip() == "sent 1 mail(s); outbox: sent 1"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_attempt_schedules_one_run_of_the_worker_for_the_retry(settings, mail_server):
    from django_tasks_db.models import DBTaskResult

    from vereinbar.notifications.tasks import outbox_send

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail_server.down = True
    row = mail_record(to="someone@example.org", language="de", subject="S", body="B")
    outbox_send.call()
    row.refresh_from_db()
    waiting = DBTaskResult.objects.filter(status="READY", task_path=outbox_send.module_path)
    assert list(waiting.values_list("run_after", flat=True)) == [row.next_attempt_at]
    outbox_send.call()  # nothing due yet: no second run is scheduled
    assert waiting.count() == 1
