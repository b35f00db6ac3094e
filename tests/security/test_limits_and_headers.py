"""Rate limits on guessing (login, API tokens, survey codes), security headers, and the
history of sensitive reads (evidence downloads, raw survey data)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from vereinbar.activity.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_wrong_api_tokens_are_limited_per_address(client, coordinator):
    from vereinbar.accounts.api_auth import TOKEN_FAILURES

    for _ in range(TOKEN_FAILURES.limit):
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer vb_wrong"}).status_code == 401
    blocked = client.get("/api/v1/me", headers={"Authorization": "Bearer vb_wrong"})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    # Another address is not limited by this one's failures.
    other = client.get("/api/v1/me", headers={"Authorization": "Bearer vb_wrong"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 401


def test_a_valid_token_is_never_refused_because_of_others_failures(client, coordinator):
    from vereinbar.accounts.api_auth import TOKEN_FAILURES
    from vereinbar.accounts.services import token_create

    good = token_create(user=coordinator, name="script").secret
    prefix = good.rsplit("_", 1)[0]
    # From the same address, and aimed at this very token (its prefix, with wrong secrets).
    for _ in range(TOKEN_FAILURES.limit + 5):
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {prefix}_wrong-secret"})
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {prefix}_wrong"}).status_code == 429
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {good}"}).status_code == 200
    # Guesses at the token's prefix are refused from any address once that prefix is past its limit.
    elsewhere = client.get("/api/v1/me", headers={"Authorization": f"Bearer {prefix}_x"}, REMOTE_ADDR="10.9.9.9")
    assert elsewhere.status_code == 429
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {good}"}, REMOTE_ADDR="10.9.9.9").status_code == 200
    )


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(client, coordinator, settings):
    from vereinbar.accounts.api_auth import TOKEN_FAILURES
    from vereinbar.accounts.services import token_create

    settings.VEREINBAR_TRUSTED_PROXIES = ["10.0.0.0/24"]
    good = token_create(user=coordinator, name="script").secret

    def call(token, forwarded, proxy="10.0.0.5"):
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": forwarded}
        return client.get("/api/v1/me", headers=headers, REMOTE_ADDR=proxy).status_code

    for _ in range(TOKEN_FAILURES.limit):
        assert call("vb_wrong", "203.0.113.7") == 401
    assert call("vb_wrong", "203.0.113.7") == 429
    # Another client through the same proxy: not limited, its valid token works.
    assert call("vb_wrong", "198.51.100.4") == 401
    assert call(good, "198.51.100.4") == 200
    # A client cannot escape its count by writing addresses of its own before the proxy's entry.
    assert call("vb_wrong", "1.2.3.4, 203.0.113.7") == 429
    # An untrusted peer's X-Forwarded-For is ignored: it is counted by its own address.
    for _ in range(TOKEN_FAILURES.limit):
        call("vb_wrong", "192.0.2.1", proxy="172.16.0.9")
    assert call("vb_wrong", "192.0.2.99", proxy="172.16.0.9") == 429


def test_client_address_reads_forwarded_for_only_from_trusted_proxies(rf, settings):
    from vereinbar.core.ratelimit import client_address

    def address(remote, forwarded=None):
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(rf.get("/", **meta))

    settings.VEREINBAR_TRUSTED_PROXIES = []
    assert address("10.0.0.5", "203.0.113.7") == "10.0.0.5"
    settings.VEREINBAR_TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/32"]
    assert address("10.0.0.5", "203.0.113.7") == "203.0.113.7"
    assert address("10.0.0.5", "203.0.113.7, 10.0.0.6") == "203.0.113.7"  # two proxies of ours
    assert address("10.0.0.5", "6.6.6.6, 203.0.113.7") == "203.0.113.7"  # the client's own entry is not believed
    assert address("10.0.0.5", "junk, 203.0.113.7") == "203.0.113.7"
    assert address("10.0.0.5", "203.0.113.7, junk") == "10.0.0.5"  # nothing after junk is ours to believe
    assert address("10.0.0.5") == "10.0.0.5"
    assert address("2001:db8::1", "2001:db9::7") == "2001:db9::7"
    assert address("192.0.2.1", "203.0.113.7") == "192.0.2.1"


def test_login_is_throttled(client, coordinator, settings):
    from tests.conftest import PASSWORD

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": coordinator.email, "password": "wrong"})
    locked = client.post("/en/accounts/login/", {"username": coordinator.email, "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # The account's owner, from their own address, still gets in.
    client.post(
        "/en/accounts/login/", {"username": coordinator.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert client.session.get("_auth_user_id") == str(coordinator.pk)


def test_login_throttling_behind_a_trusted_proxy_counts_the_real_client(client, coordinator, settings):
    from tests.conftest import PASSWORD

    settings.VEREINBAR_TRUSTED_PROXIES = ["10.0.0.5"]
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(
            "/en/accounts/login/",
            {"username": coordinator.email, "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    client.post(
        "/en/accounts/login/",
        {"username": coordinator.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert client.session.get("_auth_user_id") == str(coordinator.pk)


@pytest.mark.parametrize("url", ["/en/", "/en/accounts/login/", "/en/s/", "/api/v1/health"])
def test_security_headers(client, url):
    response = client.get(url)
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers  # only with HTTPS


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=False)
def test_hsts_over_https(client):
    response = client.get("/en/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_settings_switch_on_hsts_and_secure_cookies():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "VEREINBAR_HTTPS": "true",
        "VEREINBAR_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "vereinbar.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    hsts, session_secure, csrf_secure, redirect = out.split()
    assert int(hsts) >= 31536000
    assert session_secure == csrf_secure == redirect == "True"


def test_evidence_downloads_are_in_the_history(world, login, client):
    evidence = world.objects["evidence"]
    cycle = world.objects["cycle"]
    client.force_login(world.users["auditor"], backend="django.contrib.auth.backends.ModelBackend")
    before = Entry.objects.filter(verb="evidence.downloaded").count()
    response = client.get(f"/en/operator/cycles/{cycle.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 200
    response = client.get(f"/api/v1/cycles/{cycle.pk}/evidence/{evidence.pk}")
    assert response.status_code == 200
    entries = Entry.objects.filter(verb="evidence.downloaded").order_by("pk")
    assert entries.count() == before + 2
    assert {entry.actor for entry in entries[before:]} == {world.users["auditor"]}
    assert entries.last().organisation == cycle.organisation
    # A refused download leaves no trace and reveals nothing.
    client.force_login(world.users["outsider"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/api/v1/cycles/{cycle.pk}/evidence/{evidence.pk}").status_code == 404
    assert Entry.objects.filter(verb="evidence.downloaded").count() == before + 2


def test_raw_survey_exports_are_in_the_history(world, client):
    survey = world.objects["survey"]
    client.force_login(world.users["contributor"], backend="django.contrib.auth.backends.ModelBackend")
    url = f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/raw/"
    response = client.post(url)
    assert response.status_code == 200
    entry = Entry.objects.filter(verb="survey.raw_data_exported").get()
    assert entry.actor == world.users["contributor"]


def test_wrong_survey_codes_are_limited_but_a_valid_code_still_opens(client, world):
    from vereinbar.surveys.views import public

    for _ in range(public.FAILURE_LIMIT):
        assert client.post("/en/s/", {"code": "ABCD-EFGH-JKLM"}).status_code == 200
    assert client.post("/en/s/", {"code": "ABCD-EFGH-JKLM"}).status_code == 429
    assert client.get("/en/s/not-a-token/").status_code == 429
    # Someone else's typing errors from the same address lock no respondent out.
    link = world.values["token"]
    assert client.get(f"/en/s/{link}/").status_code == 200
    assert client.post("/en/s/", {"code": link}).status_code == 302
