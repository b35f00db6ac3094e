"""The profile ("Steckbrief") and the logo: who may change them, and bad input changing nothing."""

import io

import pytest

from tests.organisations.helpers import Api, field_errors, image_bytes, upload
from vereinbar.activity.models import Entry
from vereinbar.organisations.logos import LOGO_LIMITS
from vereinbar.organisations.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/en/workspace/kreis-musterstadt/profile/"


def profile_data(**changes):
    data = {
        "name": "Kreis Musterstadt",
        "kind": "county_administration",
        "sector": "public_administration",
        "country": "DE",
        "region": "Nordrhein-Westfalen",
        "city": "Musterstadt",
        "staff_count": "1600",
        "inhabitants_served": "300000",
        "website": "https://www.musterstadt.example",
        "description_de": "Die Kreisverwaltung.",
        "description_nl": "",
        "description_en": "The county administration.",
    }
    data.update(changes)
    return data


def test_a_coordinator_edits_the_profile_and_the_history_shows_what_changed(login, coordinator, employer_org):
    response = login(coordinator).post(URL, profile_data(city="Musterstadt", inhabitants_served="300000"))
    assert response.status_code == 302
    employer_org.refresh_from_db()
    assert (employer_org.city, employer_org.inhabitants_served) == ("Musterstadt", 300000)
    assert employer_org.description_en == "The county administration."
    entry = Entry.objects.get(verb="organisation.updated", organisation=employer_org)
    assert entry.actor == coordinator
    assert entry.before["city"] == "" and entry.after["city"] == "Musterstadt"


def test_saving_an_unchanged_profile_writes_no_history(login, coordinator, employer_org):
    client = login(coordinator)
    client.post(URL, profile_data())
    count = Entry.objects.filter(verb="organisation.updated").count()
    client.post(URL, profile_data())
    assert Entry.objects.filter(verb="organisation.updated").count() == count


@pytest.mark.parametrize("persona", ["contributor", "viewer"])
def test_contributors_and_viewers_may_not_edit_the_profile(request, login, employer_org, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, profile_data(name="Hijacked")).status_code == 403
    assert Organisation.objects.get(pk=employer_org.pk).name == "Kreis Musterstadt"


def test_an_outsider_cannot_even_see_the_profile_page(login, outsider, employer_org):
    assert login(outsider).get(URL).status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "Germany"), ("website", "not a url"), ("staff_count", "-3"), ("kind", "castle"), ("name", "")],
)
def test_bad_profile_input_is_named_next_to_its_field_and_changes_nothing(
    login, coordinator, employer_org, field, value
):
    response = login(coordinator).post(URL, profile_data(**{field: value, "city": "Changed"}))
    assert response.status_code == 200
    assert field_errors(response, field)
    employer_org.refresh_from_db()
    assert employer_org.city == "" and employer_org.name == "Kreis Musterstadt"
    assert not Entry.objects.filter(verb="organisation.updated").exists()


def test_a_png_logo_is_stored_re_encoded_and_served_only_to_members(login, client, coordinator, viewer, outsider):
    response = login(coordinator).post(URL, {**profile_data(), "logo": upload("logo.png", image_bytes("PNG"))})
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="kreis-musterstadt")
    assert organisation.logo.name.startswith("logos/") and organisation.logo.name.endswith(".png")
    assert "logo.png" not in organisation.logo.name  # the uploader's file name is never used

    served = login(viewer).get("/en/workspace/kreis-musterstadt/logo/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert login(outsider).get("/en/workspace/kreis-musterstadt/logo/").status_code == 404


def test_a_jpeg_logo_loses_its_metadata(login, coordinator):
    from PIL import Image

    exif = Image.Exif()
    exif[0x010E] = "secret GPS notes"  # ImageDescription
    login(coordinator).post(URL, {**profile_data(), "logo": upload("photo.jpg", image_bytes("JPEG", exif=exif))})
    organisation = Organisation.objects.get(slug="kreis-musterstadt")
    with organisation.logo.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"\xff\xd8") and b"secret GPS notes" not in data


def test_a_large_image_is_scaled_down(login, coordinator):
    login(coordinator).post(URL, {**profile_data(), "logo": upload("big.webp", image_bytes("WEBP", (3000, 1500)))})
    from PIL import Image

    organisation = Organisation.objects.get(slug="kreis-musterstadt")
    with organisation.logo.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("WEBP", (1024, 512))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows executable renamed .png
        ("logo.png", b"#!/bin/sh\nrm -rf /\n"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.gif", image_bytes("GIF")),
        ("logo.png", image_bytes("PNG")[:60]),  # truncated
    ],
)
def test_a_file_that_is_not_a_png_jpeg_or_webp_is_refused_next_to_the_field(login, coordinator, name, content):
    response = login(coordinator).post(URL, {**profile_data(city="Changed"), "logo": upload(name, content)})
    assert response.status_code == 200
    assert "PNG, JPEG or WebP" in " ".join(field_errors(response, "logo"))
    organisation = Organisation.objects.get(slug="kreis-musterstadt")
    assert not organisation.logo and organisation.city == ""


def test_an_oversized_logo_is_refused_with_the_limit(login, coordinator):
    big = image_bytes("PNG") + b"\x00" * (LOGO_LIMITS.max_bytes + 1)
    response = login(coordinator).post(URL, {**profile_data(), "logo": upload("big.png", big)})
    assert response.status_code == 200
    assert "The image may be at most 2.0\xa0MB;" in " ".join(field_errors(response, "logo"))
    assert not Organisation.objects.get(slug="kreis-musterstadt").logo


def test_an_image_of_huge_dimensions_is_refused_before_decoding(login, coordinator):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (5000, 5000)).save(out, format="PNG")  # small file, 25 megapixels
    response = login(coordinator).post(URL, {**profile_data(), "logo": upload("wide.png", out.getvalue())})
    assert field_errors(response, "logo") == ["The image may be at most 4000 × 4000 pixels."]
    assert not Organisation.objects.get(slug="kreis-musterstadt").logo


def test_the_logo_can_be_removed_and_its_file_goes_too(login, coordinator, django_capture_on_commit_callbacks):
    client = login(coordinator)
    client.post(URL, {**profile_data(), "logo": upload("logo.png", image_bytes("PNG"))})
    organisation = Organisation.objects.get(slug="kreis-musterstadt")
    stored = organisation.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**profile_data(), "remove_logo": "on"})
    organisation.refresh_from_db()
    assert not organisation.logo
    assert not organisation.logo.storage.exists(stored)
    assert client.get("/en/workspace/kreis-musterstadt/logo/").status_code == 404


# --- API --------------------------------------------------------------------------------


def test_the_api_changes_only_the_profile_fields_sent(client, coordinator, employer_org):
    response = Api(client, coordinator).patch("/organisations/kreis-musterstadt", {"city": "Musterstadt"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["city"] == "Musterstadt" and body["name"] == "Kreis Musterstadt" and body["status"] == "approved"


def test_the_api_names_the_bad_field_and_changes_nothing(client, coordinator, employer_org):
    response = Api(client, coordinator).patch(
        "/organisations/kreis-musterstadt", {"city": "Elsewhere", "website": "nope"}
    )
    assert response.status_code == 422
    assert [detail["field"] for detail in response.json()["details"]] == ["website"]
    assert Organisation.objects.get(pk=employer_org.pk).city == ""


def test_the_api_refuses_profile_changes_by_viewers_and_hides_the_organisation_from_outsiders(
    client, viewer, outsider, employer_org
):
    assert Api(client, viewer).patch("/organisations/kreis-musterstadt", {"city": "X"}).status_code == 403
    assert Api(client, outsider).patch("/organisations/kreis-musterstadt", {"city": "X"}).status_code == 404
    assert Api(client, outsider).get("/organisations/kreis-musterstadt/logo").status_code == 404


def test_the_api_uploads_serves_and_removes_the_logo(client, coordinator, viewer, outsider, employer_org):
    api = Api(client, coordinator)
    response = api.upload("/organisations/kreis-musterstadt/logo", logo=upload("l.png", image_bytes("PNG")))
    assert response.status_code == 200, response.content
    assert response.json()["has_logo"] is True
    served = Api(client, viewer).get("/organisations/kreis-musterstadt/logo")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    bad = api.upload("/organisations/kreis-musterstadt/logo", logo=upload("x.png", b"MZ not an image"))
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "logo"
    assert (
        Api(client, viewer)
        .upload("/organisations/kreis-musterstadt/logo", logo=upload("l.png", image_bytes("PNG")))
        .status_code
        == 403
    )
    assert Api(client, outsider).delete("/organisations/kreis-musterstadt/logo").status_code == 404
    assert api.delete("/organisations/kreis-musterstadt/logo").json()["has_logo"] is False
