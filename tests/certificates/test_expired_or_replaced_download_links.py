"""The certificate of an expired or renewed (replaced) award says so on the PDF
(test_certificate_standing.py); its download links in the workspace say so too, as a revoked
award's do, so that a coordinator knows before opening it that the PDF is marked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from vereinbar.certificates.models import Award, AwardStatus

pytestmark = pytest.mark.django_db

WORDING = {
    ("de", AwardStatus.EXPIRED): ("Abgelaufenes Zertifikat herunterladen (PDF)", "PDF (abgelaufen)"),
    ("nl", AwardStatus.EXPIRED): ("Verlopen certificaat downloaden (pdf)", "pdf (verlopen)"),
    ("de", AwardStatus.SUPERSEDED): ("Abgelöstes Zertifikat herunterladen (PDF)", "PDF (abgelöst)"),
    ("nl", AwardStatus.SUPERSEDED): ("Vervangen certificaat downloaden (pdf)", "pdf (vervangen)"),
}
# the award page and the cycle page name the award after its programme's kind (here a recognition)
ON_AWARD_PAGE = {
    ("de", AwardStatus.EXPIRED): "Abgelaufene Urkunde der Anerkennung herunterladen (PDF)",
    ("nl", AwardStatus.EXPIRED): "Verlopen oorkonde van de erkenning downloaden (pdf)",
    ("de", AwardStatus.SUPERSEDED): "Abgelöste Urkunde der Anerkennung herunterladen (PDF)",
    ("nl", AwardStatus.SUPERSEDED): "Vervangen oorkonde van de erkenning downloaden (pdf)",
}
PLAIN = {"de": "Urkunde der Anerkennung herunterladen (PDF)", "nl": "Oorkonde van de erkenning downloaden (pdf)"}


def links(client, award: Award, language: str) -> tuple[str, str]:
    """The download link's text on the award's page and in the awards list."""
    slug = award.organisation.slug
    page = client.get(f"/{language}{reverse('workspace_awards:detail', args=[slug, award.number])[3:]}")
    listed = client.get(f"/{language}{reverse('workspace_awards:list', args=[slug])[3:]}")
    return page.content.decode(), listed.content.decode()


@pytest.mark.parametrize(("language", "status"), list(WORDING))
def test_the_download_links_of_an_expired_or_replaced_award_say_so(awarded, parties, login, language, status):
    Award.objects.filter(pk=awarded.pk).update(status=status)
    page, listed = links(login(parties["coordinator"]), awarded, language)
    cell = WORDING[language, status][1]
    assert f'<span class="kern-label">{ON_AWARD_PAGE[language, status]}</span>' in page
    assert f"data-certificate>{cell}<" in listed


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_valid_award_past_its_validity_has_the_expired_wording_before_the_daily_task(
    awarded, parties, login, language
):
    Award.objects.filter(pk=awarded.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    page, listed = links(login(parties["coordinator"]), awarded, language)
    cell = WORDING[language, AwardStatus.EXPIRED][1]
    assert ON_AWARD_PAGE[language, AwardStatus.EXPIRED] in page and f"data-certificate>{cell}<" in listed


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_valid_award_keeps_the_plain_wording(awarded, parties, login, language):
    page, listed = links(login(parties["coordinator"]), awarded, language)
    assert f'<span class="kern-label">{PLAIN[language]}</span>' in page
    assert f"data-certificate>{'PDF' if language == 'de' else 'pdf'}<" in listed


@pytest.mark.parametrize(("language", "status"), list(WORDING))
def test_the_cycle_pages_certificate_button_says_expired_or_replaced_too(awarded, parties, login, language, status):
    Award.objects.filter(pk=awarded.pk).update(status=status)
    client = login(parties["coordinator"])
    path = reverse("workspace_cycles:detail", args=[awarded.organisation.slug, awarded.cycle_id])
    page = client.get(f"/{language}{path[3:]}").content.decode()
    assert f'<span class="kern-label">{ON_AWARD_PAGE[language, status]}</span>' in page  # as on the award page
