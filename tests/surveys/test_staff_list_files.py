"""Staff lists as county HR departments export them: German or Dutch Excel, headings in either
language, blank lines, people listed twice, units spelt a little differently; what the
coordinator reads beside the upload field, and that a faulty list changes nothing."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vereinbar.surveys.models import SurveyInvitation
from vereinbar.surveys.staff_csv import staff_list_parse


def _parse(raw: bytes, languages: tuple[str, ...] = ("de", "nl")):
    return staff_list_parse(raw, default_language="de", languages=list(languages))


def test_a_german_excel_file_with_a_separator_line_blank_lines_and_a_repeated_person():
    text = "sep=;\r\nE-Mail-Adresse;Organisationseinheit;Sprache\r\n\r\nanna@kreis.de;Kämmerei;Deutsch\r\n;;\r\n"
    text += "jan@kreis.de;Bürgerbüro;Nederlands\r\nANNA@kreis.de;kämmerei;de\r\n"
    parsed = _parse(text.encode("cp1252"))
    assert parsed.errors == []
    assert [(row.email, row.unit, row.language) for row in parsed.rows] == [
        ("anna@kreis.de", "Kämmerei", "de"),
        ("jan@kreis.de", "Bürgerbüro", "nl"),
    ]
    assert parsed.repeated == 1


def test_dutch_headings_in_a_utf8_file_with_bom_and_extra_columns():
    text = (
        "Achternaam;E-mailadres;Personeelsnummer;Afdeling;Taal\nde Vries;p.devries@gemeente.nl;17;Publiekszaken;nl-NL\n"
    )
    parsed = _parse(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert [(row.email, row.unit, row.language) for row in parsed.rows] == [
        ("p.devries@gemeente.nl", "Publiekszaken", "nl")
    ]


def test_a_person_listed_twice_with_different_units_names_both_lines():
    parsed = _parse(b"email;unit\n\na@kreis.de;Bauamt\nb@kreis.de;Bauamt\na@kreis.de;Jugendamt\n")
    assert parsed.errors == ["Line 5: a@kreis.de is already on line 3, with another unit or language."]


def test_an_excel_workbook_is_named_as_such():
    parsed = _parse(b"PK\x03\x04" + b"\x00" * 40)
    assert len(parsed.errors) == 1
    assert "spreadsheet file, not a CSV file" in parsed.errors[0] and "CSV UTF-8" in parsed.errors[0]


def test_headings_without_an_email_column_get_one_message():
    parsed = _parse("Name;Vorname;Dienststelle\nMüller;Anna;Kämmerei\nSmit;Jan;Bauamt\n".encode("cp1252"))
    assert parsed.rows == []
    assert parsed.errors == [
        "Line 1: no column is headed “E-Mail”. Head the column of addresses “E-Mail” and the column of units “Unit”."
    ]


def test_a_language_the_survey_does_not_offer_is_quoted_as_written():
    parsed = _parse("E-Mail;Abteilung;Sprache\nx@kreis.de;Bauamt;Französisch\n".encode("cp1252"))
    assert parsed.errors == ["Line 2: the language “Französisch” is not offered in this survey (de, nl)."]


UNITS = "Dezernat II – Jugend und Soziales\nDezernat II – Jugend und Soziales / Bürgerbüro Möhnesee\nBauamt"


@pytest.fixture
def county_survey(make_survey, client, coordinator):
    client.force_login(coordinator)
    return make_survey("open", units=UNITS, languages=["de", "nl"])


def _upload(client, survey, text: str, *, encoding: str = "cp1252", page: str = "en", language: str = "de"):
    url = f"/{page}/workspace/{survey.organisation.slug}/surveys/{survey.pk}/invitations/"
    upload = SimpleUploadedFile("Personalliste.csv", text.encode(encoding), content_type="text/csv")
    return client.post(url, {"file": upload, "language": language}, follow=True)


def test_a_list_with_unknown_units_changes_nothing_and_says_so_beside_the_field(client, county_survey):
    rows = "".join(f"person{i}@kreis.de;Bauamnt\r\n" for i in range(30))
    response = _upload(client, county_survey, "E-Mail;Abteilung\r\n" + rows + "x@kreis.de;\r\n")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing has been changed. Please correct the entries below." in page
    beside_field = page[page.index('id="id_file_error"') : page.index('name="file"')]
    # one message for the 30 lines that name the same unknown unit, with the unit meant
    assert "Lines 2, 3, 4, 5, 6 …: there is no unit “Bauamnt” in this survey. Did you mean “Bauamt”?" in beside_field
    assert "Line 32: the unit is missing." in beside_field
    assert not SurveyInvitation.objects.filter(survey=county_survey).exists()


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("de", "Diese Befragung hat folgende Organisationseinheiten: Bauamt; Dezernat II"),
        ("nl", "Dit onderzoek heeft deze afdelingen: Bauamt; Dezernat II"),
    ],
)
def test_a_unit_the_survey_lacks_is_answered_with_the_units_it_has(client, county_survey, page, text):
    """An open survey's units cannot change and the page with the errors does not show them: the
    message names the units the file may use, once, after the lines to correct."""
    response = _upload(client, county_survey, "E-Mail;Abteilung\r\na@kreis.de;Straßenmeisterei\r\n", page=page)
    content = response.content.decode()
    assert response.status_code == 400 and content.count(text) == 1
    assert "Bürgerbüro Möhnesee" in content[content.index(text) :]
    other = _upload(client, county_survey, "E-Mail;Abteilung\r\nkein-mail;Bauamt\r\n", page=page)
    assert other.status_code == 400 and text not in other.content.decode()


def test_a_dutch_list_finds_units_written_with_other_dashes_and_accents(client, county_survey):
    # Excel types "–" for "-"; a Mac writes "ö" as o + combining diaeresis
    unit = unicodedata.normalize("NFD", "Dezernat II - Jugend und Soziales / Bürgerbüro  Möhnesee")
    rows = [f"medewerker{i}@kreis.de;{unit};nl\n" for i in range(1200)]
    text = "E-mailadres;Afdeling;Taal\n" + "".join(rows) + "\n" + "".join(rows[:60])
    response = _upload(client, county_survey, text, encoding="utf-8-sig", page="nl", language="nl")
    page = response.content.decode()
    assert response.status_code == 200
    assert "1.200 uitnodigingen worden verzonden" in page
    assert "60 regels herhaalden eerdere regels van het bestand; iedereen krijgt één uitnodiging." in page
    assert SurveyInvitation.objects.filter(survey=county_survey, unit__name="Bürgerbüro Möhnesee").count() == 1200


def test_units_pasted_from_two_excel_columns_become_departments_and_teams(client, make_survey, coordinator):
    # a list grouped by department leaves the department cell empty below its first team
    pasted = "Dezernat I\tKämmerei\n\tBürgerbüro\t\nDezernat II\tJugendamt\nBauamt\n"
    survey = make_survey(units=pasted)
    client.force_login(coordinator)
    page = client.get(f"/en/workspace/{survey.organisation.slug}/surveys/{survey.pk}/").content.decode()
    assert "<li><strong>Dezernat I</strong>: Kämmerei, Bürgerbüro</li>" in page
    assert "<li><strong>Dezernat II</strong>: Jugendamt</li>" in page
    assert "<li><strong>Bauamt</strong></li>" in page


def test_a_list_with_many_bad_addresses_shows_fifty_and_counts_the_rest(client, county_survey):
    rows = "".join(f"person{i}(at)kreis.de;Bauamt\r\n" for i in range(62))
    page = _upload(client, county_survey, "E-Mail;Abteilung\r\n" + rows).content.decode()
    assert "Line 51: “person49(at)kreis.de” is not an e-mail address." in page
    assert "Line 52:" not in page
    assert "… and 12 more lines to correct." in page
