"""The API's request and response shapes; they are also the OpenAPI schema."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, field_validator

from scoreline.followup.models import ActivityKind, CallOutcome, Direction
from scoreline.intake.formats.parsed import UNSTORABLE
from scoreline.leads.models import LeadStatus, VehicleCondition

EXAMPLE_MOMENT = "2025-03-14T21:05:00+01:00"


def iso_datetime(value: Any) -> Any:
    """ISO 8601 text only: a bare number is not silently read as seconds since 1970.

    A moment with an offset is read as the UTC instant it names: Python takes offsets up
    to ±23:59, PostgreSQL only up to ±15:59, and the instant is what is stored anyway."""
    if isinstance(value, str):
        with suppress(ValueError):
            value = datetime.fromisoformat(value.upper())
    if not isinstance(value, datetime):
        raise ValueError(f"use an ISO 8601 date and time, e.g. {EXAMPLE_MOMENT}")
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("this moment is outside the years 1 to 9999 in UTC") from None


def iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("use an ISO 8601 date, e.g. 2025-03-14")


IsoDateTime = Annotated[datetime, BeforeValidator(iso_datetime)]
IsoDate = Annotated[date, BeforeValidator(iso_date)]

# Intake's UNSTORABLE as OpenAPI documents it: NUL only, because a lone surrogate cannot be
# written in a pattern every validator reads (Rust's and ECMAScript's regex refuse it), and
# a client can send one only as a JSON escape; it is refused all the same.
STORABLE = "^[^\\x00]*$"


def _storable_text(schema: dict[str, Any]) -> None:
    """Document the rule of `Input` in the OpenAPI schema: every free text field gets the
    pattern, so a client (or schemathesis) knows what is refused before sending it."""
    for field in schema.get("properties", {}).values():
        for shape in [field, *field.get("anyOf", [])]:
            free = shape.get("type") == "string" and not {"format", "enum", "pattern"} & set(shape)
            if free:
                shape["pattern"] = STORABLE


class Input(Schema):
    """What a client sends (a body or query parameters). Text may hold any character that
    a database stores, the same rule as intake's: PostgreSQL can neither store nor compare
    a NUL, and a lone surrogate has no UTF-8. Such text is refused with a 422 that names
    the field, rather than a 500 from the database."""

    model_config = ConfigDict(json_schema_extra=_storable_text)

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        for text in value if isinstance(value, list) else [value]:
            found = UNSTORABLE.search(text) if isinstance(text, str) else None
            if found:
                raise ValueError(f"text may not hold {found.group()!r}: no database stores it")
        return value


class Problem(Schema):
    type: str
    title: str
    status: int
    code: str
    message: str
    field: str


class DealerOut(Schema):
    slug: str
    name: str
    time_zone: str
    country: str


class PersonOut(Schema):
    first_name: str
    last_name: str
    email: str
    phone: str


class LeadOut(Schema):
    id: int
    dealer: str
    source: str
    campaign: str | None
    received_at: datetime
    status: LeadStatus
    assigned_to: str | None
    person: PersonOut
    vehicle_make: str
    vehicle_model: str
    vehicle_condition: VehicleCondition
    first_response_at: datetime | None
    contacted_at: datetime | None
    last_activity_at: datetime | None
    next_follow_up_at: datetime | None
    response_due_at: datetime | None
    closed_at: datetime | None
    lost_reason: str | None
    closed_without_standard: bool


class LeadPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[LeadOut]


class LeadIn(Input):
    dealer: str = Field(max_length=120, description="The dealer's slug")
    source: str = Field(max_length=80, description="The source's slug")
    received_at: IsoDateTime | None = Field(default=None, description="Default: now")
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=150)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    vehicle_make: str = Field(default="", max_length=60)
    vehicle_model: str = Field(default="", max_length=80)
    vehicle_condition: VehicleCondition = VehicleCondition.UNKNOWN
    comments: str = Field(default="", max_length=5000)
    lead_id: str = Field(
        default="", max_length=120, description="Your id for the lead: a resend is not counted"
    )


class LeadCreated(Schema):
    lead: LeadOut
    result: Literal["created", "repeat", "duplicate"] = Field(
        description="created: a new lead; repeat: a new inquiry on the person's open lead; "
        "duplicate: this lead id (or these exact bytes) arrived before, nothing was counted"
    )


class StatusIn(Input):
    status: Literal["won", "lost", "open", "spam"]
    lost_reason: str = Field(default="", max_length=40, description="A lost reason's code")
    override_reason: str = Field(
        default="", max_length=1000, description="A manager's reason to close before the standard"
    )
    reason: str = Field(default="", max_length=1000, description="Why it is reopened or spam")
    duplicate_of: int | None = Field(
        default=None, description="Closing as `duplicate`: the lead (same person) it duplicates"
    )
    at: IsoDateTime | None = Field(default=None, description="Default: now")


class ActivityOut(Schema):
    id: int
    lead: int
    kind: ActivityKind
    at: datetime
    by: str | None
    direction: Direction
    outcome: str
    duration_s: int | None
    note: str
    script: str | None


class EmailIn(Input):
    subject: str | None = Field(
        default=None, max_length=200, description="Default: the script's e-mail subject"
    )
    body: str | None = Field(
        default=None, max_length=20000, description="Default: the active script, filled in"
    )
    by: str = Field(default="", max_length=150, description="Username of who sent it (tokens only)")


class EmailSent(Schema):
    activity: ActivityOut
    message_id: str = Field(description="The Message-ID it went out with; replies thread on it")
    to: str


class ActivityIn(Input):
    kind: ActivityKind
    at: IsoDateTime | None = Field(default=None, description="Default: now")
    direction: Direction = Direction.OUTBOUND
    outcome: CallOutcome | Literal[""] = ""
    duration_s: int | None = Field(default=None, ge=0, le=86400)
    note: str = Field(default="", max_length=5000)
    by: str = Field(default="", max_length=150, description="Username of who did it (tokens only)")
    external_id: str = Field(default="", max_length=120)


class CallEvent(Schema):
    """Scoreline's JSON call event (`intake.formats.callevent`): one call, sent when it ends.

    Sign it in `X-Scoreline-Signature: t=<unix seconds>,v1=<hex>`, hex being the
    HMAC-SHA256 of `<t>.` followed by the raw body, keyed by the endpoint's signing secret;
    a timestamp more than five minutes off is refused (no replays).
    """

    call_id: str = Field(..., description="The call's own id; a call sent twice counts once")
    direction: Literal["in", "out"]
    started_at: datetime = Field(
        ..., examples=[EXAMPLE_MOMENT], description="No offset: dealer's zone"
    )
    remote_number: str = Field(
        ..., examples=["0612345678"], description="The other party, as dialled or shown"
    )
    extension: str = Field("", examples=["201"], description="Extension or agent's number")
    answered: bool
    billable_s: int | None = Field(None, ge=0, description="Seconds since the answer")
    duration_s: int | None = Field(None, ge=0, description="Seconds in all, ringing included")


CALL_EVENT_DOC = (
    "\n\nCalls from any PBX or cloud telephony: POST a `CallEvent` (components) to the "
    "address of a dealer's endpoint of format 'JSON call event' (`/intake/<token>/`), signed "
    "in `X-Scoreline-Signature: t=<unix seconds>,v1=<hex>`, hex being the HMAC-SHA256 of "
    "`<t>.` followed by the raw body, keyed by the endpoint's signing secret; a timestamp "
    "more than five minutes off is refused (401), a call_id already received answers 200, "
    "a new call 202."
)
