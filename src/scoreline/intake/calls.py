"""Telephony call logs (calls.csv): a row read as a call from the phone system's log.

A row has `dealer, started_at, direction (in/out), from_number, to_number, answered
(true/false), duration_s, agent`. The person's number is the caller for inbound calls and the
callee for outbound ones. Whether the row comes in a folder (`scoreline import`) or alone
(`scoreline calls import`), `intake.phone` records it by the phone system's rules: on the lead
open at the time, kept when nothing matches, an unknown caller a phone lead; once per row.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db.models import Q

from scoreline.dealers.models import Dealer, User
from scoreline.followup.models import Direction
from scoreline.intake.errors import BadValue
from scoreline.intake.formats.phonecall import INBOUND, OUTBOUND, ParsedCall
from scoreline.intake.tables import Row

COLUMNS = ("started_at", "direction", "from_number", "to_number")
_TRUE = {"1", "true", "yes", "ja", "y", "j", "answered"}
_FALSE = {"0", "false", "no", "nee", "n", ""}


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
