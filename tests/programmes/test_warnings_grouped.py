"""A file with Markdown in many texts warns once, listing the places (each with its mark), not
once per text: thirty boxes were a long scroll on a phone."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.programmes.conftest import load
from tests.programmes.test_operator_files import CYCLE, visible


def test_markdown_in_many_texts_gives_one_warning_listing_the_places(db, operator_org, operator_admin, login):
    markdown = load(CYCLE.read_text(encoding="utf-8"), filename=CYCLE.name, dry_run=True).warnings
    places = [w for w in markdown if w.code == "markdown_shown_as_typed"]
    assert len(places) > 2
    upload = SimpleUploadedFile(CYCLE.name, CYCLE.read_bytes(), "application/yaml")
    html = login(operator_admin).post("/nl/operator/programmes/upload/", {"file": upload, "check_only": "on"})
    page = visible(html)
    assert page.count("( markdown_shown_as_typed )") == 1
    assert f"Deze {len(places)} teksten lijken op Markdown" in page
    for warning in places:
        assert f"Regel {warning.line} {warning.path} {warning.mark}" in page
    assert page.count(f" {places[0].path} ") == 1  # each place once: no field under the list again
