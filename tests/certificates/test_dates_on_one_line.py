"""A day written out ("1. September 2017") is one word on the award's and the cycle's pages: it
is written in a <time> element, which main.css never breaks after the day (on a phone, the fact
list's date would otherwise read "Ausgestellt am 1." / "September 2017"). The text stays the
language's DATE_FORMAT, so that mails, PDFs, CSV and the API are unchanged."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

MAIN_CSS = Path(__file__).resolve().parents[2] / "src" / "vereinbar" / "static" / "vereinbar" / "css" / "main.css"


@pytest.mark.parametrize(
    ("language", "written"), [("de", "1. September 2017"), ("nl", "1 september 2017"), ("en", "1 September 2017")]
)
def test_a_long_date_is_written_in_a_time_element_in_the_languages_format(language, written):
    template = Template("{% load dates %}{{ day|long_date }}|{{ none|long_date }}")
    with translation.override(language):
        html = template.render(Context({"day": date(2017, 9, 1), "none": None}))
    assert html == f'<time datetime="2017-09-01">{written}</time>|'


def test_time_elements_never_break_outside_tables_on_phones():
    css = MAIN_CSS.read_text(encoding="utf-8")
    assert re.search(r"(^|\n)time \{ white-space: nowrap; \}", css)


def _dates_in_facts(html: str) -> dict[str, str]:
    """The fact lists' terms and what each date term holds (dd markup)."""
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", html))


@pytest.mark.parametrize(
    ("language", "issued", "valid_from"),
    [("de", "Ausgestellt am", "Gültig ab"), ("nl", "Uitgereikt op", "Geldig vanaf")],
)
def test_the_award_and_cycle_pages_write_their_dates_as_one_word(awarded, parties, login, language, issued, valid_from):
    client = login(parties["coordinator"])
    slug, day = awarded.organisation.slug, awarded.issued_on.isoformat()
    with translation.override(language):
        award_page = reverse("workspace_awards:detail", args=[slug, awarded.number])
        cycle_page = reverse("workspace_cycles:detail", args=[slug, awarded.cycle_id])
    award_facts = _dates_in_facts(client.get(award_page).content.decode())
    cycle_facts = _dates_in_facts(client.get(cycle_page).content.decode())
    assert award_facts[valid_from].startswith(f'<time datetime="{day}">')
    assert cycle_facts[issued].startswith(f'<time datetime="{day}">')
