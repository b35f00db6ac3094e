"""Single sign-on with OpenID Connect against a real provider process (oidc-provider under Node):
first sign-in links an account by verified e-mail or creates one without a role, and ID tokens
with a wrong audience, an expired one or a wrong nonce are refused by the library's checks."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from tests.accounts.oidc import (
    CLIENT_ID,
    PROVIDER_ID,
    new_key,
    query,
    random_nonce,
    running_provider,
    sign_in_at_provider,
    token_endpoint,
)
from tests.factories import MembershipFactory, UserFactory
from vereinbar.activity.models import Entry

pytestmark = pytest.mark.django_db

CALLBACK = f"http://testserver/sso/{PROVIDER_ID}/login/callback/"
ACCOUNTS = {
    "anna": {"email": "anna@stadt.example", "email_verified": True, "name": "Anna Andersen"},
    "ben": {"email": "ben@stadt.example", "email_verified": False, "name": "Ben Berger"},
    "carla": {"email": "carla@anderswo.example", "email_verified": True, "name": "Carla Conte"},
}


@pytest.fixture(scope="module")
def provider():
    with running_provider([CALLBACK], ACCOUNTS) as running:
        yield running


def _user_of(client):
    from django.contrib.auth import get_user

    request = type("R", (), {"session": client.session})()
    return get_user(request)


def _start(client) -> dict[str, str]:
    """Presses the provider's button on the login page: the site sends the browser to the provider."""
    response = client.post(f"/sso/{PROVIDER_ID}/login/")
    assert response.status_code == 302, response.content[:500]
    return {"url": response["Location"], **query(response["Location"])}


def test_the_login_page_offers_the_configured_provider(client, provider):
    provider.configure_site(name="Stadt Musterstadt")
    response = client.get("/de/accounts/login/")
    page = response.content.decode()
    assert f'action="/sso/{PROVIDER_ID}/login/"' in page and "Stadt Musterstadt" in page


def test_the_provider_pages_let_the_browser_go_on_to_the_provider(client, provider):
    provider.configure_site()
    for url in ("/de/accounts/login/", f"/sso/{PROVIDER_ID}/login/"):
        response = client.get(url)
        assert response.status_code == 200
        assert f"form-action 'self' {provider.issuer}" in response["Content-Security-Policy"]


def test_sign_in_with_the_provider_links_the_account_with_the_verified_email(client, provider):
    provider.configure_site(email_domains=["stadt.example"])
    anna = UserFactory(email="anna@stadt.example")
    start = _start(client)
    assert start["url"].startswith(provider.issuer)
    assert start["nonce"] and start["code_challenge_method"] == "S256" and start["client_id"] == CLIENT_ID

    back = sign_in_at_provider(start["url"], "anna")
    response = client.get(back.removeprefix("http://testserver"))

    assert response.status_code == 302 and response["Location"] == f"/{anna.preferred_language}/"
    assert _user_of(client).pk == anna.pk
    anna.refresh_from_db()
    assert anna.has_usable_password()  # linking by a verified e-mail keeps the password


def test_an_unverified_email_finds_no_account_and_creates_none(client, provider):
    provider.configure_site(email_domains=["stadt.example"])
    UserFactory(email="ben@stadt.example")
    back = sign_in_at_provider(_start(client)["url"], "ben")
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code != 302 or "/sso/" in response["Location"]
    assert isinstance(_user_of(client), AnonymousUser)


def test_a_provider_that_may_create_accounts_creates_one_without_a_role(client, provider):
    provider.configure_site(email_domains=["stadt.example"], allow_signup=True)
    back = sign_in_at_provider(_start(client)["url"], "anna")
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 302
    user = get_user_model().objects.get(email="anna@stadt.example")
    assert _user_of(client).pk == user.pk
    assert user.full_name == "Anna Andersen"
    assert not user.memberships.exists() and not user.has_usable_password()
    assert Entry.objects.filter(verb="account.created_by_provider", target_id=str(user.pk)).exists()


def test_without_permission_to_create_accounts_a_stranger_is_refused(client, provider):
    provider.configure_site(email_domains=["stadt.example"])
    back = sign_in_at_provider(_start(client)["url"], "anna")
    client.get(back.removeprefix("http://testserver"))
    assert isinstance(_user_of(client), AnonymousUser)
    assert not get_user_model().objects.filter(email="anna@stadt.example").exists()


def _sign_in(client, login: str, language: str = "de"):
    back = sign_in_at_provider(_start(client)["url"], login)
    return client.get(back.removeprefix("http://testserver"), HTTP_ACCEPT_LANGUAGE=language)


def test_a_provider_serves_only_its_email_domains(client, provider):
    provider.configure_site(email_domains=["stadt.example"], allow_signup=True)
    UserFactory(email="carla@anderswo.example")
    response = _sign_in(client, "carla")
    assert response.status_code == 403
    assert "nur Personen mit einer E-Mail-Adresse seiner eigenen Domains" in response.content.decode()
    assert isinstance(_user_of(client), AnonymousUser)


# --- a provider limited to organisations (docs/authentication.md, "Organisations served")


def test_a_provider_for_an_organisation_signs_in_its_people(client, provider, employer_org, other_employer_org):
    provider.configure_site(organisations=(employer_org,))
    anna = UserFactory(email="anna@stadt.example")
    MembershipFactory(user=anna, organisation=employer_org, role="viewer")
    MembershipFactory(user=anna, organisation=other_employer_org, role="viewer")  # and of another one too
    response = _sign_in(client, "anna")
    assert response.status_code == 302 and _user_of(client).pk == anna.pk


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", "Ihr Konto gehört zu einer Organisation, für die Stadt Musterstadt nicht zuständig ist."),
        ("nl", "Uw account hoort bij een organisatie waarvoor Stadt Musterstadt niet bedoeld is."),
        ("en", "Your account belongs to an organisation that Stadt Musterstadt does not serve."),
    ],
)
def test_a_provider_for_an_organisation_refuses_an_account_of_another_only(
    client, provider, employer_org, other_employer_org, language, words
):
    provider.configure_site(organisations=(employer_org,))
    anna = UserFactory(email="anna@stadt.example")
    MembershipFactory(user=anna, organisation=other_employer_org, role="coordinator")
    response = _sign_in(client, "anna", language)
    assert response.status_code == 403
    assert words in response.content.decode()
    assert isinstance(_user_of(client), AnonymousUser)
    assert not anna.socialaccount_set.exists()  # not linked either


def test_a_linked_account_is_refused_once_it_belongs_only_to_another_organisation(
    client, provider, employer_org, other_employer_org
):
    provider.configure_site(organisations=(employer_org,))
    anna = UserFactory(email="anna@stadt.example")
    membership = MembershipFactory(user=anna, organisation=employer_org, role="viewer")
    assert _sign_in(client, "anna").status_code == 302
    client.logout()
    membership.delete()
    MembershipFactory(user=anna, organisation=other_employer_org, role="viewer")
    assert _sign_in(client, "anna").status_code == 403  # the check runs at every sign-in, not only the first
    assert isinstance(_user_of(client), AnonymousUser)


def test_a_provider_for_an_organisation_never_signs_in_a_platform_admin(client, provider, employer_org):
    provider.configure_site(organisations=(employer_org,))
    UserFactory(email="anna@stadt.example", platform_admin=True)
    response = _sign_in(client, "anna", "en")
    assert response.status_code == 403
    assert "Platform admins sign in with their password" in response.content.decode()
    assert isinstance(_user_of(client), AnonymousUser)


def test_a_new_account_from_an_organisations_provider_waits_on_its_members_page(
    client, provider, employer_org, other_employer_org, coordinator, outsider
):
    from vereinbar.accounts import sso

    provider.configure_site(organisations=(employer_org,), allow_signup=True)
    assert _sign_in(client, "anna").status_code == 302
    anna = get_user_model().objects.get(email="anna@stadt.example")
    assert list(sso.waiting_for_role(organisation=employer_org)) == [anna]
    assert not sso.waiting_for_role(organisation=other_employer_org).exists()

    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/de/workspace/{employer_org.slug}/members/").content.decode()
    assert "Warten auf eine Rolle" in page and "anna@stadt.example" in page
    grant = f"/de/workspace/{employer_org.slug}/members/waiting/{anna.pk}/"
    assert client.post(grant, {"role": ""}).status_code == 302
    assert not anna.memberships.exists()  # no role chosen, none given

    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    assert (
        client.post(
            f"/de/workspace/{other_employer_org.slug}/members/waiting/{anna.pk}/", {"role": "viewer"}
        ).status_code
        == 404
    )
    assert client.post(grant, {"role": "viewer"}).status_code in (403, 404)
    assert not anna.memberships.exists()

    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(grant, {"role": "contributor"}).status_code == 302
    assert anna.memberships.get().role == "contributor"
    assert Entry.objects.filter(verb="membership.added", actor=coordinator).exists()
    assert not sso.waiting_for_role(organisation=employer_org).exists()
    assert client.post(grant, {"role": "viewer"}).status_code == 404  # no longer waiting


def test_the_admin_limits_a_provider_to_organisations(client, platform_admin, employer_org):
    from allauth.socialaccount.models import SocialApp

    client.force_login(platform_admin, backend="django.contrib.auth.backends.ModelBackend")
    add = "/admin/socialaccount/socialapp/add/"
    assert "organisations" in client.get(add).content.decode()
    response = client.post(
        add,
        {
            "provider": "openid_connect",
            "provider_id": "kreis",
            "name": "Kreis Musterstadt",
            "client_id": "kreis-client",
            "secret": "s3cret",
            "key": "",
            "settings": '{"server_url": "https://login.kreis.example"}',
            "scope-TOTAL_FORMS": "1",
            "scope-INITIAL_FORMS": "0",
            "scope-MIN_NUM_FORMS": "0",
            "scope-MAX_NUM_FORMS": "1",
            "scope-0-organisations": [str(employer_org.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app = SocialApp.objects.get(provider_id="kreis")
    assert list(app.scope.organisations.all()) == [employer_org]


# --- ID tokens the test signed with the provider's key, delivered by a token endpoint of its own


def _callback_with(client, provider, claims_for, *, key=None) -> object:
    """Starts a sign-in at the site, then answers its token request with a crafted ID token."""
    anna = UserFactory(email="anna@stadt.example")
    start = _start(client)
    answer = {"access_token": "opaque", "token_type": "Bearer"}
    with token_endpoint(answer) as url:
        from allauth.socialaccount.models import SocialApp

        app = SocialApp.objects.get(provider_id=PROVIDER_ID)
        app.settings = {**app.settings, "openid_configuration_overrides": {"token_endpoint": url}}
        app.save()
        answer["id_token"] = provider.sign(claims_for(provider, start["nonce"], anna.email), key=key)
        response = client.get(f"/sso/{PROVIDER_ID}/login/callback/", {"code": "a-code", "state": start["state"]})
        assert answer["requests"] == 1
    return response


@pytest.fixture
def crafted(provider):
    provider.configure_site(email_domains=["stadt.example"], fetch_userinfo=False)
    return provider


def test_a_crafted_but_correct_id_token_is_accepted(client, crafted):
    response = _callback_with(client, crafted, lambda p, nonce, email: p.id_token_claims(nonce=nonce, email=email))
    assert response.status_code == 302
    assert _user_of(client).email == "anna@stadt.example"


@pytest.mark.parametrize(
    "case",
    ["wrong audience", "expired", "wrong nonce", "no nonce", "other issuer", "signed by another key"],
)
def test_id_tokens_that_fail_the_checks_are_refused(client, crafted, case):
    def claims(p, nonce, email):
        past = int(time.time()) - 3600
        overrides = {
            "wrong audience": {"aud": "someone-else"},
            "expired": {"iat": past - 300, "exp": past},
            "wrong nonce": {"nonce": random_nonce()},
            "no nonce": {"nonce": None},
            "other issuer": {"iss": "http://127.0.0.1:1/elsewhere"},
            "signed by another key": {},
        }[case]
        claims = p.id_token_claims(nonce=nonce, email=email) | overrides
        return {name: value for name, value in claims.items() if value is not None}

    key = new_key() if case == "signed by another key" else None
    response = _callback_with(client, crafted, claims, key=key)
    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert isinstance(_user_of(client), AnonymousUser)
