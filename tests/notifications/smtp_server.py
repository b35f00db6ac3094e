"""A mail server on 127.0.0.1 for the tests, reached through Django's real SMTP backend. It
speaks just enough SMTP, and answers as its ``mode`` says:

- "accept": takes every mail (its raw bytes go to ``received``);
- "451": refuses every sender with a temporary error, as a server that is overloaded or
  greylisting does;
- "close": hangs up as soon as a connection is made;
- "silent": accepts the connection and never says a word (the client's timeout ends it).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

MODES = ("accept", "451", "close", "silent")


class SmtpServer:
    def __init__(self) -> None:
        self.mode = "accept"
        self.received: list[bytes] = []
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:  # closed: the test is over
                return
            self.connections += 1
            threading.Thread(target=self._session, args=(connection, self.mode), daemon=True).start()

    def _session(self, connection: socket.socket, mode: str) -> None:
        connection.settimeout(10)  # a client that never ends its session does not keep a thread
        with connection:
            if mode == "close":
                return
            if mode == "silent":
                try:
                    while connection.recv(1024):  # until the client gives up and closes
                        pass
                except OSError:
                    pass
                return
            stream = connection.makefile("rb")
            try:
                self._dialogue(connection, stream, mode)
            except OSError:
                return
            finally:
                stream.close()

    def _dialogue(self, connection: socket.socket, stream, mode: str) -> None:
        def say(line: str) -> None:
            connection.sendall(line.encode("ascii") + b"\r\n")

        say("220 test.example ESMTP")
        for line in stream:
            command = line[:4].upper()
            if command in (b"EHLO", b"HELO"):
                say("250 test.example")
            elif command == b"MAIL":
                say("451 4.3.0 Try again later" if mode == "451" else "250 OK")
            elif command == b"DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                message = b""
                for data in stream:
                    if data == b".\r\n":
                        break
                    message += data
                self.received.append(message)
                say("250 OK queued")
            elif command == b"QUIT":
                say("221 Bye")
                return
            elif command in (b"RCPT", b"RSET", b"NOOP"):
                say("250 OK")
            else:
                say("502 Command not implemented")

    def close(self) -> None:
        self._listener.close()


@contextmanager
def smtp_server(settings, *, timeout: float = 1.0) -> Iterator[SmtpServer]:
    """A running ``SmtpServer`` that the product's mails go to (plain SMTP, no TLS)."""
    server = SmtpServer()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "use_tls": False, "timeout": timeout},
        }
    }
    try:
        yield server
    finally:
        server.close()
