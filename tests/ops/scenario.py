"""Run in a subprocess by the operations tests, against the database of a real server:
``python tests/ops/scenario.py COMMAND [ARGS]`` prints one JSON object.

survey N                   an open survey of one employer with N e-mail invitations
drafts TEXT TOKEN…         each token's draft with the free-text answer "TEXT <i>", not submitted
submit TEXT TOKEN…         each token's draft with the free-text answer "TEXT <i>", submitted
close SURVEY_ID            close the survey (as the system would)
retention SURVEY_ID        date the survey's close a year back and run ``survey_retention``
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vereinbar.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402


def survey(count: int) -> dict:
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from vereinbar.surveys import tokens
    from vereinbar.surveys.models import SurveyInvitation
    from vereinbar.surveys.services.instruments import instrument_load
    from vereinbar.surveys.services.surveys import survey_create, survey_open

    employer = OrganisationFactory(name="Employer Ops", slug="employer-ops")
    coordinator = UserFactory(email="coordinator@ops.example", preferred_language="en")
    MembershipFactory(user=coordinator, organisation=employer, role="coordinator")
    source = ROOT / "library" / "instruments" / "work-family-care.yaml"
    version = instrument_load(raw=source.read_bytes(), filename=source.name).version
    created = survey_create(
        actor=coordinator,
        organisation=employer,
        instrument_version=version,
        title="Ops",
        languages=["de", "nl", "en"],
        units="",
    )
    survey_open(actor=coordinator, survey=created)
    raw_tokens = []
    for _ in range(count):
        nonce = tokens.new_nonce()
        token = tokens.email_token(nonce)
        SurveyInvitation.objects.create(
            survey=created,
            email=f"{nonce[:10]}@ops.example",
            language="en",
            nonce=nonce,
            token_hash=tokens.token_hash(token),
        )
        raw_tokens.append(token)
    return {"survey": created.pk, "slug": employer.slug, "pages": len(version.spec.sections) + 1, "tokens": raw_tokens}


def drafts(text: str, raw_tokens: list[str], submit: bool = False) -> dict:
    from vereinbar.surveys.services.answering import draft_save, token_open, token_submit

    for index, token in enumerate(raw_tokens):
        opened = token_open(raw_token=token)
        assert opened is not None and opened.draft is not None, token
        draft_save(draft=opened.draft, page=2, answers={"wish": f"{text} {index}"})
        if submit:
            token_submit(raw_token=token)
    return {"drafts": len(raw_tokens)}


def close(survey_id: int) -> dict:
    from vereinbar.surveys.models import Survey
    from vereinbar.surveys.services.surveys import survey_close

    closed = survey_close(actor=None, survey=Survey.objects.get(pk=survey_id))
    return {"status": closed.status}


def retention(survey_id: int) -> dict:
    from datetime import timedelta

    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import timezone

    from vereinbar.surveys.models import Response, Survey

    Survey.objects.filter(pk=survey_id).update(closed_at=timezone.now() - timedelta(days=365))
    with override_settings(VEREINBAR_SURVEY_RAW_RETENTION_DAYS=30):
        call_command("survey_retention")
    return {"responses": Response.objects.filter(survey_id=survey_id).count()}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    with translation.override("en"):
        if command == "survey":
            result = survey(int(args[0]))
        elif command == "drafts":
            result = drafts(args[0], args[1:])
        elif command == "submit":
            result = drafts(args[0], args[1:], submit=True)
        elif command == "retention":
            result = retention(int(args[0]))
        elif command == "close":
            result = close(int(args[0]))
        else:
            raise SystemExit(f"unknown command {command}")
    print(json.dumps(result), flush=True)
