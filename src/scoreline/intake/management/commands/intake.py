"""`scoreline intake file|mail|failed|retry|endpoint|process`: lead intake on the command line."""

from __future__ import annotations

import json
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from scoreline.dealers.models import Dealer
from scoreline.intake import processing
from scoreline.intake.errors import IntakeError
from scoreline.intake.formats.sniff import sniff
from scoreline.intake.mail import message_id
from scoreline.intake.mailboxes import imap_messages, messages_at
from scoreline.intake.models import Format, IntakeEndpoint, Payload, PayloadStatus
from scoreline.intake.reporting import as_lines, describe, failures
from scoreline.leads.models import Channel, Source

LEAD_FORMATS = (
    Format.ADF,
    Format.DOORLINKEN,
    Format.MARKTPLAATS,
    Format.JSON,
    Format.CALLS,
    Format.SALES,
)


class Command(BaseCommand):
    help = "Import lead files and mails, list and retry failed payloads, add endpoints, process."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        file = actions.add_parser(
            "file", help="import ADF/XML, doorlinkenvoorraad XML or JSON files"
        )
        file.add_argument("paths", nargs="+", type=Path)
        mail = actions.add_parser(
            "mail",
            help="import ADF, and replies to and bounces of mails Scoreline sent, from .eml "
            "files, an mbox, a Maildir or IMAP",
        )
        mail.add_argument("paths", nargs="*", type=Path)
        mail.add_argument("--imap", metavar="HOST", help="read unseen mails from this IMAP server")
        mail.add_argument("--user", default="")
        mail.add_argument(
            "--password-env", default="IMAP_PASSWORD", help="variable holding the password"
        )
        mail.add_argument("--folder", default="INBOX")
        mail.add_argument("--port", type=int, default=993)
        mail.add_argument("--no-ssl", action="store_true")
        for sub in (file, mail):
            sub.add_argument("--dealer", required=True, help="dealer name or slug")
            sub.add_argument("--source", required=True, help="source name or slug")
        failed = actions.add_parser("failed", help="list payloads that failed, with their errors")
        retry = actions.add_parser("retry", help="process failed payloads again (after a fix)")
        retry.add_argument("ids", nargs="*", type=int)
        retry.add_argument("--all", action="store_true", help="every failed payload")
        point = actions.add_parser("endpoint", help="add an HTTP endpoint; prints its URL once")
        point.add_argument("--dealer", required=True, help="dealer name or slug")
        point.add_argument("--source", required=True, help="source name or slug")
        point.add_argument("--type", choices=[f.value for f in LEAD_FORMATS], default="adf")
        point.add_argument("--signing-secret", default="", help="HMAC key (webhooks)")
        release = actions.add_parser(
            "release", help="put payloads claimed by a dead worker back in the queue now"
        )
        release.add_argument("ids", nargs="*", type=int)
        queue = actions.add_parser("process", help="process waiting payloads now")
        queue.add_argument("--limit", type=int, default=1000)
        for sub in (file, mail, failed, retry, point, release, queue):
            sub.add_argument("--format", choices=["text", "json"], default="text", help="output")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['action']}")
        documents = handler(options)
        if options["format"] == "json":
            self.stdout.write(json.dumps(documents, indent=2, default=str))
        else:
            for document in documents:
                self.stdout.write("\n".join(as_lines(document)))
        failed = failures([d["status"] for d in documents if d["payload"] is not None])
        if failed and options["action"] in ("file", "mail", "retry"):
            raise CommandError(f"document(s): {failed}", returncode=1)

    def _file(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        dealer, source = _dealer(options["dealer"]), _source(options["source"])
        documents = []
        for path in options["paths"]:
            body = _read(path)
            try:
                kind = sniff(body, path.name)
            except IntakeError as error:
                documents.append(describe(_kept_unread(body, path, dealer, source, error)))
                continue
            channel = (
                Channel.EMAIL
                if kind == "email"
                else Channel.ADF
                if kind == "adf"
                else Channel.MANUAL
            )
            payload = processing.receive(
                body,
                channel=channel,
                format=kind,
                dealer=dealer,
                source=source,
                external_id=path.name,
                meta={"file": str(path)},
            )
            documents.append(describe(_now(payload)))
        return documents

    def _mail(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        dealer, source = _dealer(options["dealer"]), _source(options["source"])
        documents = []
        for label, raw, stored in _mails(options):
            payload = processing.receive(
                raw,
                channel=Channel.EMAIL,
                format="email",
                dealer=dealer,
                source=source,
                external_id=message_id(raw) or label,
                meta={"file": label},
            )
            stored()
            documents.append(describe(_now(payload)))
        return documents

    def _failed(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        failed = Payload.objects.filter(status=PayloadStatus.FAILED).order_by("received_at", "pk")
        return [describe(p, refused_only=True) for p in failed]

    def _retry(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        failed = Payload.objects.filter(status=PayloadStatus.FAILED)
        if not options["all"]:
            if not options["ids"]:
                raise CommandError("name the payloads to retry, or use --all")
            failed = failed.filter(pk__in=options["ids"])
        documents = []
        for payload in failed.order_by("pk"):
            if processing.retry(payload):
                documents.append(describe(_now(payload)))
        return documents

    def _release(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        released = processing.release_claims(options["ids"] or None)
        self.stderr.write(f"{released} payload(s) put back in the queue")
        return []

    def _endpoint(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        point = IntakeEndpoint(
            dealer=_dealer(options["dealer"]),
            source=_source(options["source"]),
            format=options["type"],
            signing_secret=options["signing_secret"],
        )
        if point.format == Format.MARKTPLAATS and not point.signing_secret:
            raise CommandError("a Marktplaats webhook needs --signing-secret")
        token = point.set_token()
        point.save()
        url = reverse("intake:receive", args=[token])
        self.stderr.write(f"POST to {url} (the token is shown this once; only its hash is kept)")
        return [
            {
                "payload": None,
                "file": url,
                "format": point.format,
                "status": "endpoint",
                "error": "",
                "duplicate_of": None,
                "items": [],
            }
        ]

    def _process(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        done = processing.process_pending(options["limit"])
        self.stderr.write(f"{done} payload(s) processed")
        return []


def _now(payload: Payload) -> Payload:
    """Process a just-stored payload at once (the CLI does not wait for the worker)."""
    if processing.claim(payload.pk):
        payload.refresh_from_db()
        processing.process(payload)
    payload.refresh_from_db()
    return payload


def _mails(options: dict[str, Any]):  # type: ignore[no-untyped-def]
    for path in options["paths"]:
        try:
            for label, raw in messages_at(path):
                yield label, raw, lambda: None
        except (IntakeError, OSError) as error:
            raise CommandError(f"{path}: {error}") from None
    if options["imap"]:
        password = os.environ.get(options["password_env"], "")
        try:
            yield from imap_messages(
                options["imap"],
                options["user"],
                password,
                folder=options["folder"],
                port=options["port"],
                ssl=not options["no_ssl"],
            )
        except IntakeError as error:
            raise CommandError(str(error)) from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None


def _kept_unread(
    body: bytes, path: Path, dealer: Dealer, source: Source, error: IntakeError
) -> Payload:
    """A file no reader knows is still kept, failed with the reason, like any other payload."""
    payload = processing.receive(
        body,
        channel=Channel.MANUAL,
        format=Format.UNKNOWN,
        dealer=dealer,
        source=source,
        external_id=path.name,
        meta={"file": str(path)},
    )
    return processing.fail(payload, error)


def _dealer(name: str) -> Dealer:
    dealer = (
        Dealer.objects.filter(slug=name).first() or Dealer.objects.filter(name__iexact=name).first()
    )
    if dealer is None:
        known = ", ".join(Dealer.objects.values_list("slug", flat=True)) or "none"
        raise CommandError(f"unknown dealer {name!r} (known: {known})")
    return dealer


def _source(name: str) -> Source:
    source = (
        Source.objects.filter(slug=name).first() or Source.objects.filter(name__iexact=name).first()
    )
    if source is None:
        known = ", ".join(Source.objects.values_list("slug", flat=True)) or "none"
        raise CommandError(f"unknown source {name!r} (known: {known})")
    return source
