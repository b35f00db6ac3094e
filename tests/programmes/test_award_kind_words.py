"""A charter's pages speak of its signature, not of certificates or recognitions: the directory's
page of the programme (no level filter without levels, "signed since"), the verification page's
seal button and the programme page's stage."""

from __future__ import annotations

import re

from tests.programmes.test_operator_files import CHARTER, CYCLE, DUTCH, programme, run, visible
from tests.programmes.test_operator_files import people as people  # the fixture, for the award
from vereinbar.programmes.keys import programme_keys


def test_the_charters_directory_page_speaks_of_signing_and_offers_no_empty_level_filter(db, client, operator_org):
    charter = programme(CHARTER, operator_org)
    path = f"/programmes/{programme_keys()[charter.identifier]}/"
    dutch = client.get(f"/nl{path}").content.decode()
    assert 'id="directory-level"' not in dutch  # the charter has no levels: only "All" to choose
    assert "Handvest ondertekend sinds" in dutch and "Erkend of gecertificeerd sinds" not in dutch
    assert "Meest recente ondertekening van het handvest eerst" in dutch
    assert "Meest recente erkenning eerst" not in dutch
    german = client.get(f"/de{path}").content.decode()
    assert "Charta unterzeichnet seit" in german and "Neueste Unterzeichnung der Charta zuerst" in german
    assert "Ausgezeichnet seit" not in german
    # the whole directory mixes kinds: the neutral words stay
    everything = client.get("/nl/").content.decode()
    assert "Erkend of gecertificeerd sinds" in everything and "Handvest ondertekend sinds" not in everything


def test_a_charter_signatures_seal_and_stage_read_in_the_charters_words(db, operator_org, people, employer_org, login):
    charter = programme(CHARTER, operator_org)
    cycle, _done = run(charter, people, employer_org, past_award=True)
    client = login(people["operator"])
    verify = visible(client.get(f"/nl/verify/{cycle.award.verification_code}/"))
    assert "Handvestlogo met het bewijs erin (SVG)" in verify
    assert "Keurmerk" not in verify
    key = programme_keys()[charter.identifier]
    page = visible(client.get(f"/de/operator/programmes/{key}/"))
    assert "Unterzeichnung der Charta Ohne Enddatum" in page
    assert "Auszeichnung" not in page.split("Stufen und Phasen", 1)[1].split("Phasen", 1)[0]
    dutch = visible(client.get(f"/nl/operator/programmes/{key}/"))
    assert "Ondertekening van het handvest Zonder einddatum" in dutch


def test_a_recognition_and_a_cycle_keep_their_own_words_on_the_programme_page(db, operator_org, operator_admin, login):
    client = login(operator_admin)
    recognition = programme(DUTCH, operator_org)
    page = visible(client.get(f"/de/operator/programmes/{programme_keys()[recognition.identifier]}/"))
    assert re.search(r"Anerkennung Gültig für \d+ Jahre", page), page
    cycle = programme(CYCLE, operator_org)  # a kind without an award's own name: the neutral word
    page = visible(client.get(f"/de/operator/programmes/{programme_keys()[cycle.identifier]}/"))
    assert re.search(r"Auszeichnung (Gültig für \d+ Jahre|Ohne Ablaufdatum)", page), page


def _directory_line(page: str, heading: str, after: str) -> str:
    return page.split(f" {heading} ", 1)[1].split(f" {after} ", 1)[0]


def test_the_programme_page_names_the_directory_and_due_dates_after_the_kind(db, operator_org, operator_admin, login):
    """The public directory's line and a due date counted from the award name the award as the
    programme's kind does; a kind without its own word keeps the neutral one."""
    client = login(operator_admin)
    charter = programme(CHARTER, operator_org)
    page = visible(client.get(f"/de/operator/programmes/{programme_keys()[charter.identifier]}/"))
    line = _directory_line(page, "Öffentliches Verzeichnis", "Technische Angaben")
    assert line == (
        "Arbeitgeber, die die Charta unterzeichnet haben, erscheinen dort mit: Profil, Unterzeichnung der Charta,"
        " Datum der Unterzeichnung, Öffentliche Antworten zu Kriterien"
    )
    recognition = programme(DUTCH, operator_org)
    dutch = visible(client.get(f"/nl/operator/programmes/{programme_keys()[recognition.identifier]}/"))
    line = _directory_line(dutch, "Openbaar register", "Technische gegevens")
    assert line.startswith("Erkende werkgevers staan erin met: Profiel, Erkenning, Niveau, Datum van de erkenning")
    assert "einddatum van de erkenning die geldt bij de start van de fase" in dutch
    german = visible(client.get(f"/de/operator/programmes/{programme_keys()[recognition.identifier]}/"))
    assert "Ablauf der zu Beginn der Stufe bestehenden Anerkennung" in german
    assert "bestehenden Auszeichnung" not in german and "Datum der Auszeichnung" not in german
    cycle = programme(CYCLE, operator_org)
    page = visible(client.get(f"/de/operator/programmes/{programme_keys()[cycle.identifier]}/"))
    assert _directory_line(page, "Öffentliches Verzeichnis", "Technische Angaben") == (
        "Ausgezeichnete Arbeitgeber werden dort nicht aufgeführt."
    )
