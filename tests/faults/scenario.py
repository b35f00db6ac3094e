"""Run in a subprocess by the fault tests, against the database of a real server:
``python tests/faults/scenario.py COMMAND [ARGS]`` prints one JSON object.

setup N            a survey with N invitations, a cycle ready for its decision, an award
                   with four coordinators to remind
decide CYCLE_ID    the decision (grant); with --hang it stops after writing the award,
                   inside the transaction, prints HANGING and waits to be killed
enqueue DATE [N]   the daily reminders run, enqueued N times for the worker
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vereinbar.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402


def setup(count: int) -> dict:
    from tests.cycles.conftest import PROGRAMMES, programme_from_file
    from tests.cycles.helpers import drive, fill
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from vereinbar.cycles import services
    from vereinbar.surveys import tokens
    from vereinbar.surveys.models import SurveyInvitation
    from vereinbar.surveys.services.instruments import instrument_load
    from vereinbar.surveys.services.surveys import survey_create, survey_open

    def member(organisation, role, email):
        user = UserFactory(email=email, preferred_language="en")
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    operator_org = OrganisationFactory(operator=True, name="Operator", slug="operator")
    employer = OrganisationFactory(name="Employer One", slug="employer-one")
    second = OrganisationFactory(name="Employer Two", slug="employer-two")
    operator = member(operator_org, "operator_admin", "operator@faults.example")
    auditor = member(operator_org, "auditor", "auditor@faults.example")
    board = member(operator_org, "board_member", "board@faults.example")
    coordinator = member(employer, "coordinator", "coordinator@faults.example")
    member(employer, "contributor", "contributor@faults.example")
    people = {"coordinator": coordinator, "operator": operator, "auditor": auditor, "board": board}

    # The survey.
    source = ROOT / "library" / "instruments" / "work-family-care.yaml"
    version = instrument_load(raw=source.read_bytes(), filename=source.name).version
    survey = survey_create(
        actor=coordinator,
        organisation=employer,
        instrument_version=version,
        title="Faults",
        languages=["en"],
        units="",
    )
    survey_open(actor=coordinator, survey=survey)
    raw_tokens = []
    for _ in range(count):
        nonce = tokens.new_nonce()
        token = tokens.email_token(nonce)
        SurveyInvitation.objects.create(
            survey=survey,
            email=f"{nonce[:10]}@faults.example",
            language="en",
            nonce=nonce,
            token_hash=tokens.token_hash(token),
        )
        raw_tokens.append(token)

    # A cycle of the first employer, ready for the operator's decision.
    programme = programme_from_file(PROGRAMMES / "scored.yaml", operator_org)
    cycle = services.cycle_apply(actor=coordinator, organisation=employer, programme=programme)
    cycle = services.cycle_accept(actor=operator, cycle=cycle, auditor=auditor)
    run = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment", occurrence=1)
    fill(run, editor=coordinator, signer=coordinator)
    services.phase_submit(actor=coordinator, run=run)
    services.phase_accept(actor=auditor, run=run)

    # An award of the second employer, with four coordinators to remind.
    coordinators = [member(second, "coordinator", f"coordinator{i}@faults.example") for i in range(4)]
    awarded = services.cycle_apply(actor=coordinators[0], organisation=second, programme=programme)
    awarded = services.cycle_accept(actor=operator, cycle=awarded, auditor=auditor)
    drive(awarded, {**people, "coordinator": coordinators[0], "contributor": coordinators[0]})
    award = awarded.award
    return {
        "survey": survey.pk,
        "pages": len(version.spec.sections) + 1,
        "tokens": raw_tokens,
        "cycle": cycle.pk,
        "award": award.pk,
        "valid_until": award.valid_until.isoformat(),
        "reminded": sorted(user.email for user in coordinators),
    }


def decide(cycle_id: int, hang: bool) -> dict:
    from vereinbar.accounts.models import User
    from vereinbar.certificates import services as certificates
    from vereinbar.cycles.models import Cycle
    from vereinbar.cycles.services import cycle_decide

    if hang:
        original = certificates.entry_record

        def record_then_hang(**kwargs):
            entry = original(**kwargs)
            if kwargs.get("verb") == certificates.VERB_GRANTED:
                print("HANGING", flush=True)  # the award and its history entry are written
                time.sleep(120)
            return entry

        certificates.entry_record = record_then_hang
    decision = cycle_decide(
        actor=User.objects.get(email="operator@faults.example"),
        cycle=Cycle.objects.get(pk=cycle_id),
        outcome="grant",
    )
    return {"decision": decision.pk}


def enqueue(day: str, times: int) -> dict:
    from vereinbar.notifications.tasks import reminders_daily

    return {"tasks": [str(reminders_daily.enqueue(today=day).id) for _ in range(times)]}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    with translation.override("en"):
        if command == "setup":
            result = setup(int(args[0]))
        elif command == "decide":
            result = decide(int(args[0]), hang="--hang" in args)
        elif command == "enqueue":
            result = enqueue(args[0], int(args[1]) if len(args) > 1 else 1)
        else:
            raise SystemExit(f"unknown command {command}")
    print(json.dumps(result), flush=True)
