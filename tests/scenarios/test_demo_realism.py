"""The demo reads like real histories: a renewed award points to the award that replaced it (on
the employer's award page and on the public verification page), and the files attached as
evidence are each employer's own, not one document copied across organisations."""

from __future__ import annotations

import io
import itertools
import re

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import translation

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.cycles.models import Evidence

pytestmark = pytest.mark.django_db


def _url(name: str, *args: object, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join((page.extract_text() or "") for page in pdf.pages)


def _operator() -> User:
    return User.objects.get(email="operator@berufundfamilie.example")


def _coordinator(slug: str) -> User:
    return Membership.objects.get(organisation__slug=slug, role=Role.COORDINATOR).user


def test_every_superseded_award_points_to_a_later_award_of_the_same_employer_and_programme():
    superseded = list(Award.objects.filter(status=AwardStatus.SUPERSEDED).select_related("superseded_by"))
    assert len(superseded) > 100  # the made-up employers' renewals as well as the real ones
    for award in superseded:
        successor = award.superseded_by
        assert successor is not None, award.number
        assert successor.organisation_id == award.organisation_id
        assert successor.programme_id == award.programme_id
        assert successor.issued_on > award.issued_on, award.number


def test_the_verification_page_of_a_made_up_employers_superseded_award_says_when_it_was_replaced(client):
    award = Award.objects.filter(status=AwardStatus.SUPERSEDED, organisation__is_example=True).first()
    assert award is not None
    page = client.get(_url("certificates:verify", award.verification_code)).content.decode()
    assert "Replaced on" in page
    # with the day of its renewal, the award named after its programme's kind
    assert re.search(r"This (certificate|recognition|charter signature) was renewed: on ", page)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_first_recognition_of_leiderdorp_links_the_one_valid_now(client, language):
    first, *_, current = Award.objects.filter(organisation__slug="gemeente-leiderdorp").order_by("issued_on")
    assert first.status == AwardStatus.SUPERSEDED and current.status == AwardStatus.VALID
    page = client.get(_url("certificates:verify", first.verification_code, language=language)).content.decode()
    assert f'href="{_url("certificates:verify", current.verification_code, language=language)}"' in page
    # the recognition's programme does not publish award days: the page says it was replaced, not when
    assert {"de": "Diese Anerkennung wurde verlängert", "nl": "Deze erkenning is verlengd"}[language] in page
    assert {"de": "Abgelöst am", "nl": "Vervangen op"}[language] not in page


def test_the_employers_award_page_names_the_award_that_replaced_it(client):
    client.force_login(_coordinator("landkreis-leer"))
    first, second = Award.objects.filter(organisation__slug="landkreis-leer").order_by("issued_on")
    page = client.get(_url("workspace_awards:detail", "landkreis-leer", first.number)).content.decode()
    assert f'href="{_url("workspace_awards:detail", "landkreis-leer", second.number)}"' in page
    read = re.sub(r"<[^>]+>", "", page)  # the number is a span of its own (kept whole)
    assert re.search(rf"(Certificate|Recognition|Charter signature) {second.number}", read)


def _same_kind_from_two_employers(files):
    """Two files of one title (the same kind of document), attached by two different employers."""
    by_title = itertools.groupby(
        files.select_related("cycle__organisation", "criterion").order_by("original_name", "pk"),
        key=lambda item: item.original_name,
    )
    for _title, group in by_title:
        first, *rest = list(group)
        others = [item for item in rest if item.cycle.organisation_id != first.cycle.organisation_id]
        if others:
            return first, others[0]
    raise AssertionError("no document title attached by two employers")


def _downloaded(client, item: Evidence) -> str:
    response = client.get(_url("operator_cycles:evidence", item.cycle_id, item.pk))
    assert response.status_code == 200
    return _text(b"".join(response.streaming_content))


def test_evidence_files_of_different_employers_differ_and_name_their_employer(client):
    client.force_login(_operator())
    examples = Evidence.objects.filter(cycle__organisation__is_example=True)
    pair = _same_kind_from_two_employers(examples.filter(criterion__isnull=False))
    texts = [_downloaded(client, item) for item in pair]
    assert texts[0] != texts[1]
    for item, text in zip(pair, texts, strict=True):
        assert item.cycle.organisation.name in text
        assert f"{item.criterion.code} " in text


def test_survey_reports_of_different_employers_give_their_own_figures(client):
    client.force_login(_operator())
    examples = Evidence.objects.filter(cycle__organisation__is_example=True, criterion__isnull=True)
    pair = _same_kind_from_two_employers(examples.filter(original_name__icontains="befragung"))
    texts = [_downloaded(client, item) for item in pair]
    assert texts[0] != texts[1]
    for item, text in zip(pair, texts, strict=True):
        assert item.cycle.organisation.name in text
        assert "Rücklauf" in text


def test_the_real_employers_attach_their_own_documents(client):
    leer = Evidence.objects.filter(cycle__organisation__slug="landkreis-leer").select_related("criterion")
    leiderdorp = Evidence.objects.filter(cycle__organisation__slug="gemeente-leiderdorp")
    assert leer.exists() and leiderdorp.exists()
    client.force_login(_coordinator("gemeente-leiderdorp"))
    # the file as attached (its copies in the renewals after it were taken over: ``answers_carry``)
    item = leiderdorp.get(original_name="Individueel Keuzebudget (IKB) vanaf 1 januari 2017.pdf", carried_from=None)
    response = client.get(_url("workspace_cycles:evidence", "gemeente-leiderdorp", item.cycle_id, item.pk))
    text = _text(b"".join(response.streaming_content))
    assert "Gemeente Leiderdorp" in text
    assert "1 januari 2017" in text
    assert item.uploaded_at.year == 2017  # uploaded with the application, not on the day the demo loaded
    assert {item.sha256 for item in leer}.isdisjoint({item.sha256 for item in leiderdorp})
