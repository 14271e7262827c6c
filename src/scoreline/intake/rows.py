"""Rows of the exchange format (EXCHANGE.md), one reader per file kind, each row on its own.

Each reader takes a row (columns by exchange name, see `tables`), the import's options and the
stored file's payload, and returns what became of the row, or raises an IntakeError naming the
file, row and column. `spreadsheet` turns a stored file into these rows. A big activities file
goes through `bulk_activities`, which reads its rows with the readers here (`read_activity`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.text import slugify

from scoreline.dealers.models import LANGUAGES, Dealer
from scoreline.followup.actions import ImportedActivity, log_imported, record_imported_close
from scoreline.followup.models import Activity, ActivityKind, CallOutcome, CallScript, Evidence
from scoreline.hours.opening import parse_opening_hours
from scoreline.intake import calls, phone, sales
from scoreline.intake.assignment import assign_new_lead
from scoreline.intake.callfiles import phone_source
from scoreline.intake.errors import (
    BadDate,
    BadValue,
    IntakeError,
    MissingField,
    OtherDealer,
    UnknownDealer,
    UnknownSource,
)
from scoreline.intake.formats.amounts import parse_amount, parse_whole_number
from scoreline.intake.formats.dates import day_first_in, parse_local, parse_timestamp
from scoreline.intake.formats.parsed import (
    Address,
    Contact,
    Email,
    ParsedLead,
    Phone,
    ProviderId,
    Vehicle,
)
from scoreline.intake.importing import (
    Destination,
    History,
    Outcome,
    import_lead,
    local_moment,
    settle_repeat,
)
from scoreline.intake.models import Payload, ResultStatus
from scoreline.intake.tables import Row
from scoreline.leads.models import (
    Campaign,
    Channel,
    Inquiry,
    Lead,
    LeadStatus,
    MonthlyCost,
    Source,
)

# Imported leads carry their lead_id as the provider id `exchange:<lead_id>`.
PROVIDER_PREFIX = "exchange:"
# Imported activities carry a digest of their row as the external id `exchange:<digest>`.
ACTIVITY_PREFIX = "exchange:"


@dataclass
class Options:
    """How to read a folder: another CRM's column names, a default dealer, unknown sources.

    `may_change_dealers`: whether dealers.csv may create or change dealers (an administrator's
    import); an upload through a dealer's page is for that dealer only (see `_dealer`).
    """

    columns: dict[str, dict[str, str | list[str]]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    date_formats: list[str] = field(default_factory=list)
    dealer: str = ""
    create_sources: bool = False
    may_change_dealers: bool = False

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Options:
        return cls(
            **{k: v for k, v in meta.get("options", {}).items() if k in cls.__dataclass_fields__}
        )

    def as_meta(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Names:
    """What the names in rows stand for (dealers, sources, campaigns, salespeople), each looked
    up once: a bulk import shares one over its rows, one row at a time takes a fresh one."""

    found: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def find(self, key: tuple[Any, ...], look_up: Callable[[], Any]) -> Any:
        if key not in self.found:
            self.found[key] = look_up()
        return self.found[key]


class RowByRow(Exception):
    """A row a bulk import cannot take as it is (it would create a source): go row by row."""


# Rows -------------------------------------------------------------------------------------------


def dealer_row(row: Row, options: Options, payload: Payload) -> Outcome:
    """dealers.csv creates or updates a dealer by name: for administrators only."""
    if not options.may_change_dealers or payload.dealer is not None:
        raise OtherDealer(
            "only an administrator creates or changes dealers (scoreline import, or the admin)",
            row.at("dealer"),
        )
    name = row.get("dealer")
    zone = row.get("timezone") or "Europe/Amsterdam"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadValue(f"{zone!r} is not an IANA time zone", row.at("timezone")) from None
    country = (row.get("country") or "NL").upper()
    if len(country) != 2 or not country.isalpha():
        raise BadValue(f"{country!r} is not a two-letter country code", row.at("country"))
    values = {"time_zone": zone, "country": country}
    if row.get("opening_hours"):
        values["opening_hours"] = _opening_hours(row)
    if row.get("language"):
        values["language"] = _language(row)
    dealer, created = Dealer.objects.update_or_create(
        name=name, defaults=values, create_defaults={**values, "slug": _free_slug(name)}
    )
    return Outcome(
        ResultStatus.RECORDED, note=f"dealer {dealer} {'created' if created else 'updated'}"
    )


def _language(row: Row) -> str:
    """The language the dealer writes to its customers in (nl, fr or en)."""
    language = row.get("language").lower()
    if language not in dict(LANGUAGES):
        raise BadValue(f"language {language!r} is not nl, fr or en", row.at("language"))
    return language


def _opening_hours(row: Row) -> str:
    spec = row.get("opening_hours")
    try:
        parse_opening_hours(spec)
    except ValueError as error:
        raise BadValue(f"opening hours {spec!r}: {error}", row.at("opening_hours")) from None
    return spec


def _free_slug(name: str) -> str:
    base = slugify(name)[:110] or "dealer"
    slug, n = base, 1
    while Dealer.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def lead_row(row: Row, options: Options, payload: Payload) -> Outcome:
    """leads.csv: a lead (or a repeat inquiry), with its history: salesperson, status, closing."""
    parsed, to = read_lead(row, options, payload, Names())
    outcome = import_lead(parsed, to)
    if outcome.status == ResultStatus.CREATED and outcome.lead is not None:
        apply_history(outcome.lead, read_history(row, options, to, Names()), payload.received_at)
    elif outcome.status == ResultStatus.REPEAT and outcome.lead is not None:
        with suppress(IntakeError):  # a repeat's refused history refuses nothing (as in bulk)
            settle_repeat(outcome.lead, read_history(row, options, to, Names()))
    return outcome


def read_lead(
    row: Row, options: Options, payload: Payload, names: Names, *, may_create: bool = True
) -> tuple[ParsedLead, Destination]:
    """A leads.csv row as a parsed lead and where it goes; IntakeError names the bad column.

    With `may_create` False (a bulk import), a source the row would create raises RowByRow.
    """
    dealer = _dealer(row, options, payload, names)
    source = _source(row, options, names, may_create=may_create)
    received = _when(row, "received_at", dealer, options)
    parsed = ParsedLead(
        format="exchange",
        where=row.at(),
        ids=[ProviderId(row.get("lead_id"), source=PROVIDER_PREFIX.rstrip(":"))],
        request_time=received,
        request_time_text=row.get("received_at"),
        customer=Contact(
            first_name=row.get("first_name"),
            last_name=row.get("last_name"),
            emails=[Email(row.get("email"))] if row.get("email") else [],
            phones=[Phone(row.get("phone"))] if row.get("phone") else [],
            address=Address(country=row.get("country")) if row.get("country") else None,
        ),
        vehicles=[_vehicle(row)] if row.get("vehicle_make") or row.get("vehicle_model") else [],
    )
    to = Destination(
        dealer, source, Channel.SPREADSHEET, payload.received_at, imported_history=True
    )
    return parsed, to


def _vehicle(row: Row) -> Vehicle:
    condition = row.get("vehicle_condition").lower()
    if condition not in ("", "new", "used"):
        raise BadValue(
            f"vehicle_condition {condition!r} is not new or used", row.at("vehicle_condition")
        )
    return Vehicle(make=row.get("vehicle_make"), model=row.get("vehicle_model"), status=condition)


def read_history(row: Row, options: Options, to: Destination, names: Names) -> History:
    """The row's status, campaign, salesperson and close, checked in that order."""
    status = (row.get("status") or LeadStatus.OPEN).lower()
    if status not in (LeadStatus.OPEN, LeadStatus.WON, LeadStatus.LOST):
        raise BadValue(f"status {status!r} is not open, won or lost", row.at("status"))
    campaign = _campaign(to, row, names)
    name = row.get("salesperson")
    salesperson = names.find(("agent", to.dealer.pk, name), lambda: calls.agent(to.dealer, name))
    if status == LeadStatus.OPEN:
        return History(status, campaign, salesperson)
    closed_at = _when(row, "closed_at", to.dealer, options)
    return History(status, campaign, salesperson, closed_at, row.get("lost_reason") or None)


def apply_history(lead: Lead, history: History, at: datetime) -> None:
    """The history onto a new lead: campaign and salesperson, then the close or, for an open
    lead nobody owns, an assignment by the dealer's rule at `at`."""
    lead.campaign, lead.assigned_to = history.campaign, history.salesperson
    lead.save(update_fields=["campaign", "assigned_to"])
    if history.status == LeadStatus.OPEN and lead.assigned_to is None:
        assign_new_lead(lead, at=at)
    if history.status != LeadStatus.OPEN:
        assert history.closed_at is not None
        record_imported_close(
            lead, history.status, at=history.closed_at, reason=history.lost_reason
        )


def _campaign(to: Destination, row: Row, names: Names) -> Campaign | None:
    name = row.get("campaign")
    if not name:
        return None
    found = names.find(("campaign", name, to.source.pk, to.dealer.pk), lambda: _named(name, to))
    if found is None:
        raise BadValue(
            f"campaign {name!r} is unknown for {to.source} at {to.dealer}", row.at("campaign")
        )
    return found


def _named(name: str, to: Destination) -> Campaign | None:
    """The dealer's campaign of this name and source, else a group-wide one."""
    campaigns = Campaign.objects.filter(name__iexact=name, source=to.source)
    return campaigns.filter(dealer=to.dealer).first() or campaigns.filter(dealer=None).first()


def activity_row(row: Row, options: Options, payload: Payload) -> Outcome:
    """activities.csv: what was done with an imported lead; recorded once per distinct row.

    The row by row path; `bulk_activities` takes a big file with these same readers.
    """
    lead = imported_lead(row, imported_leads([row.get("lead_id")], payload))
    kind = activity_kind(row)
    key = activity_key(row)
    if Activity.objects.filter(lead=lead, external_id=key).exists():
        return already_imported(lead)
    log_imported(read_activity(row, options, lead, kind, key, Names()))
    return Outcome(ResultStatus.RECORDED, lead)


def imported_leads(lead_ids: list[str], payload: Payload) -> dict[str, Lead]:
    """The lead imported with each of these lead_ids: the one of its first inquiry
    `exchange:<lead_id>` by arrival; a dealer's upload finds that dealer's leads only."""
    wanted = sorted({f"{PROVIDER_PREFIX}{lead_id}" for lead_id in lead_ids})
    found: dict[str, Lead] = {}
    for start in range(0, len(wanted), 500):
        inquiries = Inquiry.objects.filter(provider_id__in=wanted[start : start + 500])
        if payload.dealer is not None:
            inquiries = inquiries.filter(lead__dealer=payload.dealer)
        for inquiry in inquiries.select_related("lead__dealer").order_by("received_at", "pk"):
            found.setdefault(inquiry.provider_id.removeprefix(PROVIDER_PREFIX), inquiry.lead)
    return found


def imported_lead(row: Row, leads: dict[str, Lead]) -> Lead:
    """The row's lead among those found (`imported_leads`), or the error naming its lead_id."""
    lead = leads.get(row.get("lead_id"))
    if lead is None:
        raise MissingField(
            f"no imported lead has lead_id {row.get('lead_id')!r}", row.at("lead_id")
        )
    return lead


def activity_kind(row: Row) -> str:
    kind = row.get("kind").lower()
    if kind not in ActivityKind.values:
        raise BadValue(
            f"kind {kind!r} is not one of {', '.join(ActivityKind.values)}", row.at("kind")
        )
    return kind


def activity_key(row: Row) -> str:
    """The external id of a row's activity: a digest of all its values, so that importing the
    same row again finds it, and any change to it is a new activity."""
    digest = hashlib.sha256(repr(sorted(row.values.items())).encode()).hexdigest()
    return ACTIVITY_PREFIX + digest[:40]


def already_imported(lead: Lead) -> Outcome:
    return Outcome(ResultStatus.DUPLICATE, lead, note="activity already imported")


def read_activity(
    row: Row, options: Options, lead: Lead, kind: str, key: str, names: Names
) -> ImportedActivity:
    """The rest of an activities row, read in this order: salesperson, at, outcome, duration,
    script; IntakeError names the bad column."""
    dealer = lead.dealer
    name = row.get("salesperson")
    return ImportedActivity(
        lead,
        kind,
        by=names.find(("agent", dealer.pk, name), lambda: calls.agent(dealer, name)),
        at=_when(row, "at", dealer, options),
        outcome=_outcome(row, kind),
        duration_s=_whole(row, "duration_s"),
        script=_script(dealer, row.get("script"), kind, names),
        note=row.get("outcome") if kind == ActivityKind.LOST else "",
        external_id=key,
    )


def _outcome(row: Row, kind: str) -> str:
    outcome = row.get("outcome").lower()
    if kind != ActivityKind.CALL:
        return ""
    if outcome and outcome not in CallOutcome.values:
        raise BadValue(
            f"outcome {outcome!r} is not one of {', '.join(CallOutcome.values)}", row.at("outcome")
        )
    return outcome


def _script(dealer: Dealer, name: str, kind: str, names: Names) -> CallScript | None:
    if not name or kind != ActivityKind.CALL:
        return None
    return names.find(("script", dealer.pk, name), lambda: _script_named(dealer, name))


def _script_named(dealer: Dealer, name: str) -> CallScript | None:
    """The dealer's call script of this name, else of this text."""
    scripts = CallScript.objects.filter(dealer=dealer)
    return scripts.filter(name__iexact=name).first() or scripts.filter(body__iexact=name).first()


def cost_row(row: Row, options: Options, payload: Payload) -> Outcome:
    """costs.csv: a source's cost at a dealer (or shared) in a month.

    A dealer's upload writes that dealer's costs only: never a shared one.
    """
    dealer = _dealer(row, options, payload) if row.get("dealer") or payload.dealer else None
    source = _source(row, options)
    month_text = row.get("month")
    month = parse_timestamp(f"{month_text}-01") if len(month_text) == 7 else None
    if month is None:
        raise BadDate(f"month {month_text!r} is not YYYY-MM", row.at("month"))
    amount = parse_amount(row.get("amount"))
    if amount is None:
        raise BadValue(f"amount {row.get('amount')!r} is not a number", row.at("amount"))
    if amount < 0:
        raise BadValue(f"amount {amount} is negative", row.at("amount"))
    MonthlyCost.objects.update_or_create(
        dealer=dealer, source=source, month=month.date(), defaults={"amount": amount}
    )
    return Outcome(ResultStatus.RECORDED)


def sale_row(row: Row, options: Options, payload: Payload) -> Outcome:
    dealer = _dealer(row, options, payload)
    return sales.record_order(row, dealer, lambda column: _when(row, column, dealer, options))


def call_row(row: Row, options: Options, payload: Payload) -> Outcome:
    """calls.csv in a folder: recorded as `scoreline calls import` records it (`phone`)."""
    dealer = _dealer(row, options, payload)
    call = calls.parsed_call(row, _when(row, "started_at", dealer, options))
    return phone.record_phone_call(
        call, dealer, source=phone_source(), payload=payload, evidence=Evidence.IMPORT
    )


RowReader = Callable[[Row, Options, Payload], Outcome]
READERS: dict[str, RowReader] = {
    "dealers": dealer_row,
    "leads": lead_row,
    "activities": activity_row,
    "costs": cost_row,
    "sales": sale_row,
    "calls": call_row,
}


# Shared column readers --------------------------------------------------------------------------


def _dealer(row: Row, options: Options, payload: Payload, names: Names | None = None) -> Dealer:
    """The row's dealer, else the import's default one.

    A payload stored for a dealer (an upload on its imports page, a dealer's endpoint) may touch
    that dealer only: a row naming another is refused, whether that dealer exists or not.
    """
    name = row.get("dealer") or options.dealer
    if not name:
        raise MissingField("the row names no dealer", row.at("dealer"))
    dealer = (names or Names()).find(("dealer", name), lambda: _dealer_named(name))
    scope = payload.dealer
    if scope is not None and dealer != scope:
        raise OtherDealer(
            f"dealer {name!r} is not {scope.name!r}, the dealer this file was uploaded for",
            row.at("dealer"),
        )
    if dealer is None:
        raise UnknownDealer(f"dealer {name!r} is unknown (add it to dealers.csv)", row.at("dealer"))
    return dealer


def _dealer_named(name: str) -> Dealer | None:
    return (
        Dealer.objects.filter(name__iexact=name).first() or Dealer.objects.filter(slug=name).first()
    )


def _source(
    row: Row, options: Options, names: Names | None = None, *, may_create: bool = True
) -> Source:
    name = row.get("source")
    if not name:
        raise MissingField("the row names no source", row.at("source"))
    found = (names or Names()).find(("source", name), lambda: _source_named(name))
    if found is not None:
        return found
    if not options.create_sources:
        raise UnknownSource(
            f"source {name!r} is unknown (or import with --create-sources)", row.at("source")
        )
    if not may_create:
        raise RowByRow(f"source {name!r} is new")
    return Source.objects.create(name=name[:80], slug=slugify(name)[:80] or "source")


def _source_named(name: str) -> Source | None:
    return (
        Source.objects.filter(name__iexact=name).first()
        or Source.objects.filter(slug=slugify(name)).first()
    )


def _when(row: Row, column: str, dealer: Dealer, options: Options) -> datetime:
    """A timestamp column: ISO 8601, one of the mapping's formats, else a numeric date in the
    order of the dealer's country (or an Excel serial date); no offset → dealer's zone."""
    text = row.get(column)
    if not text:
        raise MissingField(f"{column} is empty", row.at(column))
    moment = (
        parse_timestamp(text)
        or _by_formats(text, options.date_formats)
        or parse_local(text, day_first=day_first_in(dealer.country))
    )
    if moment is None:
        raise BadDate(f"{column} {text!r} is not a date and time", row.at(column))
    return local_moment(moment, dealer)


def _by_formats(text: str, formats: list[str]) -> datetime | None:
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def _whole(row: Row, column: str) -> int | None:
    text = row.get(column)
    if not text:
        return None
    number = parse_whole_number(text)
    if number is None or number < 0:
        raise BadValue(f"{column} {text!r} is not a whole number", row.at(column))
    return number
