"""An employer's whole journey through the API alone: registration (no account yet), the
operator's approval, the programme list, the application (with every optional phase), every
phase of the first stage as the programme's data says who acts and who accepts, a staff survey
answered on the answering pages (staff answer there, never through the API), the award, and
its public verification.

The platform's own people (operator admin, auditor, board member) already exist and have
tokens; the programme is loaded by the operator admin through the API. Everything the employer
does starts from the registration's answer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.cycles.helpers import PDF
from tests.cycles.test_survey_conditions import answers as favourable_answers
from vereinbar.accounts.services import token_create
from vereinbar.surveys.models import InstrumentVersion
from vereinbar.surveys.services.instruments import instrument_load

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "library" / "programmes"
INSTRUMENTS = ROOT / "library" / "instruments"
# Staff of the registered employer. A survey is answered by as many as the programme's level
# rules ask for (all ten in the culture index: margin of error 0), at least the minimum group
# size for results (5).
STAFF = 10
MIN_GROUP_SIZE = 5

# Who does the work of a role the programme names: the registrant does the employer's share.
PERSONA = {"coordinator": "registrant", "contributor": "registrant", "auditor": "auditor"}
PERSONA |= {"board": "board", "operator": "operator"}


class ApiCallFailed(AssertionError):
    pass


@dataclass
class Caller:
    """JSON calls to /api/v1 with one bearer token (or none)."""

    client: Client
    token: str | None = None

    def _headers(self) -> dict[str, str]:
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return headers

    def call(self, method: str, path: str, body: Any = None, *, expect: tuple[int, ...] = (200, 201)) -> Any:
        send = getattr(self.client, method)
        if method == "get":
            response = send(f"/api/v1{path}", **self._headers())
        else:
            response = send(
                f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json", **self._headers()
            )
        payload = response.json() if response.get("Content-Type", "").startswith("application/json") else response
        if response.status_code not in expect:
            raise ApiCallFailed(f"{method.upper()} {path} → {response.status_code}: {payload}")
        return payload

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("get", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("post", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("put", path, body, **kwargs)

    def multipart(self, path: str, fields: dict[str, Any]) -> Any:
        response = self.client.post(f"/api/v1{path}", data=fields, **self._headers())
        if response.status_code not in (200, 201):
            raise ApiCallFailed(f"POST {path} → {response.status_code}: {response.json()}")
        return response.json()

    def load(self, raw: str, filename: str) -> Any:
        response = self.client.post(
            f"/api/v1/programmes/load?filename={filename}", data=raw, content_type="application/yaml", **self._headers()
        )
        if response.status_code not in (200, 201):
            raise ApiCallFailed(f"load {filename} → {response.status_code}: {response.json()}")
        return response.json()


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def instruments_for(definition: dict[str, Any]) -> None:
    """The questionnaires the programme's stages name, loaded as a platform admin would (setup)."""
    wanted = {stage.get("survey_instrument") for stage in definition["stages"]} - {None}
    for path in sorted(INSTRUMENTS.glob("*.yaml")):
        urn = yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
        if urn in wanted and not InstrumentVersion.objects.filter(instrument__urn=urn).exists():
            instrument_load(raw=path.read_bytes(), filename=path.name)


@dataclass
class Journey:
    """One employer's run through one programme file; ``staff`` are the platform's people."""

    path: Path
    operator_slug: str
    staff: dict[str, Any]
    client: Client = field(default_factory=Client)
    callers: dict[str, Caller] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.definition = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        self.anonymous = Caller(self.client)
        for name, user in self.staff.items():
            self.callers[name] = Caller(self.client, token_create(user=user, name="journey").secret)

    def as_(self, persona: str) -> Caller:
        return self.callers[persona]

    # --- Registration and approval ---------------------------------------------------------

    def register(self, name: str = "Stadtwerke Musterstadt", email: str = "koordination@stadtwerke.example") -> str:
        answer = self.anonymous.post(
            "/organisations/registrations",
            {
                "name": name,
                "kind": "company",
                "country": "DE",
                "city": "Musterstadt",
                "staff_count": STAFF,
                "full_name": "Kim Koordination",
                "email": email,
                "password": "a long and unusual passphrase 7",
                "language": "en",
            },
            expect=(201,),
        )
        assert answer["organisation"]["status"] == "pending", answer
        self.callers["registrant"] = Caller(self.client, answer["token"]["token"])
        self.registrant_email = answer["account"]["email"]
        self.slug = answer["organisation"]["slug"]
        return self.slug

    def approve(self) -> None:
        from allauth.account.models import EmailAddress

        # The registrant followed the link in the confirmation mail, which the page offers, not the API.
        EmailAddress.objects.filter(email=self.registrant_email).update(verified=True)
        pending = self.as_("operator").get("/organisations/registrations")["results"]
        assert self.slug in [item["slug"] for item in pending], pending
        approved = self.as_("operator").post(f"/organisations/{self.slug}/approve", {"comment": "Welcome."})
        assert approved["status"] == "approved", approved

    # --- The programme ---------------------------------------------------------------------

    def load_programme(self) -> str:
        """Loaded by the operator admin through the API, for the operator of this test. A programme
        that ended (format 2 ``applications_until``) is first refused to the employer, then loaded
        again as a later version that is open, so its cycles can be walked."""
        data = dict(self.definition, operator=self.operator_slug)
        self.as_("operator").load(yaml.safe_dump(data, allow_unicode=True), self.path.name)
        identifier = data["id"]
        if str(data.get("applications_until") or "9999-12-31") < timezone.localdate().isoformat():  # it ended
            offered = [item["identifier"] for item in self.as_("registrant").get("/programmes/")["results"]]
            assert identifier not in offered, offered
            refused = self.as_("registrant").post(
                "/cycles/", {"organisation": self.slug, "programme": identifier}, expect=(409,)
            )
            assert refused["code"] == "not_allowed_now", refused
            data.pop("applications_until")
            data["version"] = f"{data['version']}-open"
            self.as_("operator").load(yaml.safe_dump(data, allow_unicode=True), self.path.name)
        return identifier

    def apply(self, identifier: str) -> dict[str, Any]:
        """The registrant finds the programme in the list and applies, taking every optional phase
        of the first stage (so that the journey goes through every phase)."""
        offered = {item["identifier"]: item for item in self.as_("registrant").get("/programmes/")["results"]}
        programme = offered[identifier]
        stage = programme["stages"][0]
        optional = [phase["key"] for phase in stage["optional_phases"]]
        cycle = self.as_("registrant").post(
            "/cycles/",
            {"organisation": self.slug, "programme": identifier, "optional_phases": optional},
            expect=(201,),
        )
        assert cycle["status"] == "applied" and cycle["optional_phases"] == optional, cycle
        cycle = self.as_("operator").post(f"/cycles/{cycle['id']}/accept", {"auditor": self.staff["auditor"].email})
        assert cycle["status"] == "open", cycle
        expected = [phase["id"] for phase in self.definition["stages"][0]["phases"]]
        assert [phase["key"] for phase in cycle["phases"]] == expected, cycle["phases"]
        return cycle

    # --- The phases ------------------------------------------------------------------------

    def drive(self, cycle_id: int, limit: int = 60) -> dict[str, Any]:
        """Work through every phase until nothing waits: deliver and submit as the phase's actor,
        accept as its acceptor, grant at a decision, run a survey phase's survey."""
        for _step in range(limit):
            cycle = self.as_("operator").get(f"/cycles/{cycle_id}")
            if cycle["status"] not in ("open", "awarded"):
                break
            waiting = [phase for phase in cycle["phases"] if phase["status"] in ("open", "returned", "submitted")]
            if not waiting:
                break
            summary = waiting[0]
            actor = PERSONA[summary["actor"]]
            if summary.get("role"):  # a role the programme defines: the registrant names themselves for it
                self.name_for_role(cycle_id, summary["role"])
            phase = self.as_(actor).get(f"/cycles/{cycle_id}/phases/{summary['id']}")
            base = f"/cycles/{cycle_id}/phases/{phase['id']}"
            self.log.append(f"{phase['key']}:{phase['status']}")
            if phase["status"] == "submitted":
                self.as_(PERSONA[phase["accepted_by"]]).post(f"{base}/accept", {"comment": "Fine."})
            elif phase["deliverable"] == "decision":
                self.as_(actor).post(f"/cycles/{cycle_id}/decision", {"outcome": "grant"}, expect=(201,))
            elif phase["deliverable"] == "survey":
                self.survey(cycle_id, phase)
            else:
                self.deliver(cycle_id, phase, actor)
                self.as_(actor).post(f"{base}/submit")
        return self.as_("operator").get(f"/cycles/{cycle_id}")

    def name_for_role(self, cycle_id: int, role: str) -> None:
        roles = {item["key"]: item for item in self.as_("registrant").get(f"/cycles/{cycle_id}/roles")}
        if self.registrant_email not in roles[role]["people"]:
            body = {"role": role, "user": self.registrant_email, "named": True}
            named = {item["key"]: item for item in self.as_("registrant").post(f"/cycles/{cycle_id}/roles", body)}
            assert self.registrant_email in named[role]["people"], named

    def deliver(self, cycle_id: int, phase: dict[str, Any], actor: str) -> None:
        base = f"/cycles/{cycle_id}/phases/{phase['id']}"
        caller = self.as_(actor)
        kind = phase["deliverable"]
        if kind == "self_assessment":
            caller.put(f"{base}/answers", [self.answer(criterion) for criterion in phase["criteria"]])
            for criterion in phase["criteria"]:
                if criterion["evidence_required"]:
                    caller.multipart(f"{base}/evidence", {"file": pdf(), "criterion": criterion["code"]})
        elif kind in ("workshop", "training", "meeting"):
            held = {"held_on": timezone.localdate().isoformat(), "moderator": "A. Moderator", "participants_count": 9}
            workshop = caller.post(f"{base}/workshops", held, expect=(201,))
            outcome = {"text": "Telework for carers"}
            caller.post(f"/cycles/{cycle_id}/workshops/{workshop['id']}/outcomes", outcome, expect=(201,))
        elif kind == "target_agreement":
            agreement = caller.get(f"/cycles/{cycle_id}/agreement")
            if not agreement["goals"]:
                goal = {"action_field": agreement["action_fields"][0]["code"], "title": "Flexible hours"}
                goal = caller.post(f"/cycles/{cycle_id}/agreement/goals", goal | {"success_measure": "Usage"})
                measure = {"title": "Flexitime"}
                caller.post(f"/cycles/{cycle_id}/agreement/goals/{goal['code']}/measures", measure, expect=(201,))
            signing = {"signer_name": "Dr. Head", "signed_on": str(date.today())}
            caller.post(f"/cycles/{cycle_id}/agreement/sign", signing)
        elif kind == "annual_report":
            goals = caller.get(f"/cycles/{cycle_id}/agreement")["goals"]
            progress = [{"goal": goal["code"], "status": "in_progress", "comment": "ok"} for goal in goals]
            caller.put(f"{base}/report", {"summary": "On track.", "progress": progress})
        elif kind == "signature":
            signed = {"signer_name": "Jane Mayor", "signed_on": str(date.today()), "scan": pdf("charter.pdf")}
            caller.multipart(f"{base}/signature", signed)
        else:
            caller.put(f"{base}/note", {"note": "Done."})

    @staticmethod
    def answer(criterion: dict[str, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {"criterion": criterion["code"]}
        if criterion["kind"] == "status":
            item["status"] = next(option["value"] for option in criterion["options"] if option["meets"])
        elif criterion["kind"] == "score":
            item["score"] = criterion["max_score"]
        elif criterion["kind"] == "text":
            item["text"] = "We do this: " + "x" * (criterion["min_length"] or 0)
        return item

    # --- A staff survey --------------------------------------------------------------------

    def survey(self, cycle_id: int, phase: dict[str, Any]) -> None:
        """The registrant creates the cycle's survey (the stage's questionnaire), opens it with a
        shared code, every member of staff answers favourably on the answering pages, and the
        registrant closes it: the survey phase moves on by itself."""
        registrant = self.as_("registrant")
        surveys = f"/organisations/{self.slug}/surveys"
        body = {"title": "Staff survey", "cycle": cycle_id, "phase_run": phase["id"], "languages": ["en"]}
        survey = registrant.post(surveys, body | {"units": "Verwaltung"}, expect=(201,))
        assert survey["phase_run"] == phase["id"], survey
        registrant.post(f"{surveys}/{survey['id']}/open")
        shared = registrant.put(f"{surveys}/{survey['id']}/open-link", {"enabled": True})
        version = InstrumentVersion.objects.get(instrument__urn=survey["instrument"].partition("@")[0])
        answers = favourable_answers(version.spec, True)
        for _person in range(self.respondents()):
            self.staff_answers(shared["answer_url"], shared["open_code"], version.spec, answers)
        closed = registrant.post(f"{surveys}/{survey['id']}/close")
        assert closed["status"] == "closed", closed

    def respondents(self) -> int:
        rules = [level.get("rule", {}).get("survey") or {} for level in self.definition.get("levels", [])]
        return min(STAFF, max([MIN_GROUP_SIZE, *(rule.get("min_answers", 0) for rule in rules)]))

    def staff_answers(self, url: str, code: str, spec: Any, answers: dict[str, Any]) -> None:
        """One member of staff, on the public answering pages (no account, no token)."""
        staff = Client()
        entered = staff.post(url, {"code": code})
        assert entered.status_code == 302, entered.content.decode()[:500]
        page_url = entered["Location"]
        assert re.match(r"^/en/s/[^/]+/$", page_url), page_url
        staff.post(page_url, {"page": 0, "go": "next"})
        for number, section in enumerate(spec.sections, start=1):
            data: dict[str, Any] = {"page": number, "go": "next"}
            data |= {f"q-{item.key}": answers[item.key] for item in section.items if item.key in answers}
            response = staff.post(page_url, data)
            assert response.status_code == 302, response.content.decode()[:1000]
        submitted = staff.post(page_url, {"page": len(spec.sections) + 1, "go": "submit"})
        assert submitted.status_code == 302 and submitted["Location"].endswith("/s/thanks/"), submitted

    # --- The award -------------------------------------------------------------------------

    def verify(self, number: str) -> dict[str, Any]:
        award = self.as_("registrant").get(f"/awards/{number}")
        assert award["status"] == "valid", award
        return self.anonymous.get(f"/verify/{award['verification_code']}")
