"""A real SMTP server on localhost for tests (aiosmtpd), keeping what it receives, or refusing.

`local_smtp()` starts it on a free port for the length of a `with` block; `refusing=` makes it
answer every recipient with that SMTP error instead (a full mailbox, a relay refused).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """What the server was sent: each mail's envelope and its parsed message."""

    port: int
    mails: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _from, _to, message in self.mails]


class _Keeper:
    def __init__(self, received: Received, refusing: str) -> None:
        self.received = received
        self.refusing = refusing

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.refusing:
            return self.refusing
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.mails.append((envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def local_smtp(refusing: str = "") -> Iterator[Received]:
    received = Received(free_port())
    controller = Controller(_Keeper(received, refusing), hostname="127.0.0.1", port=received.port)
    controller.start()
    try:
        yield received
    finally:
        controller.stop()
