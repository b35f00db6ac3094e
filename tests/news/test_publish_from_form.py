"""Publishing takes what the operator sees: "Save and publish" is a button of the edit form,
which validates, saves and publishes the form's content in one transaction (with a history
entry for each), shows errors next to the fields and publishes nothing on an error."""

from __future__ import annotations

import pytest

from tests.certificates.conftest import award  # noqa: F401
from tests.cycles.conftest import load_programme, scored  # noqa: F401
from tests.news.test_news import TEXTS, form_data, media  # noqa: F401
from vereinbar.activity.models import Entry
from vereinbar.news import services
from vereinbar.news.models import Announcement, AnnouncementStatus

pytestmark = pytest.mark.django_db

NO_PHOTO = {key: value for key, value in TEXTS.items() if not key.startswith("photo_")}


@pytest.fixture
def draft(award, operator_admin):  # noqa: F811
    return services.announcement_create(
        actor=operator_admin, operator=award.programme.operator, award=award, texts=NO_PHOTO
    )


def _verbs() -> list[str]:
    return list(Entry.objects.filter(verb__startswith="announcement.").order_by("pk").values_list("verb", flat=True))


def test_save_and_publish_publishes_the_unsaved_changes_of_the_form(draft, login, operator_admin):
    client = login(operator_admin)
    changed = {**NO_PHOTO, "title_en": "Changed before publishing", "publish": "1"}
    response = client.post(f"/en/operator/news/{draft.pk}/", changed)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.PUBLISHED and draft.title_en == "Changed before publishing"
    assert "The announcement was saved and published." in client.get(response.url).content.decode()
    assert "Changed before publishing" in client.get("/en/news/").content.decode()
    assert _verbs() == ["announcement.created", "announcement.updated", "announcement.published"]


def test_an_error_in_the_form_stands_at_its_field_and_nothing_is_saved_or_published(draft, login, operator_admin):
    client = login(operator_admin)
    broken = {**NO_PHOTO, "title_en": "A headline without its text", "text_en": "", "publish": "1"}
    page = client.post(f"/en/operator/news/{draft.pk}/", broken)
    assert page.status_code == 200
    html = page.content.decode()
    field = html.index('name="text_en"')
    assert html.rfind("A headline in this language needs a text in this language.", 0, field) > html.rfind(
        'name="title_en"', 0, field
    )  # the error sits with the English text field
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.DRAFT and draft.title_en == TEXTS["title_en"]
    assert _verbs() == ["announcement.created"]


def test_save_alone_keeps_a_draft_a_draft(draft, login, operator_admin):
    client = login(operator_admin)
    client.post(f"/en/operator/news/{draft.pk}/", {**NO_PHOTO, "title_en": "Only saved"})
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.DRAFT and draft.title_en == "Only saved"
    assert _verbs() == ["announcement.created", "announcement.updated"]


def test_a_new_announcement_can_be_saved_and_published_at_once(award, login, operator_admin):  # noqa: F811
    client = login(operator_admin)
    url = f"/en/operator/news/add/?award={award.number}"
    response = client.post(url, {**NO_PHOTO, "operator": award.programme.operator.pk, "publish": "1"})
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.status == AnnouncementStatus.PUBLISHED
    assert _verbs() == ["announcement.created", "announcement.published"]


def test_the_form_offers_save_and_publish_as_its_own_button_after_save(draft, login, operator_admin):
    html = login(operator_admin).get(f"/en/operator/news/{draft.pk}/").content.decode()
    form = html[html.index('enctype="multipart/form-data"') :]
    form = form[: form.index("</form>")]
    # one form: "Save" first (Enter in a field only saves), then "Save and publish"
    assert form.index(">Save<") < form.index('name="publish"') < form.index(">Save and publish<")
    assert "/publish/" not in html  # no second form publishing the stored state
    assert "{#" not in html and "Enter in a field" not in html  # the template's comment stays one
