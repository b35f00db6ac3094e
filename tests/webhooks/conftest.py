"""A real HTTP receiver on loopback that checks every message's Standard Webhooks signature
with the ``standardwebhooks`` package and processes each ``webhook-id`` once, as a receiver
should; and the programmes, cycles and surveys of the other apps' tests."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.cycles.conftest import audit, load_programme, open_cycle, scored  # noqa: F401
from tests.surveys.conftest import instrument_version, make_survey  # noqa: F401


@dataclass
class Receiver:
    url: str
    secret: str = ""
    # "up": answer 204; "down": answer 503 without processing; "lose_answer": process, then
    # answer 500 as if the answer got lost on the way back (the sender must send it again).
    mode: str = "up"
    requests: list[dict[str, Any]] = field(default_factory=list)  # every request, as received
    processed: list[dict[str, Any]] = field(default_factory=list)  # each webhook-id once
    rejected: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def events(self) -> list[tuple[str, str]]:
        return [(event["type"], event["subject"]) for event in self.processed]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = dict(self.headers.items())
            with receiver.lock:
                receiver.requests.append({"headers": headers, "body": body})
                if receiver.mode == "down":
                    return self._answer(503)
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                except WebhookVerificationError:
                    receiver.rejected += 1
                    return self._answer(401)
                seen = {event["id"] for event in receiver.processed}
                if headers["webhook-id"] not in seen:
                    receiver.processed.append(
                        {"id": headers["webhook-id"], "type": payload["type"], "subject": _subject(payload), **payload}
                    )
                return self._answer(500 if receiver.mode == "lose_answer" else 204)

        def _answer(self, code: int) -> None:
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _subject(payload: dict[str, Any]) -> str:
    data = payload["data"]
    if "award" in data:
        return f"award/{data['award']['number']}"
    if "phase" in data:
        return f"cycle/{data['cycle']['id']}"
    if "survey" in data:
        return f"survey/{data['survey']['id']}"
    return f"organisation/{data['organisation']['slug']}"


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receiver listens on loopback
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    state = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks?source=vereinbar")
    server.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def bodies(receiver: Receiver) -> list[str]:
    return [request["body"].decode("utf-8") for request in receiver.requests]


def payloads(receiver: Receiver) -> list[dict[str, Any]]:
    return [json.loads(body) for body in bodies(receiver)]
