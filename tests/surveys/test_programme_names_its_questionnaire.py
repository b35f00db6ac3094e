"""A programme's stage names the questionnaire it asks for by its title once that questionnaire
is loaded: surveys lends programmes the title (a lookup registered in its ready()), since
programmes sits below surveys and may not read survey tables itself."""

from __future__ import annotations

from vereinbar.programmes.display import Outline


def test_a_loaded_questionnaire_is_named_by_its_title(instrument_version):
    urn = instrument_version.instrument.urn
    assert instrument_version.title
    assert Outline({"default_language": "en"}, "en").instrument(urn) == {"urn": urn, "title": instrument_version.title}


def test_a_questionnaire_not_loaded_keeps_only_its_identifier(db):
    urn = "urn:vereinbar:instrument:not-loaded"
    assert Outline({"default_language": "en"}, "en").instrument(urn) == {"urn": urn, "title": ""}
