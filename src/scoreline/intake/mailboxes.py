"""Where lead mails are read from: .eml files, an mbox, a Maildir, or an IMAP mailbox."""

from __future__ import annotations

import imaplib
import mailbox
from collections.abc import Callable, Iterator
from pathlib import Path

from scoreline.intake.errors import IntakeError, UnknownFormat


class MailboxError(IntakeError):
    code = "mailbox"


def messages_at(path: Path) -> Iterator[tuple[str, bytes]]:
    """(label, raw mail) for a .eml file, an mbox file, or a Maildir folder."""
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise UnknownFormat("the folder is not a Maildir (no cur/ or new/)", str(path))
        box = mailbox.Maildir(path, create=False)
        for key in box.iterkeys():
            yield f"{path.name}/{key}", box.get_bytes(key)
        return
    data = path.read_bytes()
    if data.startswith(b"From "):
        for index, message in enumerate(mailbox.mbox(path, create=False)):
            yield f"{path.name}#{index + 1}", message.as_bytes()
        return
    yield path.name, data


def imap_messages(
    host: str,
    user: str,
    password: str,
    *,
    folder: str = "INBOX",
    port: int = 993,
    ssl: bool = True,
    connect: Callable[..., imaplib.IMAP4] | None = None,
) -> Iterator[tuple[str, bytes, Callable[[], None]]]:
    """Unseen mails as (label, raw, mark_seen): mark a mail seen only once it is stored.

    Mails are fetched with BODY.PEEK so that a crash between fetching and storing leaves
    them unseen, to be read again next time.
    """
    opener = connect or (imaplib.IMAP4_SSL if ssl else imaplib.IMAP4)
    try:
        client = opener(host, port)
        client.login(user, password)
        client.select(folder)
        _, found = client.search(None, "UNSEEN")
    except (imaplib.IMAP4.error, OSError) as error:
        raise MailboxError(f"IMAP: {error}", f"{user}@{host}:{port}/{folder}") from None
    try:
        for number in found[0].split():
            _, parts = client.fetch(number, "(BODY.PEEK[])")
            raw = next(p[1] for p in parts if isinstance(p, tuple))
            yield f"imap {folder} {number.decode()}", raw, _seen(client, number)
    finally:
        client.logout()


def _seen(client: imaplib.IMAP4, number: bytes) -> Callable[[], None]:
    def mark() -> None:
        client.store(number.decode(), "+FLAGS", "\\Seen")

    return mark
