"""The inbox: store every payload raw first, then process it once, idempotently, step by step.

`receive()` stores; `claim()` takes a pending payload with a conditional UPDATE, so two workers
can never process the same one; `process()` parses it and imports each lead (or row) in its own
savepoint, so one bad lead never stops the rest; `process_pending()` is what the worker calls;
`retry()` puts a failed payload back after a fix. Nothing received is ever dropped: a duplicate
delivery is stored too, marked as such, and a failure keeps its error.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from scoreline.dealers.models import Dealer
from scoreline.followup.errors import FollowUpError
from scoreline.intake import bulk, callfiles, mail, replies, spreadsheet
from scoreline.intake.errors import (
    BadValue,
    IntakeError,
    RefusedByFollowUp,
    UnknownDealer,
    UnknownSource,
)
from scoreline.intake.formats import adf, doorlinken, jsonlead, marktplaats
from scoreline.intake.formats.parsed import ParsedLead
from scoreline.intake.importing import Destination, Item, Outcome, import_lead
from scoreline.intake.inserts import insert
from scoreline.intake.models import (
    Format,
    IntakeEndpoint,
    IntakeResult,
    Payload,
    PayloadStatus,
    ResultStatus,
)
from scoreline.leads.models import Source

# Longer than any import takes (a claim is held for the whole of one payload), short enough
# that a payload whose worker died is picked up again the same hour.
STALE_CLAIM = timedelta(minutes=60)
logger = logging.getLogger(__name__)


def receive(
    body: bytes,
    *,
    channel: str,
    format: str,
    dealer: Dealer | None = None,
    source: Source | None = None,
    endpoint: IntakeEndpoint | None = None,
    external_id: str = "",
    meta: dict[str, Any] | None = None,
    at: datetime | None = None,
    whole_duplicates: bool = True,
    held: bool = False,
) -> Payload:
    """Store a payload as it arrived; a repeated delivery is stored as a duplicate of the first.

    Files imported by hand pass `whole_duplicates=False`: importing the same file again after a
    fix must reach its rows, which are idempotent one by one. A `held` payload waits, unseen by
    the worker, until its columns are confirmed (`uploads.confirm`).
    """
    checksum = hashlib.sha256(body).hexdigest()
    original = (
        _original(checksum, dealer, source, format, external_id) if whole_duplicates else None
    )
    return Payload.objects.create(
        endpoint=endpoint,
        dealer=dealer,
        source=source,
        channel=channel,
        format=format,
        received_at=at or timezone.now(),
        body=body,
        size=len(body),
        checksum=checksum,
        external_id=external_id[:200],
        meta=meta or {},
        status=(
            PayloadStatus.DUPLICATE
            if original
            else PayloadStatus.HELD
            if held
            else PayloadStatus.PENDING
        ),
        duplicate_of=original,
    )


def _original(
    checksum: str, dealer: Dealer | None, source: Source | None, format: str, external_id: str
) -> Payload | None:
    """The first delivery of the same event id, or of the same bytes, for this dealer and source."""
    same = Q(checksum=checksum)
    if external_id:
        same |= Q(external_id=external_id)
    earlier = Payload.objects.filter(same, dealer=dealer, source=source, format=format)
    earlier = earlier.exclude(status__in=[PayloadStatus.DUPLICATE, PayloadStatus.REJECTED])
    return earlier.order_by("pk").first()


def claim(payload_id: int, *, now: datetime | None = None) -> bool:
    """Take a pending payload for processing; False when another worker was first."""
    claimed = Payload.objects.filter(pk=payload_id, status=PayloadStatus.PENDING).update(
        status=PayloadStatus.PROCESSING,
        claimed_at=now or timezone.now(),
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def process_pending(limit: int = 100) -> int:
    """Process up to `limit` waiting payloads, oldest first; returns how many were processed."""
    release_stale_claims()
    done = 0
    ids = Payload.objects.filter(status=PayloadStatus.PENDING).order_by("received_at", "pk")
    for payload_id in ids.values_list("pk", flat=True)[:limit]:
        if claim(payload_id):
            process(Payload.objects.get(pk=payload_id))
            done += 1
    return done


def release_stale_claims(*, now: datetime | None = None) -> int:
    """Put back payloads whose worker died mid-way (claimed long ago, never finished)."""
    cutoff = (now or timezone.now()) - STALE_CLAIM
    stale = Payload.objects.filter(status=PayloadStatus.PROCESSING, claimed_at__lt=cutoff)
    return stale.update(status=PayloadStatus.PENDING)


def release_claims(ids: list[int] | None = None) -> int:
    """Put claimed payloads (all, or those with these ids) back in the queue now: for an
    operator who knows their worker is dead. Returns how many were released."""
    claimed = Payload.objects.filter(status=PayloadStatus.PROCESSING)
    if ids:
        claimed = claimed.filter(pk__in=ids)
    return claimed.update(status=PayloadStatus.PENDING)


def process(payload: Payload, *, on_item: Callable[[int], None] | None = None) -> Payload:
    """Import a claimed payload's items, each in its own savepoint; record what became of each.

    `on_item(total)` is called once per item (a progress bar's advance).
    """
    try:
        with transaction.atomic():
            answers = replies.answer_items(payload) if payload.format == Format.EMAIL else None
            refused: list[str] | None = None
            if answers is not None:  # a reply to, or a bounce of, a mail Scoreline sent
                refused = _import_items(payload, answers, on_item)
            elif _in_bulk(payload):
                refused = _bulk(payload, on_item)
            if refused is None:
                refused = _import_items(payload, list(_items(payload)), on_item)
            spreadsheet.judge_losses_again(payload)
    except IntakeError as error:
        return _finish(payload, PayloadStatus.FAILED, error.code, str(error))
    except Exception as error:  # a bug must not leave the payload claimed forever: keep it visible
        logger.exception("intake payload %s failed unexpectedly", payload.pk)
        return _finish(payload, PayloadStatus.FAILED, "internal_error", repr(error))
    if refused:
        summary = "; ".join(refused[:5]) + (
            f"; and {len(refused) - 5} more" if len(refused) > 5 else ""
        )
        return _finish(
            payload, PayloadStatus.FAILED, "refused_items", f"{len(refused)} refused: {summary}"
        )
    return _finish(payload, PayloadStatus.DONE, "", "")


def retry(payload: Payload) -> bool:
    """Put a failed payload back in the queue (after a fix); its imported items stay imported."""
    return bool(
        Payload.objects.filter(pk=payload.pk, status=PayloadStatus.FAILED).update(
            status=PayloadStatus.PENDING, error_code="", error=""
        )
    )


def fail(payload: Payload, error: IntakeError, status: str = PayloadStatus.FAILED) -> Payload:
    """Record why a payload cannot be processed as it is (kept, shown, retryable)."""
    return _finish(payload, status, error.code, str(error))


def _finish(payload: Payload, status: str, code: str, error: str) -> Payload:
    payload.status, payload.error_code, payload.error = status, code, error
    payload.processed_at = timezone.now()
    payload.save(update_fields=["status", "error_code", "error", "processed_at"])
    return payload


def _in_bulk(payload: Payload) -> bool:
    """A first attempt at a lead document, a leads file or an activities file: worth reading
    once to see its size."""
    kind = payload.meta.get("kind") if payload.format == Format.EXCHANGE else None
    is_bulk_file = kind in ("leads", "activities")
    return (payload.format in LEAD_PARSERS or is_bulk_file) and not payload.results.exists()


def _bulk(payload: Payload, on_item: Callable[[int], None] | None = None) -> list[str] | None:
    """Import a big lead document, leads or activities file in bulk; None to go one at a time.

    A concurrent import of one of its provider ids makes the bulk insert fail as a whole; the
    savepoint is rolled back and the one-at-a-time path, which handles that race, takes over.
    """
    try:
        with transaction.atomic():
            placed = _bulk_outcomes(payload)
    except IntegrityError:
        return None
    if placed is None:
        return None
    insert(
        [
            _result(payload, position, where, outcome)
            for position, (where, outcome) in enumerate(placed)
        ]
    )
    if on_item is not None:
        for _placed in placed:
            on_item(len(placed))
    return [str(o) for _where, o in placed if isinstance(o, IntakeError)]


def _bulk_outcomes(payload: Payload) -> list[tuple[str, Outcome | IntakeError]] | None:
    """Each item's place and outcome, imported in bulk; None when the payload is too small
    (or otherwise not fit) for it."""
    if payload.format == Format.EXCHANGE and payload.meta.get("kind") == "activities":
        return spreadsheet.activity_outcomes(payload)
    batch = _bulk_entries(payload)
    if batch is None or len(batch) < bulk.BULK_MIN:
        return None
    entries = [entry for _where, entry in batch]
    outcomes = bulk.import_entries(entries, in_time_order=payload.format in LEAD_PARSERS)
    return [(where, outcome) for (where, _entry), outcome in zip(batch, outcomes, strict=True)]


def _bulk_entries(payload: Payload) -> list[tuple[str, bulk.Entry | IntakeError]] | None:
    """Each lead of the payload with its place: a document's prospects (walked in time order
    by `bulk`), or a leads file's rows (in the order `spreadsheet` imports them)."""
    if payload.format not in LEAD_PARSERS:
        return spreadsheet.lead_entries(payload)
    leads = parse_leads(payload)  # an unreadable document says so before a missing dealer
    to = destination(payload)
    return [(lead.place(), bulk.Entry(lead, to)) for lead in leads]


def _result(
    payload: Payload, position: int, where: str, outcome: Outcome | IntakeError
) -> IntakeResult:
    error = outcome if isinstance(outcome, IntakeError) else None
    done = outcome if isinstance(outcome, Outcome) else None
    return IntakeResult(
        payload=payload,
        position=position,
        where=((error.where if error else "") or where)[:300],
        status=done.status if done else ResultStatus.REFUSED,
        lead=done.lead if done else None,
        inquiry=done.inquiry if done else None,
        note=done.note[:200] if done else "",
        error_code=error.code if error else "",
        error=error.problem if error else "",
    )


def _items(payload: Payload) -> Iterable[Item]:
    if callfiles.is_call_payload(payload):
        return callfiles.call_items(payload)
    if payload.format == Format.EXCHANGE:
        return spreadsheet.row_items(payload)
    if payload.format in (Format.CALLS, Format.SALES):
        return spreadsheet.json_row_items(payload)
    return lead_items(payload)


def _import_items(
    payload: Payload, items: list[Item], on_item: Callable[[int], None] | None
) -> list[str]:
    """Run each item not yet imported; returns the refusals, each naming its place.

    Results of an earlier attempt are read once: imported positions are skipped, refused ones
    are tried again and their result row replaced.
    """
    earlier = {r.position: r for r in payload.results.all()}
    refused = []
    for position, item in enumerate(items):
        if on_item is not None:
            on_item(len(items))
        before = earlier.get(position)
        if before is not None and before.status != ResultStatus.REFUSED:
            continue
        outcome, error = _run(item)
        if before is not None:
            before.delete()
        _record(payload, position, item.where, outcome, error)
        if error is not None:
            refused.append(str(error))
    return refused


def _run(item: Item) -> tuple[Outcome | None, IntakeError | None]:
    try:
        with transaction.atomic():
            return item.run(), None
    except IntakeError as error:
        return None, error
    except FollowUpError as error:  # the follow-up engine refused the change: say why, and where
        return None, RefusedByFollowUp(str(error), item.where)
    except IntegrityError:
        # A concurrent import of the same provider lead id won the race: run again to see it.
        with transaction.atomic():
            return item.run(), None
    except (UnicodeError, ValueError) as error:
        # Text the database cannot take (a NUL on PostgreSQL, a lone surrogate): this item is
        # refused with the reason, its savepoint undone, and the others go on.
        return None, BadValue(f"a value cannot be stored: {error}", item.where)


def _record(
    payload: Payload, position: int, where: str, outcome: Outcome | None, error: IntakeError | None
) -> None:
    _result(payload, position, where, error or outcome).save()  # type: ignore[arg-type]


def destination(payload: Payload, *, imported_history: bool = False) -> Destination:
    if payload.dealer is None:
        raise UnknownDealer("the payload names no dealer", f"payload {payload.pk}")
    if payload.source is None:
        raise UnknownSource("the payload names no source", f"payload {payload.pk}")
    return Destination(
        payload.dealer, payload.source, payload.channel, payload.received_at, imported_history
    )


LEAD_PARSERS: dict[str, Callable[[bytes], list[ParsedLead]]] = {
    Format.ADF: adf.parse,
    Format.DOORLINKEN: doorlinken.parse,
    Format.MARKTPLAATS: marktplaats.parse,  # the signature was checked when it arrived
    Format.JSON: jsonlead.parse,
    Format.EMAIL: mail.parse,
}


def parse_leads(payload: Payload) -> list[ParsedLead]:
    parser = LEAD_PARSERS.get(payload.format)
    if parser is None:
        raise IntakeError(f"no reader for format {payload.format!r}", f"payload {payload.pk}")
    return parser(bytes(payload.body))


def lead_items(payload: Payload) -> list[Item]:
    """A lead document's items: one per lead it holds."""
    to = destination(payload)
    return [Item(lead.place(), _importer(lead, to)) for lead in parse_leads(payload)]


def _importer(lead: ParsedLead, to: Destination) -> Callable[[], Outcome]:
    return lambda: import_lead(lead, to)


def json_lead(fields: dict[str, object], received_at: datetime | None = None) -> bytes:
    """A lead in the JSON lead format that intake reads, arrival time filled in (default now)."""
    document = {k: str(v) for k, v in fields.items() if v}
    document["received_at"] = (received_at or timezone.now()).isoformat()
    return json.dumps(document, sort_keys=True).encode()


@dataclass(frozen=True)
class Taken:
    """One lead received and imported at once: the payload that counts and its result."""

    payload: Payload  # the first delivery of these bytes or this id
    result: IntakeResult | None  # None when the payload was refused as a whole
    repeated: bool  # this delivery repeated an earlier one and counted nothing again

    @property
    def problem(self) -> tuple[str, str]:
        """The refusal's code and message, when no lead came of it."""
        found = self.result or self.payload
        return found.error_code or "refused", found.error or "The lead was not imported."


def take_in(
    body: bytes,
    *,
    channel: str,
    dealer: Dealer,
    source: Source,
    external_id: str = "",
) -> Taken:
    """Receive one JSON lead and import it now: the API's lead and a lead added by hand."""
    stored = receive(
        body,
        channel=channel,
        format=Format.JSON,
        dealer=dealer,
        source=source,
        external_id=external_id,
    )
    first = stored.duplicate_of or stored
    if first is stored and claim(stored.pk):
        process(stored)
    result = IntakeResult.objects.filter(payload=first).select_related("lead").first()
    first.refresh_from_db()
    return Taken(first, result, repeated=first is not stored)
