"""The exchange format (EXCHANGE.md) into the database: `scoreline import DIR`.

Each file is stored raw as one payload, then each row is imported on its own: a bad row gets a
row-level error (file, row, column, what is wrong) and the other rows go on. Rows are keyed so
that importing the same folder again adds nothing: leads by their `lead_id` (as the provider
id `exchange:<lead_id>`), activities and calls by a digest of the row, orders by `order_id`.
Imported history is never refused by the follow-up guard; a lead closed lost without the
standard's effort is flagged `closed_without_standard` instead. An open lead without a (known)
salesperson is assigned by the dealer's rule, so every open lead has someone to work it.
A big leads file is imported in bulk (`lead_entries`, then `bulk`), a big activities file too
(`activity_outcomes`, then `bulk_activities`): the same rows as one row at a time, in a
handful of statements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from scoreline.dealers.models import Dealer
from scoreline.followup.calendars import calendar_for
from scoreline.followup.models import Activity
from scoreline.followup.standard import evaluate, standard_for
from scoreline.intake import bulk, bulk_activities, calls, sales
from scoreline.intake.bulk import Entry
from scoreline.intake.errors import IntakeError, UnknownDealer
from scoreline.intake.formats.dates import parse_timestamp
from scoreline.intake.formats.jsondoc import read_json, records
from scoreline.intake.headers import SHEET_WORDS
from scoreline.intake.importing import History, Item, Outcome
from scoreline.intake.models import Format, Payload, ResultStatus
from scoreline.intake.rows import (
    READERS,
    Names,
    Options,
    RowByRow,
    RowReader,
    read_history,
    read_lead,
)
from scoreline.intake.tables import Row, read_rows
from scoreline.leads.models import Lead, LeadStatus

# The files of an exchange folder, in the order they must be imported, with required columns.
# A leads file without lead_id is keyed by what each row says of its inquiry (`_keyed`).
KINDS: dict[str, tuple[str, ...]] = {
    "dealers": ("dealer",),
    "leads": ("received_at",),
    "activities": ("lead_id", "at", "kind"),
    "costs": ("source", "month", "amount"),
    "sales": ("dealer", *sales.COLUMNS),
    "calls": ("dealer", *calls.COLUMNS),
}
# What names one inquiry in a leads row, for a row that has no lead_id.
IDENTITY = ("dealer", "source", "received_at", "email", "phone", "first_name", "last_name")


def folder_files(folder: Path, options: Options) -> list[tuple[str, Path]]:
    """The exchange files present in `folder`, as (kind, path), in import order."""
    found = []
    for kind in KINDS:
        names = [options.files[kind]] if kind in options.files else [f"{kind}.csv", f"{kind}.xlsx"]
        path = next((folder / n for n in names if (folder / n).is_file()), None)
        if path is not None:
            found.append((kind, path))
    return found


def row_items(payload: Payload) -> list[Item]:
    """One item per row of a stored exchange file (the inbox's reader for this format)."""
    kind = payload.meta["kind"]
    options = Options.from_meta(payload.meta)
    reader = READERS[kind]
    return [Item(row.at(), _bind(reader, row, options, payload)) for row in _rows(payload, options)]


def lead_entries(payload: Payload) -> list[tuple[str, Entry | IntakeError]] | None:
    """A leads file's rows as bulk entries (place, entry or refusal), in the order imported.

    None when the file is not a leads file, or a row would create a source: such a file goes
    row by row, where a source made for a row that is then refused is undone with it.
    """
    if payload.format != Format.EXCHANGE or payload.meta.get("kind") != "leads":
        return None
    options, names = Options.from_meta(payload.meta), Names()
    try:
        return [(row.at(), _entry(row, options, payload, names)) for row in _rows(payload, options)]
    except RowByRow:
        return None


def activity_outcomes(payload: Payload) -> list[tuple[str, Outcome | IntakeError]] | None:
    """An activities file imported in bulk (`bulk_activities`): each row's place and outcome.

    None when the file is not an activities file, has too few rows to be worth it, or holds
    text no database stores: such a file goes row by row.
    """
    if payload.format != Format.EXCHANGE or payload.meta.get("kind") != "activities":
        return None
    options = Options.from_meta(payload.meta)
    rows = _rows(payload, options)
    if len(rows) < bulk.BULK_MIN or not bulk_activities.storable(rows):
        return None
    outcomes = bulk_activities.import_rows(rows, options, payload)
    return [(row.at(), outcome) for row, outcome in zip(rows, outcomes, strict=True)]


def _entry(row: Row, options: Options, payload: Payload, names: Names) -> Entry | IntakeError:
    """A row as `lead_row` reads it; its history's refusal is kept for `bulk` to weigh."""
    try:
        parsed, to = read_lead(row, options, payload, names, may_create=False)
    except IntakeError as error:
        return error
    try:
        history: History | IntakeError = read_history(row, options, to, names)
    except IntakeError as error:
        history = error
    return Entry(parsed, to, history)


def _rows(payload: Payload, options: Options) -> list[Row]:
    """The file's rows by exchange column name; leads in arrival order (see `_arrival`)."""
    kind = payload.meta["kind"]
    required = KINDS[kind]
    if kind == "leads" and options.dealer:
        required = tuple(c for c in required if c != "dealer")
    rows = read_rows(
        bytes(payload.body),
        payload.meta["file"],
        required=required,
        mapping=options.columns.get(kind),
        sheet_words=SHEET_WORDS.get(kind, ()),
    )
    if kind != "leads":
        return rows
    zone = ZoneInfo(payload.dealer.time_zone) if payload.dealer else UTC
    return sorted(map(_keyed, rows), key=lambda row: _arrival(row, zone))


def _keyed(row: Row) -> Row:
    """A leads row without lead_id gets one from its inquiry (when, who, from where), so that
    importing the same export again finds it again, whatever its status has become since."""
    if row.get("lead_id"):
        return row
    said = "|".join(row.get(c) for c in IDENTITY)
    key = "row-" + hashlib.sha256(said.encode()).hexdigest()[:24]
    return replace(row, values={**row.values, "lead_id": key})


def _arrival(row: Row, zone: tzinfo) -> tuple[datetime, int]:
    """Leads in the order they arrived, whatever the file's order (exports often go newest first).

    The 30-day rule needs the first lead made before its repeats, so moments are compared as
    moments: a time with an offset by its offset, one without in the dealer's zone (`zone`).
    Unreadable dates go last (they are refused anyway).
    """
    moment = parse_timestamp(row.get("received_at"))
    if moment is None:
        return (LAST, row.number)
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone), row.number)


LAST = datetime.max.replace(tzinfo=UTC)


def json_row_items(payload: Payload) -> list[Item]:
    """Call logs and orders posted as JSON (one object or a list), read like their CSV rows."""
    kind = "calls" if payload.format == Format.CALLS else "sales"
    if payload.dealer is None:
        raise UnknownDealer("the payload names no dealer", f"payload {payload.pk}")
    options = Options(dealer=payload.dealer.name)
    items = []
    for path, record in records(read_json(bytes(payload.body)), kind, "records"):
        values = {k.lower(): "" if v is None else str(v) for k, v in record.items()}
        values["dealer"] = payload.dealer.name  # the endpoint's token speaks for one dealer only
        row = Row(path, 0, values)
        items.append(Item(path, _bind(READERS[kind], row, options, payload)))
    return items


def _bind(reader: RowReader, row: Row, options: Options, payload: Payload) -> Callable[[], Outcome]:
    return lambda: reader(row, options, payload)


def flag_closed_without_standard(leads: list[Lead]) -> int:
    """Mark imported leads closed lost before the standard's effort was made; returns how many.

    Judged as `standard_status(lead, at=lead.closed_at)` judges, with the activities of all
    the leads read at once and each dealer's standard and calendar once; only changed flags
    are written.
    """
    lost = [lead for lead in leads if lead.status == LeadStatus.LOST and lead.closed_at]
    activities = _activities_of(lost)
    flagged = 0
    changed: dict[bool, list[int]] = {True: [], False: []}
    dealers: dict[int, Dealer] = {}
    for lead in lost:
        assert lead.closed_at is not None
        dealer = dealers.setdefault(lead.dealer_id, lead.dealer)
        done = [a for a in activities.get(lead.pk, []) if a.at <= lead.closed_at]
        status = evaluate(lead, done, standard_for(dealer), calendar_for(dealer), lead.closed_at)
        without = not status.effort_made
        if lead.closed_without_standard != without:
            lead.closed_without_standard = without
            changed[without].append(lead.pk)
        flagged += without
    for without, pks in changed.items():
        Lead.objects.filter(pk__in=pks).update(closed_without_standard=without)
    return flagged


def _activities_of(leads: list[Lead]) -> dict[int, list[Activity]]:
    """Each lead's activities, in the order `standard_status` reads them."""
    found: dict[int, list[Activity]] = {}
    pks = [lead.pk for lead in leads]
    for start in range(0, len(pks), 500):
        chunk = Activity.objects.filter(lead__in=pks[start : start + 500])
        for activity in chunk.order_by("at", "pk"):
            found.setdefault(activity.lead_id, []).append(activity)
    return found


def judge_losses_again(payload: Payload) -> int:
    """After a leads or activities file: judge the imported lost leads it touched again.

    A loss is judged by the activities before it, and those may come in a later file (or a
    later upload on the imports page), so each of these files settles the flag anew.
    """
    if payload.format != Format.EXCHANGE or payload.meta.get("kind") not in ("leads", "activities"):
        return 0
    touched = payload.results.exclude(lead=None).values_list("lead", flat=True)
    lost = Lead.objects.filter(pk__in=touched, is_imported=True, status=LeadStatus.LOST)
    return flag_closed_without_standard(list(lost.select_related("dealer", "lost_reason")))


def imported_leads(payloads: list[Payload]) -> list[Lead]:
    """The leads the given payloads created, for the after-import checks."""
    ids = {
        pk
        for p in payloads
        for pk in p.results.filter(status=ResultStatus.CREATED).values_list("lead", flat=True)
    }
    return list(Lead.objects.filter(pk__in=ids).select_related("dealer"))
