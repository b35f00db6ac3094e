"""What people read on the operator's programme pages: titles, not internals, and nothing said twice."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.programmes.conftest import load
from vereinbar.programmes.display import deliverable_label

EXAMPLE = "urn:vereinbar:programme:example-audit"
KEY = "example-audit"


class VisibleText(HTMLParser):
    """The text a reader sees, split into what is inside ``<details class="technical">`` and the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: does it start a technical block?
        self.depth_technical = 0
        self.hidden = 0
        self.visible: list[str] = []
        self.technical: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "source"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        technical = tag == "details" and "technical" in classes
        self.stack.append(technical)
        self.depth_technical += technical
        self.hidden += tag in {"script", "style", "head"}

    def handle_endtag(self, tag):
        if tag in {"br", "img", "input", "meta", "link", "hr", "source"} or not self.stack:
            return
        self.depth_technical -= self.stack.pop()
        self.hidden -= tag in {"script", "style", "head"}

    def handle_data(self, data):
        if self.hidden:
            return
        (self.technical if self.depth_technical else self.visible).append(data)


def read(html: str) -> tuple[str, str]:
    parser = VisibleText()
    parser.feed(html)
    squash = lambda parts: re.sub(r"\s+", " ", " ".join(parts))  # noqa: E731
    return squash(parser.visible), squash(parser.technical)


def page(client, name: str, *args: str, language: str = "en", **query) -> str:
    with translation.override(language):
        target = reverse(f"programmes:{name}", args=args)
    response = client.get(target, query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_deliverable_kind_that_repeats_the_phase_title_is_left_out():
    with translation.override("de"):
        assert deliverable_label("annual_report", {"de": "Jahresbericht", "en": "Annual report"}) == ""
        assert deliverable_label("target_agreement", {"de": "ZIELVEREINBARUNG "}) == ""
        assert deliverable_label("review", {"de": "Bilanz der Zielvereinbarung"}) == "Prüfung"
    with translation.override("en"):
        # the title exists only in German: the English kind names the same thing in another language
        assert deliverable_label("target_agreement", {"de": "Zielvereinbarung"}) == ""
        assert deliverable_label("decision", {"en": "Board decision"}) == "Decision"


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_programme_page_names_a_phase_once_and_a_differing_kind_beside_it(
    login, auditor, example_version, language
):
    visible, _technical = read(page(login(auditor), "detail", KEY, language=language))
    annual, agreement, board, decision = {
        "de": ("Jahresbericht", "Zielvereinbarung", "Entscheidung des Gremiums", "Entscheidung"),
        "nl": ("Jaarverslag", "Doelenafspraak", "Besluit van de commissie", "Besluit"),
    }[language]
    assert annual in visible and f"{annual} – {annual}" not in visible
    assert agreement in visible and f"{agreement} – " not in visible
    assert f"{board} – {decision}" in visible


def test_programme_pages_show_the_identifier_only_in_the_labelled_technical_details(
    login, operator_admin, example_text
):
    load(example_text)
    load(example_text.replace('version: "2025.1"', 'version: "2025.2"', 1))
    client = login(operator_admin)
    for name, args, query in (
        ("index", (), {}),
        ("detail", (KEY,), {}),
        ("version", (KEY, "2025.1"), {}),
        ("compare", (KEY,), {"from": "2025.1", "to": "2025.2"}),
        ("upload", (), {}),
    ):
        for language in ("de", "nl"):
            visible, technical = read(page(client, name, *args, language=language, **query))
            assert "urn:" not in visible and "/api/v1" not in visible and ".md" not in visible, (name, language)
            if name in ("detail", "version"):
                assert EXAMPLE in technical
    detail = page(client, "detail", KEY)
    assert re.search(r'<dt>Technical identifier</dt><dd><code class="copyable">' + re.escape(EXAMPLE), detail)
    # the questionnaire the example names is not loaded: said in words, its identifier kept in the details
    visible, technical = read(detail)
    assert "a questionnaire that is not loaded on this platform" in visible
    assert "urn:vereinbar:instrument:example-staff-survey" in technical


def test_the_comparison_names_changed_fields_and_languages_in_words(login, auditor, example_text):
    load(example_text)
    changed = example_text.replace('version: "2025.1"', 'version: "2025.2"', 1)
    load(changed.replace("Flexible working time", "Flexible hours"))
    html = page(login(auditor), "compare", KEY, language="de", **{"from": "2025.1", "to": "2025.2"})
    visible, _technical = read(html)
    assert "› Titel › Englisch" in visible
    assert "› title" not in visible and "› en " not in visible
