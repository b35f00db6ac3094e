"""The practice report: the coordinator writes it and adds photos with credits in the
workspace; the public profile shows it while the organisation is listed."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.directory.conftest import award_issue
from vereinbar.activity.models import Entry
from vereinbar.directory.models import PracticePhoto

pytestmark = pytest.mark.django_db

URL = "/en/workspace/kreis-musterstadt/practice-report/"


def png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("holiday.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def listed(employer_org, library_programme):
    siegel = library_programme("qualitaetssiegel-familienfreundlicher-arbeitgeber")
    return award_issue(employer_org, siegel, issued_on=date(2025, 1, 10))


def test_the_coordinator_writes_the_report_and_the_public_reads_it(client, login, coordinator, listed):
    member = login(coordinator)
    response = member.post(
        URL, {"action": "save", "title_en": "Holiday childcare", "text_en": "Every summer, two weeks of play."}
    )
    assert response.status_code == 302
    response = member.post(
        URL, {"action": "add_photo", "image": png(), "description": "Children painting", "credit": "Jo Fotograf"}
    )
    assert response.status_code == 302
    photo = PracticePhoto.objects.get()
    assert photo.image.name.startswith("practice/") and "holiday" not in photo.image.name
    assert Entry.objects.filter(verb__startswith="practice_report.").count() == 2
    client.logout()
    page = client.get("/en/employers/kreis-musterstadt/").content.decode()
    assert "Holiday childcare" in page and "Every summer, two weeks of play." in page
    # the section says what it is; the employer's own title is under it
    assert '<h2 id="report-heading">Practice report</h2>\n  <h3>Holiday childcare</h3>' in page
    assert 'alt="Children painting"' in page and "Photo: Jo Fotograf" in page
    image = client.get(f"/en/employers/kreis-musterstadt/photos/{photo.pk}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_photo_needs_a_description_and_a_credit_and_must_be_an_image(login, coordinator, listed):
    member = login(coordinator)
    response = member.post(URL, {"action": "add_photo", "image": png(), "description": "", "credit": ""})
    assert response.status_code == 200 and not PracticePhoto.objects.exists()
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = member.post(URL, {"action": "add_photo", "image": fake, "description": "x", "credit": "y"})
    assert response.status_code == 200 and not PracticePhoto.objects.exists()
    assert "PNG, JPEG or WebP" in response.content.decode()


def test_only_the_coordinator_may_edit(client, login, contributor, outsider, listed):
    assert login(contributor).get(URL).status_code == 200
    assert login(contributor).post(URL, {"action": "save", "title_en": "x"}).status_code == 403
    assert login(outsider).get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_a_reader_sees_the_report_and_who_can_change_it_not_an_invitation(login, coordinator, viewer, listed):
    login(coordinator).post(URL, {"action": "save", "title_en": "Holiday childcare", "text_en": "Two weeks of play."})
    page = login(viewer).get(URL).content.decode()
    assert "Holiday childcare" in page and "Two weeks of play." in page
    assert "Only the coordinators of your organisation can change it." in page
    assert "Tell the public" not in page and "Save the report" not in page and "Add a photo" not in page


def test_photos_of_unlisted_organisations_are_not_public(client, login, coordinator, employer_org):
    login(coordinator).post(URL, {"action": "add_photo", "image": png(), "description": "d", "credit": "c"})
    photo = PracticePhoto.objects.get()
    assert client.get(f"/en/workspace/kreis-musterstadt/practice-report/photos/{photo.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/en/employers/kreis-musterstadt/photos/{photo.pk}/").status_code == 404


def test_each_languages_fields_are_grouped_under_the_languages_name(login, coordinator, listed):
    """A screen reader hears "German, group" before "Title (German)", not the title's label twice."""
    page = login(coordinator).get("/de/workspace/kreis-musterstadt/practice-report/").content.decode()
    legends = re.findall(r"<fieldset[^>]*>\s*<legend[^>]*>([^<]+)</legend>", page)
    assert legends[-3:] == ["Deutsch", "Niederländisch", "Englisch"]  # after the language switcher's
