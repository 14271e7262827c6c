"""The generated demo as plain rows, before any of it touches the database.

Instants are epoch microseconds (UTC); people are usernames, sources and dealers indexes
into `story`, lost reasons and scripts their codes. The loader turns these into models.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class ActivityRow:
    at: int
    kind: str
    by: str | None
    direction: str = "out"
    outcome: str = ""
    duration_s: int | None = None
    script: str | None = None
    note: str = ""
    is_automatic: bool = False


@dataclass(slots=True)
class EventRow:
    at: int
    kind: str
    by: str | None
    from_status: str = ""
    to_status: str = ""
    to_user: str | None = None
    reason: str = ""
    said: tuple[str, dict[str, str]] | None = None  # a reason the product says (leads/audit.py)


@dataclass(slots=True)
class InquiryRow:
    at: int
    source: int
    channel: str
    provider_id: str
    message: str
    is_repeat: bool


@dataclass(slots=True)
class OrderRow:
    at: int
    order_id: str
    vin: str


@dataclass(slots=True)
class LeadRow:
    dealer: int
    person: int
    source: int
    campaign: int  # -1: none
    received: int
    salesperson: str | None
    vehicle_make: str = ""
    vehicle_model: str = ""
    vehicle_condition: str = ""
    vehicle: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    status: str = "open"
    closed_at: int | None = None
    lost_reason: str | None = None
    closed_without_standard: bool = False
    first_response_at: int | None = None
    contacted_at: int | None = None
    last_activity_at: int | None = None
    next_follow_up_at: int | None = None
    response_due_at: int | None = None
    activities: list[ActivityRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    inquiries: list[InquiryRow] = field(default_factory=list)
    order: OrderRow | None = None


@dataclass(slots=True)
class ExtraOrderRow:
    """A sale in the dealer management system that no lead led to (a buyer never registered)."""

    dealer: int
    at: int
    order_id: str
    vin: str
    first_name: str
    last_name: str
    vehicle_make: str
    vehicle_model: str
