"""Survey fixtures: the shipped questionnaire loaded, surveys in each state, made-up answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.services.instruments import instrument_load
from vereinbar.surveys.services.surveys import survey_create

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "library" / "instruments" / "work-family-care.yaml"
UNITS = "Verwaltung\nVerwaltung / Personal\nVerwaltung / Finanzen\nJugendamt\nBauamt"


@pytest.fixture
def instrument_version(db, _shipped_checked, monkeypatch):
    """The shipped questionnaire stored by ``instrument_load`` itself, which is given the check of
    the same bytes from earlier in the session (its definition copied: a test may change what it
    loads; the source's positions are read only for a refusal)."""
    import copy
    import dataclasses

    from vereinbar.surveys.services import instruments

    raw, checked = _shipped_checked

    def checked_before(given: str | bytes, *, filename: str):
        assert given == raw and filename == SHIPPED.name
        return dataclasses.replace(checked, definition=copy.deepcopy(checked.definition))

    with monkeypatch.context() as patch:
        patch.setattr(instruments, "instrument_check", checked_before)
        return instrument_load(raw=raw, filename=SHIPPED.name).version


@pytest.fixture
def two_waves(make_survey, respond, coordinator):
    """Two closed surveys of the same questionnaire: "2023" (30 answers, low leadership scores) and
    "2026" (40 answers, leadership clearly higher). Returns (earlier, current)."""
    from vereinbar.surveys.services.surveys import survey_close

    earlier = make_survey(SurveyStatus.OPEN, title="2023")
    respond(
        earlier, "Personal", count=30, **(ALL_SCALES | {"lead_understanding": 1, "lead_solutions": 1, "lead_open": 1})
    )
    survey_close(actor=coordinator, survey=earlier)
    current = make_survey(SurveyStatus.OPEN, title="2026")
    respond(current, "Personal", count=20, **ALL_SCALES)
    respond(current, "Personal", count=20, **(ALL_SCALES | {"lead_open": 5}))
    survey_close(actor=coordinator, survey=current)
    return earlier, current


@pytest.fixture
def make_survey(instrument_version, coordinator, employer_org):
    """make_survey(status="draft", **settings) creates a survey of employer_org through the service."""

    def make(status: str = SurveyStatus.DRAFT, units: str = UNITS, **kwargs) -> Survey:
        fields = {"title": "Mitarbeitendenbefragung 2026", "languages": ["de", "nl", "en"], "units": units} | kwargs
        survey = survey_create(
            actor=coordinator, organisation=employer_org, instrument_version=instrument_version, **fields
        )
        if status != SurveyStatus.DRAFT:
            from vereinbar.surveys.services.surveys import survey_open

            survey_open(actor=coordinator, survey=survey)
        if status == SurveyStatus.CLOSED:
            from vereinbar.surveys.services.surveys import survey_close

            survey_close(actor=coordinator, survey=survey)
        return survey

    return make


@pytest.fixture
def open_survey(make_survey):
    return make_survey(SurveyStatus.OPEN)


@pytest.fixture
def closed_survey_with_answers(make_survey, coordinator):
    """A survey of employer_org with 120 made-up responses and 30 comments, then closed."""
    from vereinbar.surveys.services.surveys import survey_close
    from vereinbar.surveys.synthetic import responses_create

    survey = make_survey(SurveyStatus.OPEN)
    responses_create(survey, 120, seed=1, comments=30)
    return survey_close(actor=coordinator, survey=survey)


@pytest.fixture
def invite(db):
    """invite(survey, unit="Personal", language="de") → the token of a new e-mail invitation."""
    from vereinbar.surveys import tokens
    from vereinbar.surveys.models import SurveyInvitation

    def make(survey: Survey, unit: str | None = None, language: str = "de") -> str:
        nonce = tokens.new_nonce()
        token = tokens.email_token(nonce)
        SurveyInvitation.objects.create(
            survey=survey,
            email=f"{nonce[:10]}@example.org",
            language=language,
            unit=survey.units.get(name=unit) if unit else None,
            nonce=nonce,
            token_hash=tokens.token_hash(token),
        )
        return token

    return make


@pytest.fixture(autouse=True)
def _english():
    """Messages of services called outside a request follow the active language: English here."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The wrong-code counter and report cache live in the cache: start every test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def answer_all(client):
    """answer_all(token, answers={key: value}, language="de", unit=None) walks every page and submits."""
    from vereinbar.surveys.models import SurveyInvitation
    from vereinbar.surveys.tokens import token_hash

    def walk(token: str, answers: dict | None = None, language: str = "de", unit: int | None = None):
        answers = answers or {}
        url = f"/{language}/s/{token}/"
        invitation = SurveyInvitation.objects.filter(token_hash=token_hash(token)).first()
        survey = invitation.survey if invitation else None
        from vereinbar.surveys.models import ResponseDraft
        from vereinbar.surveys.tokens import draft_key

        if survey is None:
            survey = ResponseDraft.objects.get(key_hash=draft_key(token)).survey
        spec = survey.instrument_version.spec
        client.post(url, {"page": 0, "go": "next"})
        for page, section in enumerate(spec.sections, start=1):
            data: dict = {"page": page, "go": "next"}
            for item in section.items:
                if item.key in answers:
                    data[f"q-{item.key}"] = answers[item.key]
            if unit is not None and any(item.breakdown for item in section.items):
                data["q-_unit"] = unit
            response = client.post(url, data)
            assert response.status_code == 302, response.content.decode()[:2000]
        return client.post(url, {"page": len(spec.sections) + 1, "go": "submit"})

    return walk


@pytest.fixture
def respond(db):
    """respond(survey, unit_name, count=1, comment="", **answers): anonymous responses with given answers."""
    import uuid

    from vereinbar.surveys.encoding import encode
    from vereinbar.surveys.models import Response, ResponseComment

    def make(survey: Survey, unit: str | None = None, count: int = 1, comment: str = "", **answers) -> None:
        spec = survey.instrument_version.spec
        unit_obj = survey.units.get(name=unit) if unit else None
        values = encode(spec, answers)
        Response.objects.bulk_create(
            Response(id=uuid.uuid4(), survey=survey, unit=unit_obj, values=values) for _ in range(count)
        )
        if comment:
            ResponseComment.objects.bulk_create(
                ResponseComment(survey=survey, unit=unit_obj, item="wish", text=comment) for _ in range(count)
            )

    return make


ALL_SCALES = {
    "info_where": 4, "info_whom": 4, "info_clear": 3,
    "lead_understanding": 4, "lead_solutions": 3, "lead_open": 4, "lead_always_on": 2,
    "culture_accepted": 3, "culture_career": 3, "culture_colleagues": 4, "culture_part_time": 2,
    "flex_start_end": 4, "flex_short_notice": 5, "flex_place": 3, "flex_reliable": 4,
    "burden_exhausted": 2, "burden_worry": 3, "burden_organise": 2,
    "conflict_time": 3, "conflict_energy": 3, "conflict_miss": 2, "conflict_focus": 2,
    "strain_drained": 3, "strain_switch_off": 3, "strain_sleep": 2, "health_now": 4,
    "resource_meaning": 5, "resource_help": 4, "resource_leeway": 4, "resource_private": 3,
    "age_band": 2, "cares_for_relative": 1,
}  # fmt: skip


def respond_rows(survey: Survey, unit: str | None, count: int, answers: dict) -> None:
    """Write count anonymous responses with the given answers (outside fixtures, e.g. browser tests)."""
    import uuid

    from vereinbar.surveys.encoding import encode
    from vereinbar.surveys.models import Response

    values = encode(survey.instrument_version.spec, answers)
    unit_obj = survey.units.get(name=unit) if unit else None
    Response.objects.bulk_create(
        Response(id=uuid.uuid4(), survey=survey, unit=unit_obj, values=values) for _ in range(count)
    )
