"""No personal data goes out in a webhook: every kind of event, sent to a real receiver, carries no
e-mail address, no name of a person, no free text people wrote, nothing of a survey's answers,
comments or tokens; and each payload has the documented shape."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from tests.cycles.helpers import drive
from vereinbar.certificates.services import award_revoke, awards_expire
from vereinbar.cycles.services import phase_return
from vereinbar.organisations.services import organisation_approve, organisation_register, organisation_reject
from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.synthetic import responses_create
from vereinbar.webhooks.models import EventType, events_offered
from vereinbar.webhooks.services import endpoint_create

from .conftest import bodies, payloads

pytestmark = pytest.mark.django_db

FORBIDDEN_KEYS = {"email", "e-mail", "name_of_person", "comment", "comments", "answers", "token", "reason", "secret"}
DOCUMENTED = {  # docs/webhooks.md, "Payloads"
    "award": {"number", "status", "programme", "stage", "level", "issued_on", "valid_until", "revoked_on",
              "verification_url"},
    "organisation": {"slug", "name", "type", "status", "country", "region", "city"},  # the last four: registrations
    "cycle": {"id", "programme", "stage"},
    "phase": {"key", "occurrence", "status", "due_on"},
    "survey": {"id", "title", "opens_on", "closes_on", "closed_on", "cycle"},
}  # fmt: skip


def _keys(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            _keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys(item, found)
    return found


@pytest.fixture
def every_event(
    receiver, operator_org, operator_admin, employer_org, coordinator, scored, audit, open_cycle, parties, make_survey,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Every kind of event once, each endpoint subscribed to all, the receiver taking them all."""
    own = [value for value, _label in events_offered(employer_org)]  # an employer hears no registrations
    mine = endpoint_create(actor=coordinator, organisation=employer_org, url=receiver.url, events=own)
    theirs = endpoint_create(actor=operator_admin, organisation=operator_org, url=receiver.url, events=EventType.values)
    theirs.secret = mine.secret  # one receiver for both, checking one secret
    theirs.save(update_fields=["secret"])
    receiver.secret = mine.secret
    with django_capture_on_commit_callbacks(execute=True):
        cycle = open_cycle(scored)
        drive(cycle, parties)
        first = cycle.award
        renewal = open_cycle(scored)  # a second run of the repeating stage: a renewal
        drive(renewal, parties, limit=1)  # the self-assessment submitted …
        phase_return(
            actor=parties["auditor"],
            run=renewal.phase_runs.get(status="submitted"),
            comment="Bitte ergänzen, Frau Meier (meier@kreis.example)",
        )  # … returned for changes, then done again
        drive(renewal, parties)
        drive(open_cycle(audit), parties, stop_before="decision")  # the auditor's report: nobody accepts it
        award_revoke(actor=operator_admin, award=renewal.award, reason="Vertrauliche Begründung von Frau Meier")
        first.status, first.valid_until = "valid", first.issued_on
        first.save(update_fields=["status", "valid_until"])
        awards_expire(today=first.issued_on.replace(year=first.issued_on.year + 1))
        survey = make_survey(SurveyStatus.OPEN)
        responses_create(survey, 30, seed=1, comments=10)
        from vereinbar.surveys.services.surveys import survey_close

        survey_close(actor=coordinator, survey=survey)
        pending = organisation_register(
            details={"name": "Stichting Zorgzaam", "kind": "association", "country": "NL"},
            user=None,
            full_name="Ria Registratie",
            email="ria@zorgzaam.example",
            password="a long enough passphrase",
            language="nl",
        ).organisation
        organisation_reject(actor=operator_admin, organisation=pending, reason="Geen werkgever, mevrouw Registratie")
        welcome = organisation_register(
            details={"name": "Gemeente Welkom", "kind": "municipality", "country": "NL"},
            user=None,
            full_name="Wim Welkom",
            email="wim@welkom.example",
            password="a long enough passphrase",
            language="nl",
        ).organisation
        EmailAddress.objects.filter(email="wim@welkom.example").update(verified=True)  # the link was followed
        organisation_approve(actor=operator_admin, organisation=welcome)
    return survey


def test_every_event_kind_goes_out(every_event, receiver):
    assert receiver.rejected == 0
    assert {event["type"] for event in receiver.processed} == set(EventType.values)


def test_no_payload_carries_an_address_a_person_free_text_or_survey_data(every_event, receiver, parties):
    from vereinbar.surveys.models import ResponseComment

    sent = "\n".join(bodies(receiver))
    assert "@" not in sent  # no e-mail address of staff, coordinators or anyone
    for person in parties.values():
        assert person.email not in sent
        if person.full_name:
            assert person.full_name not in sent
    assert (
        "Ria Registratie" not in sent
        and "Wim Welkom" not in sent
        and "Frau Meier" not in sent
        and "mevrouw" not in sent
    )
    for comment in ResponseComment.objects.values_list("text", flat=True):
        assert comment not in sent
    for payload in payloads(receiver):
        keys = _keys(payload, set())
        assert not keys & FORBIDDEN_KEYS, payload
        for part, fields in DOCUMENTED.items():
            if part in payload["data"]:
                assert set(payload["data"][part]) <= fields, (part, payload["data"][part])


def test_a_survey_closed_event_says_which_survey_and_nothing_of_its_answers(every_event, receiver):
    closed = next(event for event in receiver.processed if event["type"] == EventType.SURVEY_CLOSED)
    assert closed["data"]["survey"]["id"] == every_event.pk
    assert closed["data"]["survey"]["title"] == every_event.title
    assert "responses" not in str(closed) and "invited" not in str(closed)


def test_a_renewal_names_the_award_it_replaces(every_event, receiver):
    renewed = next(event for event in receiver.processed if event["type"] == EventType.AWARD_RENEWED)
    granted = sorted({e["data"]["award"]["number"] for e in receiver.processed if e["type"] == EventType.AWARD_GRANTED})
    assert renewed["data"]["replaces"] == [granted[0]]
    assert renewed["data"]["award"]["number"] == granted[1]
