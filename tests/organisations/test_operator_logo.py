"""The operator's logo as part of the theme: its admins set it on the operator's profile page,
it shows in the page frame of the operator's pages (and, in an installation with one operator,
on every page), it is served to anyone, and a backup brings it back."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile

from tests.certificates.conftest import award, load_programme, open_cycle, scored  # noqa: F401
from tests.directory.conftest import catalogue, erkenning, leiderdorp, library_programme, recognised  # noqa: F401
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.organisations.helpers import field_errors, image_bytes, upload
from vereinbar.activity.models import Entry
from vereinbar.organisations.logos import LOGO_LIMITS
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PROFILE = "/en/operator/programme-operator/profile/"
HEADER_LOGO = re.compile(r'<img class="operator-logo" src="(?P<src>[^"]+)" alt="(?P<alt>[^"]*)">')


def operator_profile(**changes):
    data = {
        "name": "Programme Operator Ltd",
        "kind": "company",
        "sector": "professional_services",
        "country": "DE",
        "region": "Nordrhein-Westfalen",
        "city": "",
        "staff_count": "1600",
        "inhabitants_served": "",
        "website": "",
        "description_de": "",
        "description_nl": "",
        "description_en": "",
    }
    data.update(changes)
    return data


def header_logo(response) -> re.Match[str] | None:
    """The operator's logo in the page frame, if the page shows one."""
    html = response.content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    return HEADER_LOGO.search(header)


@pytest.fixture
def with_logo(operator_org):
    operator_org.logo.save("logo.png", ContentFile(image_bytes("PNG", (300, 80))), save=True)
    return operator_org


# --- Setting it -------------------------------------------------------------------------


def test_an_operator_admin_uploads_a_logo_and_the_history_records_it(login, operator_admin, operator_org):
    response = login(operator_admin).post(PROFILE, {**operator_profile(), "logo": upload("l.png", image_bytes("PNG"))})
    assert response.status_code == 302
    operator_org.refresh_from_db()
    assert operator_org.logo.name.startswith("logos/") and operator_org.logo.name.endswith(".png")
    entry = Entry.objects.get(verb="organisation.updated", organisation=operator_org)
    assert entry.actor == operator_admin and (entry.before["logo"], entry.after["logo"]) == ("no", "yes")


def test_an_oversized_logo_is_refused_next_to_the_field(login, operator_admin, operator_org):
    big = image_bytes("PNG") + b"\x00" * (LOGO_LIMITS.max_bytes + 1)
    response = login(operator_admin).post(PROFILE, {**operator_profile(), "logo": upload("big.png", big)})
    assert response.status_code == 200
    assert "The image may be at most 2.0\xa0MB;" in " ".join(field_errors(response, "logo"))
    operator_org.refresh_from_db()
    assert not operator_org.logo and not Entry.objects.filter(verb="organisation.updated").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.gif", image_bytes("GIF"), "Upload a PNG, JPEG or WebP image."),
        ("logo.png", b"<!DOCTYPE html><html><body>not a logo</body></html>", "Upload a PNG, JPEG or WebP image."),
        (
            "logo.svg",
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG images are not accepted, as they can contain scripts.",
        ),
        ("logo.png", b"<svg onload='alert(1)'/>", "SVG images are not accepted"),  # an SVG renamed .png
    ],
)
def test_a_wrong_type_or_a_fake_image_is_refused_next_to_the_field(
    login, operator_admin, operator_org, name, content, message
):
    response = login(operator_admin).post(PROFILE, {**operator_profile(city="Changed"), "logo": upload(name, content)})
    assert response.status_code == 200
    assert message in " ".join(field_errors(response, "logo"))
    operator_org.refresh_from_db()
    assert not operator_org.logo and operator_org.city == ""


def test_the_errors_are_in_the_page_language(login, operator_admin):
    client = login(operator_admin)
    svg = upload("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    german = client.post(PROFILE.replace("/en/", "/de/"), {**operator_profile(), "logo": svg})
    assert "SVG-Bilder werden nicht angenommen" in " ".join(field_errors(german, "logo"))
    fake = upload("logo.png", b"<html>not a logo</html>")
    dutch = client.post(PROFILE.replace("/en/", "/nl/"), {**operator_profile(), "logo": fake})
    assert "Upload een afbeelding in PNG, JPEG of WebP" in " ".join(field_errors(dutch, "logo"))


def test_an_admin_removes_the_logo_and_the_page_frame_has_none_again(
    login, operator_admin, with_logo, django_capture_on_commit_callbacks
):
    client = login(operator_admin)
    stored = with_logo.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROFILE, {**operator_profile(), "remove_logo": "on"})
    assert response.status_code == 302
    with_logo.refresh_from_db()
    assert not with_logo.logo and not with_logo.logo.storage.exists(stored)
    entry = Entry.objects.get(verb="organisation.updated", organisation=with_logo)
    assert (entry.before["logo"], entry.after["logo"]) == ("yes", "no")
    assert header_logo(client.get("/en/operator/programme-operator/")) is None
    assert client.get("/operators/programme-operator/logo").status_code == 404


@pytest.mark.parametrize("persona", ["auditor", "board_member"])
def test_operator_staff_who_are_not_admins_may_not_change_the_logo(request, login, with_logo, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(PROFILE).status_code == 403
    response = client.post(PROFILE, {**operator_profile(), "remove_logo": "on"})
    assert response.status_code == 403
    assert Organisation.objects.get(pk=with_logo.pk).logo


def test_outsiders_and_another_operators_admin_cannot_see_or_change_the_logo(login, with_logo, outsider):
    other = OrganisationFactory(operator=True, name="Other Operator", slug="other-operator")
    other_admin = UserFactory(email="admin@other-operator.example")
    MembershipFactory(user=other_admin, organisation=other, role="operator_admin")
    for user in (outsider, other_admin):
        client = login(user)
        assert client.get(PROFILE).status_code == 404
        response = client.post(PROFILE, {**operator_profile(), "logo": upload("l.png", image_bytes("PNG"))})
        assert response.status_code == 404
    stored = Organisation.objects.get(pk=with_logo.pk).logo.name
    assert stored == with_logo.logo.name
    assert not Entry.objects.filter(verb="organisation.updated").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, with_logo):
    response = client.post(PROFILE, {**operator_profile(), "remove_logo": "on"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Organisation.objects.get(pk=with_logo.pk).logo


# --- Showing it -------------------------------------------------------------------------


def test_the_operators_pages_show_its_logo_with_its_name_and_the_file_is_served_to_anyone(
    client,
    login,
    operator_admin,
    with_logo,
    award,  # noqa: F811
):
    pages = [
        (login(operator_admin), "/en/operator/programme-operator/"),
        (login(operator_admin), f"/en/operator/programmes/{award.programme.key}/"),
        (client, f"/de/verify/{award.verification_code}/"),
    ]
    for visitor, path in pages:
        response = visitor.get(path)
        assert response.status_code == 200, path
        logo = header_logo(response)
        assert logo is not None, path
        assert logo["alt"] == "Programme Operator Ltd"
    client.logout()
    served = client.get(logo["src"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    with with_logo.logo.open("rb") as stored:
        assert b"".join(served.streaming_content) == stored.read()
    assert "public" in served["Cache-Control"]


def test_the_logo_address_changes_with_a_new_logo(login, operator_admin, with_logo):
    client = login(operator_admin)
    before = header_logo(client.get("/en/operator/programme-operator/"))["src"]
    client.post(PROFILE, {**operator_profile(), "logo": upload("new.png", image_bytes("PNG", (90, 30)))})
    after = header_logo(client.get("/en/operator/programme-operator/"))["src"]
    assert before != after and before.split("?")[0] == after.split("?")[0]


def test_a_page_without_a_logo_looks_as_before(client, login, operator_admin, operator_org, award):  # noqa: F811
    assert header_logo(client.get(f"/en/verify/{award.verification_code}/")) is None
    assert header_logo(login(operator_admin).get("/en/operator/programme-operator/")) is None
    assert client.get("/operators/programme-operator/logo").status_code == 404


def test_an_employers_logo_is_not_served_as_an_operator_logo(client, employer_org):
    employer_org.logo.save("logo.png", ContentFile(image_bytes("PNG")), save=True)
    assert client.get("/operators/kreis-musterstadt/logo").status_code == 404
    assert client.post("/operators/kreis-musterstadt/logo").status_code == 404


def test_the_logo_address_only_reads(client, with_logo):
    assert client.head("/operators/programme-operator/logo").status_code == 200
    assert client.post("/operators/programme-operator/logo").status_code == 405


def test_with_one_operator_every_page_shows_its_logo_and_with_two_only_its_own_pages(
    client,
    login,
    operator_admin,
    with_logo,
    award,  # noqa: F811
):
    assert header_logo(client.get("/en/"))["alt"] == "Programme Operator Ltd"
    OrganisationFactory(operator=True, name="Second Operator", slug="second-operator")
    assert header_logo(client.get("/en/")) is None
    assert header_logo(client.get(f"/en/verify/{award.verification_code}/"))["alt"] == "Programme Operator Ltd"


def test_a_programmes_public_page_shows_its_operators_logo(client, with_logo, recognised):  # noqa: F811
    OrganisationFactory(operator=True, name="Second Operator", slug="second-operator")
    response = client.get("/nl/programmes/erkenning-mantelzorgvriendelijk/")
    assert response.status_code == 200
    assert header_logo(response)["alt"] == "Programme Operator Ltd"
    assert header_logo(client.get("/nl/")) is None


def test_a_cycle_page_shows_the_logo_of_its_programmes_operator(login, coordinator, with_logo, scored, open_cycle):  # noqa: F811
    OrganisationFactory(operator=True, name="Second Operator", slug="second-operator")
    cycle = open_cycle(scored)
    response = login(coordinator).get(f"/en/workspace/kreis-musterstadt/cycles/{cycle.pk}/")
    assert response.status_code == 200
    assert header_logo(response)["alt"] == "Programme Operator Ltd"
    assert header_logo(login(coordinator).get("/en/workspace/kreis-musterstadt/")) is None


# --- Backup ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_shows_and_serves_the_logo(client, with_logo, settings):
    from django.core.management import call_command

    from vereinbar.core.backup import backup_restore, backup_write

    with with_logo.logo.open("rb") as stored:
        original = stored.read()
    archive = io.BytesIO()
    backup_write(archive)
    call_command("flush", interactive=False, verbosity=0)
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            path.unlink()
    assert client.get("/operators/programme-operator/logo").status_code == 404

    archive.seek(0)
    backup_restore(archive)
    logo = header_logo(client.get("/en/"))
    assert logo is not None and logo["alt"] == "Programme Operator Ltd"
    served = client.get(logo["src"])
    assert served.status_code == 200 and b"".join(served.streaming_content) == original


def test_the_history_says_when_a_logo_was_replaced(login, operator_admin, with_logo):
    from vereinbar.activity.display import lines_for

    client = login(operator_admin)
    client.post(PROFILE, {**operator_profile(), "logo": upload("new.png", image_bytes("PNG", (90, 30)))})
    (entry,) = Entry.objects.filter(verb="organisation.updated", organisation=with_logo)
    (line,) = lines_for([entry])
    assert [(str(detail.label), str(detail.after), detail.before) for detail in line.details] == [
        ("Logo", "changed", None)
    ]
