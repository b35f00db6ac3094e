"""Self-registration of a new employer and its review by operator admins."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.organisations.helpers import Api, field_errors
from vereinbar.accounts.models import Membership, User
from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Organisation, OrganisationStatus
from vereinbar.organisations.services import (
    REGISTRATION_TRANSITIONS,
    organisation_approve,
    organisation_register,
    organisation_reject,
    organisation_resubmit,
)

pytestmark = pytest.mark.django_db

REGISTER = "/nl/register/"


def registration(**changes):
    data = {
        "name": "Stichting Zorgzaam",
        "kind": "association",
        "sector": "social_services",
        "country": "nl",
        "region": "Zuid-Holland",
        "city": "Leiden",
        "staff_count": "85",
        "full_name": "Ria Registratie",
        "email": "Ria@Zorgzaam.example",
        "password": "a long enough passphrase",
        "password_again": "a long enough passphrase",
        "language": "nl",
    }
    data.update(changes)
    return data


@pytest.fixture
def pending(db):
    """A pending registration with its coordinator (Dutch-speaking)."""
    membership = organisation_register(
        details={"name": "Stichting Zorgzaam", "kind": "association", "country": "NL"},
        user=None,
        full_name="Ria Registratie",
        email="ria@zorgzaam.example",
        password="a long enough passphrase",
        language="nl",
    )
    # The registrant has followed the link in the confirmation mail (see test_registration_email_confirmed).
    EmailAddress.objects.filter(user=membership.user).update(verified=True)
    return membership.organisation


@pytest.mark.django_db(transaction=True)
def test_a_visitor_registers_an_employer_and_becomes_its_coordinator(client):
    response = client.post(REGISTER, registration())
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Stichting Zorgzaam")
    assert (organisation.status, organisation.country, organisation.type) == ("pending", "NL", "employer")
    assert organisation.registered_at is not None
    assert response["Location"] == f"/nl/workspace/{organisation.slug}/"
    user = User.objects.get(email="ria@zorgzaam.example")
    assert user.preferred_language == "nl" and user.check_password("a long enough passphrase")
    assert Membership.objects.get(organisation=organisation).role == "coordinator"
    assert Entry.objects.filter(verb="organisation.registered", organisation=organisation).exists()
    # Logged in, the coordinator can already work on the profile.
    assert client.get(f"/nl/workspace/{organisation.slug}/profile/").status_code == 200
    page = client.get(f"/nl/workspace/{organisation.slug}/").content.decode()
    assert 'role="status"' in page
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ria@zorgzaam.example"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "nl"
    assert f"/nl/workspace/{organisation.slug}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password": "short", "password_again": "short"}, "password"),
        ({"password_again": "something else entirely"}, "password_again"),
        ({"country": "Netherlands"}, "country"),
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_bad_registration_input_is_named_next_to_its_field_and_creates_nothing(client, changes, field):
    response = client.post(REGISTER, registration(**changes))
    assert response.status_code == 200
    assert field_errors(response, field)
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_an_existing_account_must_log_in_first(client, viewer):
    response = client.post("/en/register/", registration(email=viewer.email.upper()))
    assert "log in first" in " ".join(field_errors(response, "email"))
    assert not Organisation.objects.filter(name="Stichting Zorgzaam").exists()


def test_a_logged_in_user_registers_without_a_new_account(login, viewer):
    client = login(viewer)
    page = client.get(REGISTER).content.decode()
    assert 'name="password"' not in page
    response = client.post(REGISTER, {"name": "Tweede Werkgever", "kind": "company", "country": "NL"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Tweede Werkgever")
    assert Membership.objects.get(organisation=organisation).user == viewer
    assert User.objects.count() == 1


def test_slugs_are_unique_and_never_a_reserved_path(db):
    first = organisation_register(
        details={"name": "Registrations", "kind": "company", "country": "DE"},
        user=UserFactory(),
    ).organisation
    second = organisation_register(
        details={"name": "Registrations", "kind": "company", "country": "DE"},
        user=UserFactory(),
    ).organisation
    assert first.slug == "registrations-organisation"
    assert second.slug == "registrations-organisation-2"


def test_a_pending_organisation_is_not_approved(pending):
    assert not pending.is_approved
    assert not Organisation.objects.approved().filter(pk=pending.pk).exists()


# --- Review -----------------------------------------------------------------------------


def test_operator_admins_of_any_operator_see_pending_registrations(login, operator_admin, platform_admin, pending):
    for user in (operator_admin, platform_admin):
        page = login(user).get("/de/operator/registrations/")
        assert page.status_code == 200 and "Stichting Zorgzaam" in page.content.decode()
        detail = login(user).get(f"/de/operator/registrations/{pending.slug}/")
        assert "ria@zorgzaam.example" in detail.content.decode()


def test_other_people_cannot_review_registrations(login, client, auditor, coordinator, pending):
    paths = ["", f"{pending.slug}/", f"{pending.slug}/approve/", f"{pending.slug}/reject/"]
    for path in paths:
        # Operator staff without the role: 403. Employers (the outsiders here): the area does not exist.
        assert login(auditor).post(f"/de/operator/registrations/{path}", {"reason": "x"}).status_code == 403
        assert login(coordinator).post(f"/de/operator/registrations/{path}", {"reason": "x"}).status_code == 404
    client.logout()
    assert client.get("/de/operator/registrations/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_only_self_registered_employers_are_shown_for_review(login, operator_admin, employer_org):
    assert login(operator_admin).get(f"/de/operator/registrations/{employer_org.slug}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_approving_tells_the_coordinator_in_their_language(login, operator_admin, pending):
    response = login(operator_admin).post(f"/de/operator/registrations/{pending.slug}/approve/", {"comment": "Welkom!"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.is_approved
    entry = Entry.objects.get(verb="organisation.approved", organisation=pending)
    assert (entry.actor, entry.before, entry.after) == (operator_admin, {"status": "pending"}, {"status": "approved"})
    message = mail.outbox[-1]
    assert message.to == ["ria@zorgzaam.example"] and message.extra_headers["Content-Language"] == "nl"
    assert "Welkom!" in message.body


@pytest.mark.django_db(transaction=True)
def test_rejecting_needs_a_reason_which_the_coordinator_receives(login, operator_admin, pending):
    client = login(operator_admin)
    response = client.post(f"/de/operator/registrations/{pending.slug}/reject/", {"reason": "  "})
    assert response.status_code == 200
    assert response.context["reject_form"].errors["reason"]
    pending.refresh_from_db()
    assert pending.status == "pending"

    sent = len(mail.outbox)
    client.post(f"/de/operator/registrations/{pending.slug}/reject/", {"reason": "Please give your website."})
    pending.refresh_from_db()
    assert (pending.status, pending.status_reason) == ("rejected", "Please give your website.")
    assert Entry.objects.get(verb="organisation.rejected").comment == "Please give your website."
    assert len(mail.outbox) == sent + 1 and "Please give your website." in mail.outbox[-1].body


def test_a_rejected_registration_is_corrected_and_submitted_again(login, operator_admin, pending):
    organisation_reject(actor=operator_admin, organisation=pending, reason="Website missing")
    coordinator = Membership.objects.get(organisation=pending).user
    client = login(coordinator)
    page = client.get(f"/de/workspace/{pending.slug}/").content.decode()
    assert "Website missing" in page
    assert client.post(f"/de/workspace/{pending.slug}/registration/resubmit/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == "pending" and pending.status_reason == ""


@pytest.mark.parametrize("current", list(OrganisationStatus))
@pytest.mark.parametrize("target", list(OrganisationStatus))
def test_every_registration_transition_follows_the_table(operator_admin, pending, current, target):
    Organisation.objects.filter(pk=pending.pk).update(status=current)
    pending.refresh_from_db()
    coordinator = Membership.objects.get(organisation=pending).user
    change = {
        OrganisationStatus.APPROVED: lambda: organisation_approve(actor=operator_admin, organisation=pending),
        OrganisationStatus.REJECTED: lambda: organisation_reject(
            actor=operator_admin, organisation=pending, reason="r"
        ),
        OrganisationStatus.PENDING: lambda: organisation_resubmit(actor=coordinator, organisation=pending),
    }[target]
    before = Entry.objects.count()
    if target in REGISTRATION_TRANSITIONS[current]:
        assert change().status == target
        assert Entry.objects.count() == before + 1
    else:
        with pytest.raises(ValidationError):
            change()
        pending.refresh_from_db()
        assert pending.status == current and Entry.objects.count() == before


def test_the_api_lists_approves_and_rejects_registrations(client, operator_admin, auditor, coordinator, pending):
    api = Api(client, operator_admin)
    listed = api.get("/organisations/registrations").json()["results"]
    assert [item["slug"] for item in listed] == [pending.slug]
    assert listed[0]["coordinators"] == ["ria@zorgzaam.example"]
    assert Api(client, auditor).get("/organisations/registrations").status_code == 403
    assert Api(client, coordinator).get("/organisations/registrations").status_code == 404
    assert Api(client, coordinator).post(f"/organisations/{pending.slug}/approve").status_code == 404
    no_reason = api.post(f"/organisations/{pending.slug}/reject", {"reason": ""})
    assert no_reason.status_code == 422 and no_reason.json()["details"][0]["field"] == "reason"
    approved = api.post(f"/organisations/{pending.slug}/approve", {"comment": ""})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = api.post(f"/organisations/{pending.slug}/approve", {"comment": ""})
    assert again.status_code == 409 and again.json()["code"] == "not_allowed_now"  # the state, as for cycles


def test_an_operator_admin_of_another_operator_may_review_too(client, pending):
    other_admin = UserFactory()
    MembershipFactory(user=other_admin, organisation=OrganisationFactory(operator=True), role="operator_admin")
    assert Api(client, other_admin).post(f"/organisations/{pending.slug}/approve").status_code == 200


def test_the_page_and_the_api_share_one_limit_of_registrations_per_address(client):
    """Each registration without an account makes an account: the page and the API count
    together, so neither door serves to make them in bulk."""
    for number in range(10):
        body = {
            "name": f"Zorgzaam API {number}",
            "kind": "association",
            "country": "NL",
            "full_name": "Ria Registratie",
            "email": f"api{number}@zorgzaam.example",
            "password": "a long enough passphrase",
        }
        assert (
            client.post("/api/v1/organisations/registrations", body, content_type="application/json").status_code == 201
        )
    for number in range(10):
        client.logout()
        page = client.post(REGISTER, registration(name=f"Zorgzaam {number}", email=f"page{number}@zorgzaam.example"))
        assert page.status_code == 302
    client.logout()
    refused = client.post(REGISTER, registration(name="Zorgzaam one more", email="more@zorgzaam.example"))
    assert refused.status_code == 429
    assert "Te veel aanmeldingen" in refused.content.decode()
    assert not User.objects.filter(email="more@zorgzaam.example").exists()
    assert not Organisation.objects.filter(name="Zorgzaam one more").exists()
    # Input errors are still named first: an invalid form counts nothing.
    assert client.post(REGISTER, registration(email="not-an-address")).status_code == 200


def test_a_weak_password_is_named_with_the_other_mistakes_at_once(client):
    """The rules of a password were checked only once the rest of the form was right: someone
    who corrected a missing kind and typed both passwords again learned only then that they
    were too short, and typed them a third time."""
    response = client.post(REGISTER, registration(kind="", password="12345", password_again="12345"))
    assert field_errors(response, "kind")
    said = " ".join(field_errors(response, "password"))
    assert "alleen cijfers" in said and "te algemeen" in said
    # a password like the name or address typed in the same form counts as like it
    alike = client.post(REGISTER, registration(kind="", password="Ria@Zorgzaam.example"))
    assert field_errors(alike, "password")
    assert not Organisation.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_the_browser_may_fill_in_the_persons_and_the_employers_name(client):
    page = client.get("/en/register/").content.decode()
    assert re.search(r'<input type="text" name="name"[^>]*autocomplete="organization"', page)
    assert re.search(r'<input type="text" name="full_name"[^>]*autocomplete="name"', page)
    # not the address: the browser's saved one is the person's home
    assert not re.search(r'name="(city|region)"[^>]*autocomplete=', page)
