"""IMAP: unseen lead mails are read without marking them, and marked seen once stored."""

import imaplib
from io import StringIO

import pytest
from cast import build_cast
from django.core.management import call_command

from intake.conftest import ADF_FIXTURES
from intake.test_cli import mail_with_adf
from scoreline.intake.mailboxes import MailboxError, imap_messages
from scoreline.intake.models import Payload
from scoreline.leads.models import Lead


class FakeMailbox:
    """An IMAP server's mailbox as imaplib's client sees it (the network is not part of it)."""

    def __init__(self, mails: list[bytes], password: str = "secret") -> None:
        self.mails, self.password, self.seen = mails, password, set()

    def __call__(self, host: str, port: int) -> "FakeMailbox":
        return self

    def login(self, user: str, password: str) -> None:
        if password != self.password:
            raise imaplib.IMAP4.error("[AUTHENTICATIONFAILED] Invalid credentials")

    def select(self, folder: str) -> tuple[str, list[bytes]]:
        return "OK", [str(len(self.mails)).encode()]

    def search(self, charset: None, criterion: str) -> tuple[str, list[bytes]]:
        unseen = [str(n + 1).encode() for n in range(len(self.mails)) if n + 1 not in self.seen]
        return "OK", [b" ".join(unseen)]

    def fetch(self, number: bytes, parts: str) -> tuple[str, list]:
        assert "PEEK" in parts  # reading must not mark the mail seen
        return "OK", [(number + b" (BODY[] {1}", self.mails[int(number) - 1]), b")"]

    def store(self, number: str, command: str, flags: str) -> tuple[str, list]:
        self.seen.add(int(number))
        return "OK", []

    def logout(self) -> None:
        pass


def adf_mail(subject: str) -> bytes:
    adf = (ADF_FIXTURES / "06_fuller_lead_with_vendor_extension_and_provider.xml").read_bytes()
    return mail_with_adf(subject, adf, attached=True)


def test_mails_are_marked_seen_only_when_asked_after_storing():
    box = FakeMailbox([adf_mail("one"), adf_mail("two")])
    read = list(imap_messages("imap.example", "leads", "secret", connect=box))
    assert [label for label, _, _ in read] == ["imap INBOX 1", "imap INBOX 2"]
    assert box.seen == set()
    read[0][2]()
    assert box.seen == {1}
    assert len(list(imap_messages("imap.example", "leads", "secret", connect=box))) == 1


def test_a_wrong_password_names_the_mailbox():
    with pytest.raises(MailboxError, match=r"AUTHENTICATIONFAILED.*leads@imap.example:993/INBOX"):
        list(imap_messages("imap.example", "leads", "wrong", connect=FakeMailbox([])))


@pytest.mark.django_db
def test_the_mail_command_reads_imap_and_keeps_each_mail(monkeypatch):
    build_cast()
    box = FakeMailbox([adf_mail("one"), adf_mail("one again")])
    monkeypatch.setattr(imaplib, "IMAP4_SSL", box)
    monkeypatch.setenv("IMAP_PASSWORD", "secret")
    out = StringIO()
    call_command(
        "intake", "mail", "--imap", "imap.example", "--user", "leads",
        "--dealer", "lakeside", "--source", "website", stdout=out,
    )  # fmt: skip
    assert box.seen == {1, 2}
    assert Payload.objects.filter(format="email").count() == 2
    assert Lead.objects.count() == 1  # the same provider lead id twice is one lead
    assert "duplicate" in out.getvalue()
