"""A JSON API client per persona (personal API tokens), and a driver that works through any
programme's cycle using nothing but the API's answers."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from vereinbar.accounts.services import token_create

from .helpers import PDF

SUBMITTER = {
    "coordinator": "coordinator",
    "contributor": "coordinator",
    "auditor": "auditor",
    "board": "board",
    "operator": "operator",
}
EDITOR = {**SUBMITTER, "coordinator": "contributor", "contributor": "contributor"}


class Api:
    """``api.as_("coordinator").post(path, body)`` → (status, json)."""

    def __init__(self, people: dict[str, Any]) -> None:
        self.client = Client()
        self.tokens = {name: token_create(user=user, name="tests").secret for name, user in people.items()}
        self.who = "coordinator"

    def as_(self, who: str) -> Api:
        self.who = who
        return self

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[self.who]}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def _result(self, response: Any) -> tuple[int, Any]:
        content_type = response.get("Content-Type", "")
        if content_type.startswith("application/json"):
            return response.status_code, response.json()
        return response.status_code, response

    def get(self, path: str) -> tuple[int, Any]:
        return self._result(self.client.get(f"/api/v1{path}", **self._headers()))

    def send(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        call = getattr(self.client, method)
        response = call(
            f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json", **self._headers()
        )
        return self._result(response)

    def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        return self.send("post", path, body)

    def put(self, path: str, body: Any = None) -> tuple[int, Any]:
        return self.send("put", path, body)

    def upload(self, path: str, fields: dict[str, Any]) -> tuple[int, Any]:
        return self._result(self.client.post(f"/api/v1{path}", data=fields, **self._headers()))


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _ok(result: tuple[int, Any], *expected: int) -> Any:
    status, body = result
    assert status in (expected or (200, 201, 204)), (status, body)
    return body


def _programme_role(phase: dict[str, Any]) -> str:
    """The programme role (format 2) that acts in the phase: from the API once it says so, else
    from the phase's row (the API reports such a phase's actor as "contributor")."""
    if "role" in phase:
        return str(phase["role"] or "")
    from vereinbar.cycles.models import PhaseRun

    return PhaseRun.objects.select_related("phase").get(pk=phase["id"]).phase.role


def _fill(api: Api, cycle_id: int, phase: dict[str, Any]) -> None:
    """Deliver what the phase's kind needs, as the people the phase's data names."""
    base = f"/cycles/{cycle_id}/phases/{phase['id']}"
    editor, signer = EDITOR[phase["actor"]], SUBMITTER[phase["actor"]]
    if _programme_role(phase):  # a role's phase (format 2): the coordinator acts while nobody is named
        editor = "coordinator"
    kind = phase["deliverable"]
    if kind == "self_assessment":
        answers = []
        for criterion in phase["criteria"]:
            item: dict[str, Any] = {"criterion": criterion["code"]}
            if criterion["kind"] == "status":
                item["status"] = next(o["value"] for o in criterion["options"] if o["meets"])
            elif criterion["kind"] == "score":
                item["score"] = criterion["max_score"]
            elif criterion["kind"] == "text":
                item["text"] = "We do this: " + "x" * (criterion["min_length"] or 0)
            answers.append(item)
        _ok(api.as_(editor).put(f"{base}/answers", answers))
        for criterion in phase["criteria"]:
            if criterion["evidence_required"]:
                _ok(api.as_(editor).upload(f"{base}/evidence", {"file": pdf(), "criterion": criterion["code"]}), 201)
    elif kind in ("workshop", "training", "meeting"):
        workshop = _ok(
            api.as_(editor).post(
                f"{base}/workshops",
                {"held_on": timezone.localdate().isoformat(), "moderator": "A. Auditor", "participants_count": 9},
            ),
            201,
        )
        _ok(
            api.as_(editor).post(
                f"/cycles/{cycle_id}/workshops/{workshop['id']}/outcomes", {"text": "Telework for carers"}
            ),
            201,
        )
    elif kind == "target_agreement":
        agreement = _ok(api.as_(editor).get(f"/cycles/{cycle_id}/agreement"))
        if not agreement["goals"]:
            field = agreement["action_fields"][0]["code"]
            goal = _ok(
                api.as_(editor).post(
                    f"/cycles/{cycle_id}/agreement/goals",
                    {"action_field": field, "title": "Flexible hours", "success_measure": "Usage"},
                ),
                201,
            )
            _ok(
                api.as_(editor).post(
                    f"/cycles/{cycle_id}/agreement/goals/{goal['code']}/measures", {"title": "Flexitime"}
                ),
                201,
            )
        _ok(
            api.as_(signer).post(
                f"/cycles/{cycle_id}/agreement/sign", {"signer_name": "Dr. Head", "signed_on": str(date.today())}
            )
        )
    elif kind == "annual_report":
        agreement = _ok(api.as_(editor).get(f"/cycles/{cycle_id}/agreement"))
        progress = [{"goal": g["code"], "status": "in_progress", "comment": "ok"} for g in agreement["goals"]]
        _ok(api.as_(editor).put(f"{base}/report", {"summary": "On track.", "progress": progress}))
    elif kind == "signature":
        _ok(
            api.as_(signer).upload(
                f"{base}/signature",
                {"signer_name": "Jane Mayor", "signed_on": str(date.today()), "scan": pdf("charter.pdf")},
            )
        )
    else:
        _ok(api.as_(editor).put(f"{base}/note", {"note": "Done."}))


def api_drive(api: Api, cycle_id: int, limit: int = 80) -> dict[str, Any]:
    """Work through every phase through the API until nothing waits; grant at decisions."""
    for _step in range(limit):
        cycle = _ok(api.as_("operator").get(f"/cycles/{cycle_id}"))
        if cycle["status"] not in ("open", "awarded"):
            break
        waiting = [p for p in cycle["phases"] if p["status"] in ("open", "returned", "submitted")]
        if not waiting:
            break
        summary = waiting[0]
        phase = _ok(api.as_(SUBMITTER[summary["actor"]]).get(f"/cycles/{cycle_id}/phases/{summary['id']}"))
        base = f"/cycles/{cycle_id}/phases/{phase['id']}"
        if phase["status"] == "submitted":
            _ok(api.as_(SUBMITTER[phase["accepted_by"]]).post(f"{base}/accept", {"comment": "Fine."}))
        elif phase["deliverable"] == "decision":
            _ok(api.as_(SUBMITTER[phase["actor"]]).post(f"/cycles/{cycle_id}/decision", {"outcome": "grant"}), 201)
        else:
            _fill(api, cycle_id, phase)
            _ok(api.as_(SUBMITTER[phase["actor"]]).post(f"{base}/submit"))
    return _ok(api.as_("operator").get(f"/cycles/{cycle_id}"))
