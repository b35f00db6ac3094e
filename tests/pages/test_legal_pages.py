"""The imprint, privacy and accessibility statements: linked from every page, shipped with
default texts in each language, editable by operator and platform admins (and nobody else),
rendered from Markdown without letting raw HTML through."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from tests.organisations.factories import ContactFactory
from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Visibility
from vereinbar.pages.models import LegalPage

pytestmark = pytest.mark.django_db

KINDS = ("imprint", "privacy", "accessibility")


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_every_page_links_the_three_legal_pages_in_its_footer(client, language):
    html = client.get(f"/{language}/").content.decode()
    for kind in KINDS:
        assert f'href="/{language}/{kind}/"' in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("de", "Durchsetzungsverfahren"),
        ("nl", "Handhavingsprocedure"),
        ("en", "Enforcement procedure"),
    ],
)
def test_the_default_accessibility_statement_has_the_standard_sections(client, language, heading):
    html = client.get(f"/{language}/accessibility/").content.decode().replace("\u00ad", "")  # soft hyphens
    assert html.count("<h2>") >= 4  # "how this statement was made" needs its dates, unknown here
    assert f"<h2>{heading}</h2>" in html


@pytest.mark.parametrize(
    ("language", "path", "heading"),
    [
        ("nl", "/nl/privacy/", "<h2>Ver\u00adwer\u00adkings\u00adver\u00adant\u00adwoor\u00adde\u00adlijke</h2>"),
        ("nl", "/nl/accessibility/", "<h1>Toe\u00adgan\u00adke\u00adlijk\u00adheids\u00adver\u00adkla\u00adring</h1>"),
        ("de", "/de/accessibility/", "<h2>Durch\u00adset\u00adzungs\u00adver\u00adfah\u00adren</h2>"),
    ],
)
def test_a_long_word_in_a_heading_breaks_at_a_syllable_in_every_browser(client, operator_org, language, path, heading):
    """Soft hyphens from the page's language: a phone breaks the heading at a syllable even in a
    browser without a hyphenation dictionary (hyphens: auto would then cut it at any letter)."""
    assert heading in client.get(path).content.decode()


def test_the_default_privacy_statement_explains_survey_anonymity_and_rights(client):
    html = client.get("/de/privacy/").content.decode().replace("\u00ad", "")  # headings' soft hyphens
    assert "Befragungen der Beschäftigten sind anonym" in html and "Ihre Rechte" in html and "Speicherdauer" in html


@pytest.mark.parametrize("kind", KINDS)
def test_the_dutch_legal_pages_quote_the_dutch_way(client, operator_org, kind):
    """Dutch quotes with ‘…’, as the rest of the Dutch interface does, never with the German „…”."""
    text = visible_text(client.get(f"/nl/{kind}/").content.decode())
    assert "„" not in text and "“" not in text


def test_the_dutch_privacy_statement_points_to_the_account_data_page(client, operator_org):
    text = visible_text(client.get("/nl/privacy/").content.decode())
    assert "Onder ‘Mijn account → Uw gegevens’ kunt u alle gegevens over uw account downloaden" in text


def test_the_operator_admin_changes_a_text_and_the_public_page_shows_it(client, login, operator_admin):
    client = login(operator_admin)
    url = reverse("operator_pages:edit", args=["imprint"])
    form = client.get(url).context["form"]
    assert "Digitale-Dienste-Gesetz" in form.initial["de"]  # starts from the shipped text
    response = client.post(url, {"de": "## Anbieter\n\nStadt Musterstadt\nMarkt 1", "nl": "", "en": ""})
    assert response.status_code == 302
    assert "Stadt Musterstadt<br />\nMarkt 1" in client.get("/de/imprint/").content.decode()
    # A language left empty keeps the default text.
    assert "free software for family- and care-friendly employers" in client.get("/en/imprint/").content.decode()
    page = LegalPage.objects.get(kind="imprint")
    assert Entry.objects.filter(verb="legal_page.updated", target_id=str(page.pk)).count() == 1


def test_raw_html_and_script_links_are_not_rendered(client, login, platform_admin):
    login(platform_admin).post(
        reverse("operator_pages:edit", args=["privacy"]),
        {"de": "<script>alert(1)</script>\n\n[Klick](javascript:alert(2))", "nl": "", "en": ""},
    )
    html = client.get("/de/privacy/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("persona", ["coordinator", "auditor", "board_member"])
def test_others_cannot_edit_the_legal_pages(client, login, request, persona):
    user = request.getfixturevalue(persona)
    response = login(user).post(reverse("operator_pages:edit", args=["imprint"]), {"de": "x", "nl": "", "en": ""})
    assert response.status_code in (403, 404)
    assert not LegalPage.objects.exists()


def test_an_unknown_page_is_not_found(client, login, operator_admin):
    assert login(operator_admin).get("/de/operator/pages/cookies/").status_code == 404


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".svg")


def test_the_operator_home_links_the_legal_pages_editor(client, login, operator_admin, auditor):
    assert reverse("operator_pages:list") in login(operator_admin).get("/en/operator/", follow=True).content.decode()
    assert reverse("operator_pages:list") not in login(auditor).get("/en/operator/", follow=True).content.decode()


PLACEHOLDER_TEXT = re.compile(r"\[[^\]\n]+\](?!\()")


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html.split("<main", 1)[1].split("</main>", 1)[0]).replace("\u00ad", "")


@pytest.mark.parametrize("language", ["de", "nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_visitors_never_read_a_placeholder_of_the_shipped_texts(client, operator_org, language, kind):
    text = visible_text(client.get(f"/{language}/{kind}/").content.decode())
    assert not PLACEHOLDER_TEXT.findall(text)
    assert "[" not in text


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("de", "Sie wird von Ein Programmträger betrieben."),
        ("nl", "Het platform wordt beheerd door Ein Programmträger."),
        ("en", "The platform is run by Ein Programmträger."),
    ],
)
def test_the_accessibility_statement_names_the_operator_and_its_public_contact(
    client, operator_org, settings, language, says
):
    settings.SITE_URL = "https://vereinbar.example"
    operator_org.name = "Ein Programmträger"
    operator_org.save()
    ContactFactory(
        organisation=operator_org, name="Servicestelle", email="service@example.org", visibility=Visibility.PUBLIC
    )
    html = client.get(f"/{language}/accessibility/").content.decode()
    text = visible_text(html)
    assert says in text
    assert "Servicestelle" in text and "service@example.org" in text
    assert '<a href="https://vereinbar.example/">vereinbar.example</a>' in html
    privacy = visible_text(client.get(f"/{language}/privacy/").content.decode())
    assert "Ein Programmträger" in privacy and "service@example.org" in privacy  # who is responsible


def test_a_text_the_operator_saved_gives_its_date_and_the_editor_still_shows_the_placeholders(
    client, login, operator_admin, operator_org
):
    body = "Diese Erklärung wurde am [Datum] erstellt. Geprüft von [Name der Prüfstelle].\n\nTelefon: [Telefonnummer]"
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        login(operator_admin).post(
            reverse("operator_pages:edit", args=["accessibility"]), {"de": body, "nl": "", "en": ""}
        )
    text = visible_text(client.get("/de/accessibility/").content.decode())
    assert "Diese Erklärung wurde am 2. März 2026 erstellt." in text
    assert "Geprüft von" not in text and "Telefon" not in text and "[" not in text
    editor = login(operator_admin).get(reverse("operator_pages:edit", args=["accessibility"])).content.decode()
    assert "[Name der Prüfstelle]" in editor and "[Telefonnummer]" in editor


def test_the_dutch_statement_still_names_the_national_ombudsman_when_the_local_one_is_unknown(client, operator_org):
    text = visible_text(client.get("/nl/accessibility/").content.decode())
    assert "U kunt ook terecht bij de Nationale ombudsman (www.nationaleombudsman.nl)." in text


# --- Placeholders: every one the shipped texts use is known; several operators are a list ---


def test_every_placeholder_of_the_shipped_texts_is_known():
    from pathlib import Path

    import vereinbar.pages
    from vereinbar.pages.placeholders import unknown_placeholders

    defaults = sorted((Path(vereinbar.pages.__file__).parent / "defaults").glob("*.md"))
    assert len(defaults) == 9
    unknown = {path.name: unknown_placeholders(path.read_text()) for path in defaults}
    assert unknown == {path.name: [] for path in defaults}
    assert unknown_placeholders("Geprüft von [Name der Prüfstelle]. Siehe [hier](https://x.example).") == [
        "[Name der Prüfstelle]"
    ]


@pytest.fixture
def two_operators(operator_org):
    from tests.organisations.factories import OrganisationFactory

    operator_org.name, operator_org.city = "zorg_*Werk*", "Utrecht"  # sorted by name, case aside
    operator_org.save()
    ContactFactory(organisation=operator_org, name="Loket", email="loket@zorg.example", visibility=Visibility.PUBLIC)
    other = OrganisationFactory(
        operator=True, name="Acme Programmträger", slug="acme-pt", city="Köln", website="https://acme.example/"
    )
    ContactFactory(organisation=other, name="Team", email="team@acme.example", visibility=Visibility.INTERNAL)
    return other


@pytest.mark.parametrize(
    ("language", "lead"),
    [
        ("de", "Mehrere Programmträger betreiben diese Plattform gemeinsam:"),
        ("nl", "Meerdere programma-uitvoerders beheren dit platform samen:"),
        ("en", "Several programme operators run this platform together:"),
    ],
)
def test_several_operators_are_listed_each_with_its_place_and_public_contact(client, two_operators, language, lead):
    for kind in ("imprint", "privacy"):
        html = client.get(f"/{language}/{kind}/").content.decode()
        text = visible_text(html)
        assert lead in text
        # its contact is not public: its website says where to find one
        assert (
            '<li><strong>Acme Programmträger</strong>, Köln, <a href="https://acme.example/">https://acme.example/</a>'
        ) in html
        assert (
            '<li><strong>zorg_*Werk*</strong>, Utrecht, <a href="mailto:loket@zorg.example">loket@zorg.example</a></li>'
        ) in html
        # one operator's address is not the platform's: no "E-Mail:" line below the list
        assert text.count("loket@zorg.example") == 1 and "team@acme.example" not in text
    accessibility = client.get(f"/{language}/accessibility/").content.decode()
    # the sentence naming them reads right for one operator and for several
    assert {
        "de": "Sie wird von Acme Programmträger und zorg_*Werk* betrieben.",
        "nl": "Het platform wordt beheerd door Acme Programmträger en zorg_*Werk*.",
        "en": "The platform is run by Acme Programmträger and zorg_*Werk*.",
    }[language] in visible_text(accessibility)
    assert '<li><strong>zorg_*Werk*</strong>: Loket, <a href="mailto:loket@zorg.example">' in accessibility


def test_the_editor_names_the_placeholders_visitors_do_not_see(client, login, operator_admin):
    LegalPage.objects.create(
        kind="imprint", body_de="Anbieter: [Name der Organisation]. Register: [Registernummer]", body_nl="", body_en=""
    )
    html = login(operator_admin).get("/de/operator/pages/imprint/").content.decode()
    notice = html.split("Platzhalter, die auf der veröffentlichten Seite nicht erscheinen", 1)[1].split("</ul>", 1)[0]
    assert "Deutsch: [Registernummer]</li>" in notice  # the operator's name fills the other one
    assert "Niederländisch: [Straat en huisnummer], [Postcode en plaats]," in notice


def test_the_list_of_legal_pages_counts_the_placeholders_visitors_do_not_see(client, login, operator_admin):
    LegalPage.objects.create(
        kind="imprint", body_de="Anbieter: [Name der Organisation]. Register: [Registernummer]", body_nl="", body_en=""
    )
    html = login(operator_admin).get("/de/operator/pages/").content.decode()
    imprint = html.split('href="/de/operator/pages/imprint/"', 1)[1].split("</li>", 1)[0]
    # the operator's name fills the other one; the one left is the sentence visitors miss
    assert (
        "1 Platzhalter ist nicht ausgefüllt: Besucherinnen und Besucher sehen die Zeile nicht, in der er steht."
        in imprint
    )
    assert 'Öffentliche Seite ansehen<span class="kern-sr-only">: Impressum</span>' in imprint
