"""Telephony call logs: each call becomes a call activity on the lead of the number called.

A record (a calls.csv row or a webhook object) has `dealer, started_at, direction (in/out),
from_number, to_number, answered (true/false), duration_s, agent`. The person's number is the
caller for inbound calls and the callee for outbound ones; the lead is the person's latest lead
at the dealer received before the call. A call is recorded once, however often it is sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.db.models import Q

from scoreline.dealers.models import Dealer, User
from scoreline.followup.actions import log_activity
from scoreline.followup.models import Activity, ActivityKind, CallOutcome, Direction, Evidence
from scoreline.intake.errors import BadValue, MissingField
from scoreline.intake.formats.phonecall import INBOUND, OUTBOUND, ParsedCall
from scoreline.intake.importing import Outcome
from scoreline.intake.models import ResultStatus
from scoreline.intake.tables import Row
from scoreline.leads.contact import normalise_phone
from scoreline.leads.models import Lead

COLUMNS = ("started_at", "direction", "from_number", "to_number")
_TRUE = {"1", "true", "yes", "ja", "y", "j", "answered"}
_FALSE = {"0", "false", "no", "nee", "n", ""}


def record_call(row: Row, dealer: Dealer, when: Callable[[str], datetime]) -> Outcome:
    """Record one call; `when(column)` reads a timestamp column of the row (or raises BadDate)."""
    started = when("started_at")
    direction = _direction(row)
    number = _person_number(row, dealer, direction)
    lead = _lead_for(dealer, number, started)
    if lead is None:
        raise MissingField(f"no lead at {dealer} has the number {number}", row.at())
    key = "call:" + hashlib.sha256(repr(sorted(row.values.items())).encode()).hexdigest()[:40]
    seen = Activity.objects.filter(lead=lead, external_id=key).first()
    if seen is not None:
        return Outcome(ResultStatus.DUPLICATE, lead, note=f"call already recorded as #{seen.pk}")
    log_activity(
        lead,
        ActivityKind.CALL,
        by=agent(dealer, row.get("agent")),
        at=started,
        direction=direction,
        outcome=CallOutcome.REACHED if _answered(row) else CallOutcome.NO_ANSWER,
        duration_s=_seconds(row),
        external_id=key,
        evidence=Evidence.IMPORT,
    )
    return Outcome(ResultStatus.RECORDED, lead)


def agent(dealer: Dealer, name: str) -> User | None:
    """The dealer's person by user name, full name or phone; None when unknown or empty."""
    if not name:
        return None
    people = User.objects.filter(memberships__dealer=dealer).distinct()
    first, _, last = name.partition(" ")
    match = Q(username__iexact=name) | Q(first_name__iexact=first, last_name__iexact=last)
    match |= Q(phone=name)
    return people.filter(match).order_by("pk").first()


def _direction(row: Row) -> str:
    value = row.get("direction").lower()
    if value in ("in", "inbound", "incoming", "inkomend"):
        return Direction.INBOUND
    if value in ("out", "outbound", "outgoing", "uitgaand"):
        return Direction.OUTBOUND
    raise BadValue(f"direction {value!r} is not in or out", row.at("direction"))


def _person_number(row: Row, dealer: Dealer, direction: str) -> str:
    column = "from_number" if direction == Direction.INBOUND else "to_number"
    number = normalise_phone(row.get(column), dealer.country)
    if number is None:
        raise BadValue(f"{row.get(column)!r} is not a phone number", row.at(column))
    return number


def _lead_for(dealer: Dealer, number: str, started: datetime) -> Lead | None:
    leads = Lead.objects.filter(dealer=dealer, person__phone=number, received_at__lte=started)
    return leads.order_by("-received_at", "-pk").first()


def _answered(row: Row) -> bool:
    value = row.get("answered").lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadValue(f"answered {value!r} is not true or false", row.at("answered"))


def _seconds(row: Row) -> int | None:
    value = row.get("duration_s")
    if not value:
        return None
    if not value.isdigit():
        raise BadValue(f"duration {value!r} is not a whole number of seconds", row.at("duration_s"))
    return int(value)


def parsed_call(row: Row, started: datetime) -> ParsedCall:
    """A calls.csv row as a call from the phone system's log (`intake.phone` records it):
    the remote number is the caller's for inbound calls, the callee's for outbound ones."""
    direction = _direction(row)
    inbound = direction == Direction.INBOUND
    seconds = _seconds(row)
    answered = _answered(row)
    return ParsedCall(
        call_id="csv-" + hashlib.sha256(repr(sorted(row.values.items())).encode()).hexdigest()[:32],
        where=row.at(),
        started_at=started,
        direction=INBOUND if inbound else OUTBOUND,
        remote=row.get("from_number" if inbound else "to_number"),
        local=row.get("agent") or row.get("to_number" if inbound else "from_number"),
        answered=answered,
        billable_s=seconds if answered else 0,
        duration_s=seconds,
    )
