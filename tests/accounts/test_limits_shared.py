"""Limits hold across processes (the web server runs several), and password-reset mail is
throttled without revealing whether an account exists."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from django.core import mail

from tests.processes import shared_database_env
from vereinbar.accounts import throttling

pytestmark = pytest.mark.django_db

_WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import django
    django.setup()
    from django.test import RequestFactory
    from vereinbar.accounts.api_auth import TOKEN_FAILURES, TokenAuth
    from vereinbar.api.errors import ApiError

    go = Path(sys.argv[1])
    while not go.exists():  # both processes start guessing at the same moment
        time.sleep(0.01)
    auth, factory, let_through, refused = TokenAuth(), RequestFactory(), 0, 0
    for _ in range(int(sys.argv[2])):
        request = factory.get("/api/v1/me", REMOTE_ADDR="203.0.113.9")
        try:
            assert auth.authenticate(request, "not-a-token") is None
            let_through += 1
        except ApiError as error:
            assert error.status == 429
            refused += 1
    print(let_through, refused, TOKEN_FAILURES.limit)
    """
)


@pytest.mark.django_db(transaction=True)
def test_wrong_tokens_are_counted_together_by_two_processes(tmp_path):
    """Two server processes sharing the configured store (the database): together they let
    exactly the limit of wrong tokens through, not the limit each."""
    env = shared_database_env(tmp_path)
    go = tmp_path / "go"
    attempts = 30
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(go), str(attempts)], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    go.touch()
    results = [process.communicate(timeout=120)[0].split() for process in processes]
    assert all(process.returncode == 0 for process in processes)
    let_through = sum(int(result[0]) for result in results)
    refused = sum(int(result[1]) for result in results)
    limit = int(results[0][2])
    assert let_through == limit  # not 2 × limit, and no count lost to a race
    assert refused == 2 * attempts - limit


def test_password_reset_mail_is_throttled_per_account(client, viewer, django_capture_on_commit_callbacks):
    answers = set()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(15):
            response = client.post(
                "/en/accounts/password/reset/", {"email": viewer.email}, REMOTE_ADDR=f"198.51.100.{number}"
            )
            answers.add((response.status_code, response.headers.get("Location")))
    assert len(mail.outbox) == throttling.PER_ACCOUNT.limit == 3
    assert answers == {(302, "/en/accounts/password/reset/sent/")}  # the same answer every time


def test_password_reset_requests_are_throttled_per_address(
    client, viewer, coordinator, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(15):
            user = (viewer, coordinator, contributor)[number % 3]
            response = client.post("/en/accounts/password/reset/", {"email": user.email})
            assert response.status_code == 302
    # Ten requests from the address are served: the viewer's fourth meets its account limit (nine
    # mails); the five after the tenth send nothing.
    assert len(mail.outbox) == 9
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": viewer.email}, REMOTE_ADDR="192.0.2.77")
    assert len(mail.outbox) == 9  # the account's own limit still holds from another address


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    for _ in range(12):
        response = client.post("/en/accounts/password/reset/", {"email": "nobody@test.example"})
        assert response.status_code == 302
        assert response.headers["Location"] == "/en/accounts/password/reset/sent/"
    assert mail.outbox == []
