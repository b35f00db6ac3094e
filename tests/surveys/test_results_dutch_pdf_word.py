"""Dutch writes "pdf" in lower case (Taalunie); the results page's buttons and labels do, and the
sentence on sharing the report with staff said "de PDF" twice beside them."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_dutch_results_page_writes_pdf_one_way(client, coordinator, closed_survey_with_answers):
    survey = closed_survey_with_answers
    client.force_login(coordinator)
    page = client.get(f"/nl/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/").content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    assert "maak dan de pdf in hun taal" in text
    assert "Pdf maken" in text  # a button: capital only as the first letter
    assert not re.search(r"\bde PDF\b", text)
