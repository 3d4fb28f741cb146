"""A real SMTP server on loopback (aiosmtpd) that records what it receives."""
from __future__ import annotations

import email
import socket
import time
from email import policy

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        #: Recipients this server refuses for good (550), as a real one refuses a mailbox.
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content,
                                                      policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SMTPServer:
    """start() / stop() on a fixed port, so a test can take the server down and up again."""

    def __init__(self, smtputf8: bool = False):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller = None
        self.smtputf8 = smtputf8

    @property
    def messages(self):
        return self.recorder.messages

    def start(self) -> None:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port,
                                     enable_SMTPUTF8=self.smtputf8)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return True
            time.sleep(0.1)
        return False
