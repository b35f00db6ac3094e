"""A new employer is told what happens next: on the registration form (and, after an error, what
to correct), in the pending workspace, and on a programme's public page."""

import re
from pathlib import Path

import pytest

from tests.cycles.conftest import programme_from_file
from tests.factories import MembershipFactory, OrganisationFactory
from vereinbar.accounts.roles import Role
from vereinbar.organisations.models import OrganisationStatus
from vereinbar.programmes.models import Programme

pytestmark = pytest.mark.django_db

LIBRARY = Path(__file__).resolve().parents[2] / "library" / "programmes"


WAIT_HINT = {
    "de": "(möglich, sobald die Registrierung freigegeben ist)",
    "nl": "(mogelijk zodra de aanmelding is goedgekeurd)",
}


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("language", "next_heading", "summary"),
    [
        ("de", "So geht es weiter", "Noch ist nichts gespeichert: 2 Angaben müssen korrigiert werden."),
        ("nl", "Zo gaat het verder", "Er is nog niets opgeslagen: 2 gegevens moeten worden verbeterd."),
    ],
)
def test_a_refused_registration_lists_its_errors_at_the_top_and_keeps_the_entries(
    client, language, next_heading, summary
):
    page = client.get(f"/{language}/register/").content.decode()
    assert next_heading in visible(page)
    response = client.post(
        f"/{language}/register/",
        {
            "name": "Gemeente Voorbeeld",
            "kind": "municipality",
            "staff_count": "300",
            "full_name": "Anna",
            "password": "a long enough passphrase",
            "password_again": "a long enough passphrase",
            "language": language,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and summary in visible(page)
    start = page.index('id="form-errors"')
    summary_box = page[start : page.index("<form", start)]
    assert 'href="#id_country"' in summary_box and 'href="#id_email"' in summary_box
    assert 'value="Gemeente Voorbeeld"' in page and 'value="300"' in page


@pytest.mark.parametrize(
    ("language", "wait_text"),
    [
        ("de", "Sobald die Registrierung freigegeben ist, können Sie sich für ein Programm bewerben."),
        ("nl", "Zodra de aanmelding is goedgekeurd, kunt u deelname aan een programma aanvragen."),
    ],
)
def test_a_pending_employer_is_not_sent_to_an_application_it_cannot_make(login, language, wait_text):
    organisation = OrganisationFactory(status=OrganisationStatus.PENDING)
    membership = MembershipFactory(organisation=organisation, role=Role.COORDINATOR)
    client = login(membership.user)
    page = client.get(f"/{language}/workspace/{organisation.slug}/").content.decode()
    assert wait_text in visible(page)
    assert f"/{language}/workspace/{organisation.slug}/cycles/#apply" not in page
    checklist = page[page.index('<section class="kern-card first-steps"') :]
    checklist = checklist[: checklist.index("</section>")]
    assert "/cycles/" not in checklist and WAIT_HINT[language] in visible(checklist)


def test_an_approved_employer_without_a_programme_is_offered_the_application(login, coordinator, employer_org):
    page = login(coordinator).get(f"/nl/workspace/{employer_org.slug}/").content.decode()
    assert f"/nl/workspace/{employer_org.slug}/cycles/#apply" in page


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("de", "Als Arbeitgeber teilnehmen", "Ihre Organisation registrieren"),
        ("nl", "Als werkgever deelnemen", "Uw organisatie aanmelden"),
    ],
)
def test_a_programme_page_tells_a_visitor_how_to_take_part(client, operator_org, language, heading, button):
    programme = programme_from_file(LIBRARY / "erkenning-mantelzorgvriendelijk.yaml", operator_org)
    slug = "erkenning-mantelzorgvriendelijk"
    page = visible(client.get(f"/{language}/programmes/{slug}/").content.decode())
    assert heading in page and button in page
    Programme.objects.filter(pk=programme.pk).update(operator=None)
    assert heading not in visible(client.get(f"/{language}/programmes/{slug}/").content.decode())


@pytest.mark.parametrize(("language", "next_label"), [("de", "Als Nächstes:"), ("nl", "Volgende stap:")])
def test_the_workspace_home_says_which_first_step_comes_next(login, language, next_label):
    organisation = OrganisationFactory(status=OrganisationStatus.PENDING, description="")
    membership = MembershipFactory(organisation=organisation, role=Role.COORDINATOR)
    page = login(membership.user).get(f"/{language}/workspace/{organisation.slug}/").content.decode()
    steps = re.findall(r'<li class="first-step([^"]*)" data-step="([a-z_]+)"([^>]*)>(.*?)</li>', page, re.S)
    marked = [
        key for _, key, current, text in steps if 'aria-current="step"' in current and next_label in visible(text)
    ]
    first_open = next(key for classes, key, _, _ in steps if "is-done" not in classes)
    assert marked == [first_open]


@pytest.mark.parametrize(("language", "question"), [("de", "Noch kein Konto?"), ("nl", "Nog geen account?")])
def test_the_login_page_shows_a_newcomer_the_way_to_register(client, language, question):
    page = client.get(f"/{language}/accounts/login/").content.decode()
    assert question in page and f'href="/{language}/register/"' in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "line"), [("de", "Hier bewerben Sie sich"), ("nl", "Hier vraagt u deelname")])
def test_the_approval_mail_links_straight_to_the_application(operator_admin, language, line):
    from allauth.account.models import EmailAddress
    from django.core import mail

    from vereinbar.organisations.services import organisation_approve, organisation_register

    organisation = organisation_register(
        details={"name": "Gemeente Voorbeeld", "kind": "municipality", "country": "NL"},
        user=None,
        full_name="Anna Beispiel",
        email="anna@voorbeeld.example",
        password="a long enough passphrase",
        language=language,
    ).organisation
    EmailAddress.objects.filter(email="anna@voorbeeld.example").update(verified=True)  # the link was followed
    organisation_approve(actor=operator_admin, organisation=organisation, comment="")
    body = mail.outbox[-1].body
    assert f"{line}" in body and f"/{language}/workspace/{organisation.slug}/cycles/#apply" in body


@pytest.mark.parametrize(("language", "order"), [("de", ["de", "nl", "en"]), ("nl", ["nl", "de", "en"])])
def test_the_profile_asks_for_the_description_in_the_readers_language_first(
    login, coordinator, employer_org, language, order
):
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    page = login(coordinator).get(f"/{language}/workspace/{employer_org.slug}/profile/").content.decode()
    assert re.findall(r'name="description_([a-z]{2})"', page) == order


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "meaning"),
    [
        ("de", "erfassen Sie Maßnahmen und sehen die Berichte"),
        ("nl", "legt u maatregelen vast en ziet u de rapporten"),
    ],
)
def test_an_invited_colleague_reads_what_their_role_may_do(client, login, coordinator, employer_org, language, meaning):
    from django.core import mail

    payload = {"email": "nieuw@voorbeeld.example", "role": "contributor", "language": language}
    login(coordinator).post(f"/{language}/workspace/{employer_org.slug}/members/", payload)
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    client.logout()
    assert meaning in client.get(path).content.decode()


@pytest.mark.parametrize(("language", "link_text"), [("de", "Profil bearbeiten"), ("nl", "Profiel bewerken")])
def test_a_rejected_employer_is_led_to_the_profile_it_must_correct(login, language, link_text):
    organisation = OrganisationFactory(status=OrganisationStatus.REJECTED, status_reason="Website fehlt.")
    membership = MembershipFactory(organisation=organisation, role=Role.COORDINATOR)
    page = login(membership.user).get(f"/{language}/workspace/{organisation.slug}/").content.decode()
    alert = page[page.index("kern-alert--danger") :]
    alert = alert[: alert.index("</form>")]
    assert f'href="/{language}/workspace/{organisation.slug}/profile/">{link_text}</a>' in alert
