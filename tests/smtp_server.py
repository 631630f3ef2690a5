"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, on a free port, in a thread.

`smtp_server` starts one for a test and points the site's default mailer at it over SMTP, so
that mails go through Django's SMTP backend and smtplib as in production. It collects every
message it accepts; with `fail = True` it answers 451 (try again later) to each.
"""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

SITE_URL = "https://medborgarloften.example.se"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Collector:
    """aiosmtpd's handler: keeps what it accepts, or refuses all while FAIL."""

    messages: list[EmailMessage] = field(default_factory=list)
    fail: bool = False

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.fail:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if address in message["To"]]

    @staticmethod
    def body(message: EmailMessage) -> str:
        return message.get_body(("plain",)).get_content()


def mailer_for(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def smtp_server(settings) -> Iterator[Collector]:
    collector = Collector()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = mailer_for(controller.port)
    settings.SITE_URL = SITE_URL
    try:
        yield collector
    finally:
        controller.stop()
