"""Announcements: the operator writes them (texts in de/nl/en, a checked photo with caption,
credit and usage terms), publishes them, and they appear in the news list and the Atom feeds."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.certificates.conftest import award  # noqa: F401
from tests.cycles.conftest import load_programme, scored  # noqa: F401
from vereinbar.activity.models import Entry
from vereinbar.news import services
from vereinbar.news.models import Announcement, AnnouncementStatus

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(size=(40, 30), name="photo.png", exif=False) -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif:
        data = Image.Exif()
        data[0x010E] = "secret description"
        image.save(out, format="JPEG", exif=data)
        return SimpleUploadedFile(name.replace(".png", ".jpg"), out.getvalue(), content_type="image/jpeg")
    image.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


TEXTS = {
    "title_de": "Kreis Musterstadt ausgezeichnet",
    "text_de": "Der Kreis erhält die Auszeichnung.",
    "title_en": "Kreis Musterstadt recognised",
    "text_en": "The district receives the award.",
    "photo_caption_en": "The handover",
    "photo_caption_de": "Die Übergabe",
    "photo_credit": "A. Photographer",
    "photo_terms_en": "Free for press use with credit",
}


def form_data(**extra) -> dict[str, object]:
    return {**TEXTS, **extra}


@pytest.fixture
def published(award, operator_admin):  # noqa: F811
    announcement = services.announcement_create(
        actor=operator_admin, operator=award.programme.operator, award=award, texts=TEXTS, photo=png()
    )
    return services.announcement_publish(actor=operator_admin, announcement=announcement)


def test_the_operator_announces_an_unannounced_award_from_the_news_page(award, login, operator_admin):  # noqa: F811
    client = login(operator_admin)
    page = client.get("/en/operator/news/")
    assert page.status_code == 200
    assert client.get("/en/news/").content.decode().count('href="/en/operator/news/"') == 1
    assert client.get(f"/en/operator/news/add/?award={award.number}").status_code == 200
    link = f"/en/operator/news/add/?award={award.number}"
    assert link in page.content.decode()
    response = client.post(link, form_data(operator=award.programme.operator.pk, photo=png(), award=award.number))
    assert response.status_code == 302, response.content.decode()[:3000]
    announcement = Announcement.objects.get()
    assert announcement.award == award and announcement.programme == award.programme
    assert announcement.status == AnnouncementStatus.DRAFT and announcement.photo.name.startswith("news/")
    assert client.get("/en/news/").content.decode().count("Kreis Musterstadt recognised") == 0  # a draft
    assert award.number not in client.get("/en/operator/news/").content.decode().split("All announcements")[0]
    edit = client.get(f"/en/operator/news/{announcement.pk}/")
    assert edit.status_code == 200 and 'name="remove_photo"' in edit.content.decode()
    assert 'for="id_title_nl"' in edit.content.decode()  # every language has its labelled field
    client.post(f"/en/operator/news/{announcement.pk}/", form_data(publish="1"))
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.PUBLISHED and announcement.published_at
    assert set(Entry.objects.filter(verb__startswith="announcement.").values_list("verb", flat=True)) == {
        "announcement.created",
        "announcement.updated",
        "announcement.published",
    }


def test_on_a_phone_each_row_reads_as_a_card(award, published, login, operator_admin):  # noqa: F811
    Announcement.objects.filter(pk=published.pk).update(award=None)  # the award is waiting again
    page = login(operator_admin).get("/de/operator/news/").content.decode()
    # table.rows-narrow: below 40rem each row is a card that says "Programm: …", not a clipped column
    assert len(re.findall(r'<table class="kern-table rows-narrow" role="table"[ >]', page)) == 2
    # a screen reader's list of tables names each by its heading, as its scrolling region is
    assert 'role="table" aria-labelledby="announcements-heading">' in page
    for label in ("Programm", "Auszeichnungsstufe", "Ausgestellt am", "Status", "Veröffentlicht"):
        assert f'data-label="{label}"' in page, label


def test_published_news_is_listed_in_each_language_with_photo_credit_and_terms(published, client):
    english = client.get("/en/news/").content.decode()
    assert "Kreis Musterstadt recognised" in english and 'type="application/atom+xml"' in english
    german = client.get(f"/de/news/{published.pk}/").content.decode()
    assert "Kreis Musterstadt ausgezeichnet" in german and "Die Übergabe" in german
    assert "A. Photographer" in german and published.photo.url in german
    dutch = client.get(f"/nl/news/{published.pk}/").content.decode()  # no Dutch text: falls back
    assert "Kreis Musterstadt ausgezeichnet" in dutch or "Kreis Musterstadt recognised" in dutch
    detail = client.get(f"/en/news/{published.pk}/").content.decode()
    assert "Free for press use with credit" in detail
    assert f"/en/verify/{published.award.verification_code}/" in detail


def test_an_award_announcement_links_the_employers_profile_while_the_directory_lists_it(published, client, monkeypatch):
    organisation = published.award.organisation
    # not listed (the directory's rule, tested with the verification page): no link to a missing profile
    assert "in the employer directory" not in client.get(f"/en/news/{published.pk}/").content.decode()
    monkeypatch.setattr("vereinbar.news.views.public_profile_url", lambda org: f"/en/employers/{org.slug}/")
    detail = client.get(f"/en/news/{published.pk}/").content.decode()
    assert f'<a href="/en/employers/{organisation.slug}/">{organisation.name} in the employer directory</a>' in detail


def test_a_long_word_in_a_headline_breaks_at_a_syllable_on_a_phone(published, client):
    published.title_nl = "Nieuwe trainingsdata voor mantelzorgcontactpersonen"
    published.save()
    detail = client.get(f"/nl/news/{published.pk}/").content.decode()
    # a soft hyphen: a phone breaks the word there, not after whichever letter fits
    assert re.search("<h1>[^<]* man\u00adtel\u00adzorg", detail)
    assert "<title>Nieuwe trainingsdata voor mantelzorgcontactpersonen" in detail  # the tab's title stays plain
    assert "man\u00adtel\u00adzorg" in client.get("/nl/news/").content.decode()


def test_the_atom_feeds_overall_and_per_programme(published, client, load_programme):  # noqa: F811
    response = client.get("/de/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Kreis Musterstadt ausgezeichnet"]
    enclosure = entries[0].find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure is not None and enclosure.get("type") == "image/png"
    identifier = published.programme.identifier
    per_programme = ElementTree.fromstring(client.get(f"/en/news/programmes/{identifier}/feed/").content)  # noqa: S314
    assert [e.find(f"{ATOM}title").text for e in per_programme.findall(f"{ATOM}entry")] == [
        "Kreis Musterstadt recognised"
    ]
    other = load_programme("charter")
    empty = ElementTree.fromstring(client.get(f"/en/news/programmes/{other.identifier}/feed/").content)  # noqa: S314
    assert empty.findall(f"{ATOM}entry") == []
    assert client.get("/en/news/programmes/unknown/feed/").status_code == 404
    # Addresses name the programme by its short name, not its identifier ("urn:…"); the old
    # addresses keep working: the page moves permanently, a subscribed feed still answers.
    slug = identifier.rsplit(":", 1)[-1]
    page = client.get(f"/en/news/programmes/{slug}/")
    assert page.status_code == 200 and "urn:" not in page.content.decode()
    assert f'href="/en/news/programmes/{slug}/feed/"' in page.content.decode()
    moved = client.get(f"/en/news/programmes/{identifier}/?page=1")
    assert (moved.status_code, moved["Location"]) == (301, f"/en/news/programmes/{slug}/?page=1")
    assert ElementTree.fromstring(client.get(f"/en/news/programmes/{slug}/feed/").content).findall(f"{ATOM}entry")  # noqa: S314
    assert client.get("/en/news/programmes/urn:vereinbar:programme:unknown/").status_code == 404


def test_a_withdrawn_announcement_leaves_the_list_and_the_feed(published, client, operator_admin):
    services.announcement_withdraw(actor=operator_admin, announcement=published)
    assert b"recognised" not in client.get("/en/news/feed/").content
    assert client.get(f"/en/news/{published.pk}/").status_code == 404


def test_only_operator_admins_manage_news(award, login, coordinator, auditor, operator_admin, client):  # noqa: F811
    assert client.get("/en/operator/news/").status_code == 302  # to the login
    assert login(coordinator).get("/en/operator/news/").status_code == 404
    assert login(coordinator).get(f"/en/operator/news/add/?award={award.number}").status_code == 404
    assert login(auditor).get("/en/operator/news/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.announcement_create(actor=auditor, operator=award.programme.operator, award=award, texts=TEXTS)
    announcement = services.announcement_create(
        actor=operator_admin, operator=award.programme.operator, award=award, texts=TEXTS
    )
    assert login(coordinator).get(f"/en/operator/news/{announcement.pk}/").status_code == 404
    assert login(coordinator).post(f"/en/operator/news/{announcement.pk}/", form_data(publish="1")).status_code == 404
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT


def test_a_photo_is_checked_and_stored_re_encoded(award, login, operator_admin):  # noqa: F811
    client = login(operator_admin)
    url = f"/en/operator/news/add/?award={award.number}"
    fake = SimpleUploadedFile("photo.png", b"<svg onload='alert(1)'/>", content_type="image/png")
    page = client.post(url, form_data(operator=award.programme.operator.pk, photo=fake, award=award.number))
    assert page.status_code == 200 and "Upload a PNG, JPEG or WebP image" in page.content.decode()
    big = SimpleUploadedFile("big.png", b"0" * (5 * 1024 * 1024 + 1), content_type="image/png")
    page = client.post(url, form_data(operator=award.programme.operator.pk, photo=big, award=award.number))
    assert "The image may be at most 5.0\xa0MB;" in page.content.decode()
    assert not Announcement.objects.exists()
    photo = png(size=(3000, 1000), exif=True)
    announcement = services.announcement_create(
        actor=operator_admin, operator=award.programme.operator, award=award, texts=TEXTS, photo=photo
    )
    with Image.open(announcement.photo.path) as stored:
        assert max(stored.size) == 2000 and stored.format == "JPEG"
        assert not stored.getexif()


def test_a_photo_needs_caption_credit_and_terms_and_a_headline_needs_its_text(award, operator_admin):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        services.announcement_create(
            actor=operator_admin,
            operator=award.programme.operator,
            award=award,
            texts={"title_nl": "Kop", "text_de": "Text"},
            photo=png(),
        )
    assert set(error.value.message_dict) == {"text_nl", "photo_caption_en", "photo_credit", "photo_terms_en"}


def test_editing_replaces_and_removes_the_photo(published, operator_admin):
    old = published.photo.name
    updated = services.announcement_update(
        actor=operator_admin, announcement=published, texts={"text_en": "Changed."}, photo=png(name="new.png")
    )
    assert updated.photo.name != old and updated.text_en == "Changed."
    assert updated.status == AnnouncementStatus.PUBLISHED
    removed = services.announcement_update(actor=operator_admin, announcement=updated, texts={}, remove_photo=True)
    assert not removed.photo
    assert Entry.objects.filter(verb="announcement.updated").count() == 2


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Neuigkeiten der Programmträger, etwa verliehene Auszeichnungen und unterzeichnete Chartas."),
        ("nl", "Nieuws van de programma-uitvoerders, zoals toegekende erkenningen en ondertekende handvesten."),
    ],
)
def test_the_feed_describes_itself_as_the_news_page_does(published, client, language, said):
    """Operators announce events and training dates too: a feed reader that says it carries only
    awards and charters promised less than it shows, and than the news page says."""
    root = ElementTree.fromstring(client.get(f"/{language}/news/feed/").content)  # noqa: S314 (our own output)
    assert root.find(f"{ATOM}subtitle").text == said
    assert said in client.get(f"/{language}/news/").content.decode()
