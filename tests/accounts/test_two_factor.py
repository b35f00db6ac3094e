"""Second factors: who must have one (by setting), signing in with the code after the password
through the existing login page (axes still counts failures), and the admin's reset of a lost
factor with its history entry."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.conftest import PASSWORD
from tests.processes import shared_database_env
from vereinbar.accounts import two_factor
from vereinbar.activity.models import Entry

pytestmark = pytest.mark.django_db


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


@pytest.mark.parametrize("persona", ["platform_admin", "operator_admin", "auditor", "board_member"])
def test_the_setting_requires_a_second_factor_of_the_privileged_roles(client, settings, request, persona):
    user = request.getfixturevalue(persona)
    settings.VEREINBAR_REQUIRE_TWO_FACTOR = True
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/de/")
    assert response.status_code == 302 and response["Location"] == "/de/accounts/2fa/"
    assert client.get("/de/accounts/2fa/").status_code == 200  # the set-up itself stays open

    _with_totp(user)
    assert client.get("/de/").status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "contributor", "viewer"])
def test_other_roles_are_not_forced(client, settings, request, persona):
    settings.VEREINBAR_REQUIRE_TWO_FACTOR = True
    client.force_login(request.getfixturevalue(persona), backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/de/").status_code == 200


def test_without_the_setting_nobody_is_forced(client, operator_admin):
    client.force_login(operator_admin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/de/").status_code == 200


def test_the_login_page_asks_for_the_code_after_the_password(client, operator_admin):
    secret = _with_totp(operator_admin)
    response = client.post("/de/accounts/login/", {"username": operator_admin.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/de/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # not signed in before the second factor

    response = client.post("/de/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response["Location"] == "/de/"
    assert client.session["_auth_user_id"] == str(operator_admin.pk)


def test_a_wrong_password_is_still_counted_by_axes(client, settings, coordinator):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post("/de/accounts/login/", {"username": coordinator.email, "password": "wrong"})
    response = client.post("/de/accounts/login/", {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_platform_admin_resets_a_lost_second_factor_with_a_history_entry(admin_client, auditor):
    _with_totp(auditor)
    assert two_factor.has_two_factor(auditor)
    response = admin_client.post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [auditor.pk]}
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=auditor).exists()
    entry = Entry.objects.get(verb="account.two_factor_reset", target_id=str(auditor.pk))
    assert entry.before == {"factors": ["recovery_codes", "totp"]} and entry.after == {"factors": []}
    assert entry.actor is not None and entry.actor.is_superuser


def test_the_admin_shows_second_factors_but_removes_them_only_by_the_reset(admin_client, auditor):
    _with_totp(auditor)
    totp = Authenticator.objects.get(user=auditor, type=Authenticator.Type.TOTP)
    assert admin_client.get("/admin/mfa/authenticator/").status_code == 200
    assert admin_client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Authenticator.objects.filter(pk=totp.pk).exists()


_CODE_USER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import django
    django.setup()
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    go = Path(sys.argv[1])
    while not go.exists():  # both processes use the code at the same moment
        time.sleep(0.01)
    # What allauth does once a code is found valid (validate_code): remember it as used, and
    # refuse it when it already is (the code's check against the clock is allauth's own).
    totp = TOTP(Authenticator(user_id=7, type=Authenticator.Type.TOTP, data={}))
    print(totp._mark_code_used(sys.argv[2]))
    """
)


@pytest.mark.django_db(transaction=True)
def test_a_code_used_in_one_server_process_is_refused_in_another(tmp_path):
    """Two processes with the installation's settings share the default cache (a table in the
    database by default), so exactly one of them accepts the same code (docs/authentication.md)."""
    env = shared_database_env(tmp_path)
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _CODE_USER, str(go), "123456"], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    go.touch()
    results = sorted(process.communicate(timeout=120)[0].strip() for process in processes)
    assert all(process.returncode == 0 for process in processes)
    assert results == ["False", "True"]
