"""Writes a generated demo to the database in bulk, one transaction per batch of leads.

The cast (group, dealers, people, sources, campaigns, scripts, costs) is written with the
ORM: it is small. Persons, leads and everything hanging on a lead (hundreds of thousands of
rows) go in as plain multi-row INSERTs (`Inserts`), on SQLite and PostgreSQL alike. Rows are
stamped as recorded when they happened (a lead's `created_at` is its arrival), not at load.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils.text import slugify

from scoreline.dealers.models import Dealer, DealerGroup, Membership, OpeningException, User
from scoreline.demo import phone
from scoreline.demo.generate import CampaignOccurrence, DemoWorld
from scoreline.demo.life import REASON_LABELS
from scoreline.demo.persons import Persons
from scoreline.demo.plans import plan_dealers
from scoreline.demo.rows import EventRow, ExtraOrderRow, LeadRow
from scoreline.demo.story import (
    DEALERS,
    DEMO_PASSWORD,
    GROUP_NAME,
    LOGINS,
    LOST_REASONS,
    SCRIPTS,
    SOURCES,
)
from scoreline.followup.clocks import start_waiting_clocks
from scoreline.followup.models import (
    Activity,
    CallScript,
    FollowUpStandard,
)
from scoreline.leads import audit
from scoreline.leads.models import (
    Campaign,
    EventKind,
    Inquiry,
    Lead,
    LeadEvent,
    LeadStatus,
    LostReason,
    MonthlyCost,
    Order,
    Person,
    Source,
)

BATCH_LEADS = 2_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NAIVE_EPOCH = datetime(1970, 1, 1)
T = TypeVar("T")


@dataclass
class Loaded:
    """How many rows the demo wrote, per table."""

    dealers: int = 0
    users: int = 0
    persons: int = 0
    leads: int = 0
    inquiries: int = 0
    activities: int = 0
    events: int = 0
    orders: int = 0
    plans: int = 0
    pace_warnings: int = 0

    def add(self, other: "Loaded") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Cast:
    """Primary keys of the cast, by the handles the generated rows use."""

    dealers: list[int]
    users: dict[str, int]
    sources: list[int]
    campaigns: list[int]
    reasons: dict[str, int]
    scripts: dict[tuple[int, str], int]


def load_world(world: DemoWorld, progress: Callable[[int], None] | None = None) -> Loaded:
    """1. the cast; 2. persons; 3. leads with their rows, a batch per transaction; 4. DMS sales;
    5. the year plans and today's pace check (`plans`)."""
    with transaction.atomic():
        cast = write_cast(world)
    loaded = Loaded(dealers=len(cast.dealers), users=len(cast.users))
    db = Inserts()
    person_ids = _write_persons(world.persons, cast, db, world.first_seen_of_persons())
    loaded.persons = len(person_ids)
    for batch in _batched(world.lives(), BATCH_LEADS):
        with transaction.atomic():
            loaded.add(_write_leads(batch, cast, person_ids, world.persons, db))
        if progress is not None:
            progress(len(batch))
    with transaction.atomic():
        loaded.orders += _write_extra_orders(world.extra_orders(), cast, db)
        db.reset_sequences()
    # The leads still waiting for a first response are live work: their clocks remind,
    # report the breach and escalate as any new lead's do (the worker's next round).
    start_waiting_clocks(Lead.objects.filter(dealer_id__in=cast.dealers))
    with transaction.atomic():
        planned = plan_dealers(world.config, cast.dealers)
    loaded.plans, loaded.pace_warnings = planned.plans, planned.pace_warnings
    return loaded


def write_cast(world: DemoWorld) -> Cast:
    group = DealerGroup.objects.create(name=GROUP_NAME)
    dealers = [_write_dealer(world, index, group) for index in range(len(DEALERS))]
    sources = [_source(story.slug) for story in SOURCES]
    reasons = {
        r.code: LostReason.objects.get_or_create(
            code=r.code,
            defaults={"label": r.label, "needs_follow_up_standard": r.needs_follow_up_standard},
        )[0].pk
        for r in LOST_REASONS
    }
    campaigns = [_write_campaign(c, dealers, sources).pk for c in world.campaigns]
    _write_costs(world, dealers, sources)
    scripts = {
        (index, script.key): CallScript.objects.create(
            dealer=dealer,
            name=script.name,
            version=script.version,
            body=script.body,
            is_active=script.is_active,
        ).pk
        for index, dealer in enumerate(dealers)
        for script in SCRIPTS
    }
    users = _write_logins(dealers)
    feed = next(i for i, story in enumerate(DEALERS) if story.key == phone.FEED_DEALER)
    phone.write_phone_system(dealers[feed], users, world.config.until)
    return Cast(
        [d.pk for d in dealers], users, [s.pk for s in sources], campaigns, reasons, scripts
    )


def _write_dealer(world: DemoWorld, index: int, group: DealerGroup) -> Dealer:
    story = DEALERS[index]
    dealer = Dealer.objects.create(
        group=group,
        name=story.name,
        slug=slugify(story.name),
        time_zone=story.time_zone,
        country=story.country,
        opening_hours=story.opening_hours,
        margin_per_sale=story.margin_per_sale,
    )
    OpeningException.objects.bulk_create(
        OpeningException(dealer=dealer, date=day, hours=hours, note=note)
        for day, (hours, note) in sorted(world.exceptions[index].items())
    )
    FollowUpStandard.objects.create(dealer=dealer)
    return dealer


def _source(slug: str) -> Source:
    story = next(s for s in SOURCES if s.slug == slug)
    return Source.objects.get_or_create(
        slug=slug, defaults={"name": story.name, "cost_model": story.cost_model}
    )[0]


def _write_campaign(
    occurrence: CampaignOccurrence, dealers: list[Dealer], sources: list[Source]
) -> Campaign:
    run = occurrence.run
    return Campaign.objects.create(
        dealer=dealers[run.dealer] if run.dealer >= 0 else None,
        source=sources[run.source],
        name=occurrence.name,
        starts_on=occurrence.starts,
        ends_on=occurrence.ends,
        budget=occurrence.budget,
        goal_leads=occurrence.goal_leads,
    )


def _write_costs(world: DemoWorld, dealers: list[Dealer], sources: list[Source]) -> None:
    by_key = {story.key: dealers[i] for i, story in enumerate(DEALERS)}
    by_slug = {story.slug: sources[i] for i, story in enumerate(SOURCES)}
    MonthlyCost.objects.bulk_create(
        MonthlyCost(dealer=by_key.get(dealer), source=by_slug[source], month=month, amount=amount)
        for dealer, source, month, amount in world.costs
    )


def _write_logins(dealers: list[Dealer]) -> dict[str, int]:
    """The demo's logins, all with the one demo password; an existing username is kept as is."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    keys = {story.key: dealers[i] for i, story in enumerate(DEALERS)}
    users = {}
    for login in LOGINS:
        user = User.objects.filter(username=login.username).first() or User.objects.create(
            username=login.username,
            first_name=login.first_name,
            last_name=login.last_name,
            email=f"{login.username}@vandijk.example",
            password=password,
            language=login.language,
            is_staff=login.is_superuser,
            is_superuser=login.is_superuser,
        )
        Membership.objects.bulk_create(
            Membership(user=user, dealer=keys[key], role=login.role) for key in login.dealers
        )
        users[login.username] = user.pk
    return users


class Inserts:
    """Plain INSERTs of many rows at once through `executemany`, with the ids assigned here.

    `bulk_create` spends some 40 µs a row preparing each field's value through the ORM; the
    demo's values are plain already, so they go in directly, about ten times faster. Ids
    count on from each table's maximum, and the sequences are set past them at the end, as
    `loaddata` does.
    """

    def __init__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"
        self.next_id: dict[type[Model], int] = {}

    def ids(self, model: type[Model], count: int) -> range:
        if model not in self.next_id:
            top = model._default_manager.aggregate(top=Max("pk"))["top"]
            self.next_id[model] = (top or 0) + 1
        first = self.next_id[model]
        self.next_id[model] = first + count
        return range(first, first + count)

    def at(self, us: int | None) -> datetime | str | None:
        """An instant as the backend stores it: SQLite keeps UTC text, as Django writes it."""
        if us is None:
            return None
        if self.sqlite:
            return str(NAIVE_EPOCH + timedelta(microseconds=us))
        return EPOCH + timedelta(microseconds=us)

    def json(self, value: Any) -> Any:
        return connection.ops.adapt_json_value(value, None)

    def insert(
        self, model: type[Model], names: tuple[str, ...], rows: list[tuple[Any, ...]]
    ) -> None:
        """Rows in: `COPY` on PostgreSQL (several times faster there), else `executemany`."""
        if not rows:
            return
        quote, meta = connection.ops.quote_name, model._meta
        table = quote(meta.db_table)
        columns = ", ".join(quote(_column(meta.get_field(name))) for name in names)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_id))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


PERSON_COLUMNS = (
    "id", "dealer", "first_name", "last_name", "email", "phone", "street", "postal_code", "city",
    "country", "created_at",
)  # fmt: skip
LEAD_COLUMNS = (
    "id", "dealer", "person", "source", "campaign", "received_at", "status", "assigned_to",
    "vehicle_make", "vehicle_model", "vehicle_condition", "vehicle", "message",
    "first_response_at", "contacted_at", "last_activity_at", "next_follow_up_at",
    "response_due_at", "closed_at", "lost_reason", "closed_without_standard", "is_imported",
    "created_at",
)  # fmt: skip
INQUIRY_COLUMNS = (
    "lead",
    "source",
    "received_at",
    "channel",
    "provider_id",
    "message",
    "is_repeat",
)
ACTIVITY_COLUMNS = (
    "lead", "kind", "at", "by", "direction", "outcome", "duration_s", "script", "note",
    "is_automatic", "external_id", "created_at", "evidence",
)  # fmt: skip
EVENT_COLUMNS = (
    "lead", "at", "by", "kind", "from_status", "to_status", "to_user", "reason", "reason_parts",
)  # fmt: skip
ORDER_COLUMNS = (
    "dealer", "order_id", "ordered_at", "first_name", "last_name", "email", "phone",
    "vehicle_make", "vehicle_model", "vin", "lead",
)  # fmt: skip


def _write_persons(persons: Persons, cast: Cast, db: Inserts, first_seen: list[int]) -> list[int]:
    """Each person, created when their first lead arrived; returns their ids."""
    ids = list(db.ids(Person, len(persons)))
    rows = [
        (i, cast.dealers[d], f, la, e, p, "", z, c, n, db.at(seen))
        for i, d, f, la, e, p, z, c, n, seen in zip(
            ids, persons.dealer, persons.first_name, persons.last_name, persons.email,
            persons.phone, persons.postal_code, persons.city, persons.country, first_seen,
            strict=True,
        )
    ]  # fmt: skip
    for batch in _batched(rows, 10_000):
        with transaction.atomic():
            db.insert(Person, PERSON_COLUMNS, batch)
    return ids


def _write_leads(
    rows: list[LeadRow], cast: Cast, person_ids: list[int], persons: Persons, db: Inserts
) -> Loaded:
    ids = db.ids(Lead, len(rows))
    inquiries: list[tuple[Any, ...]] = []
    activities: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    orders: list[tuple[Any, ...]] = []
    for row, lead_id in zip(rows, ids, strict=True):
        inquiries.extend(_inquiries(row, lead_id, cast, db))
        activities.extend(_activities(row, lead_id, cast, db))
        events.extend(_events(row, lead_id, cast, db))
        if row.order is not None:
            orders.append(_order(row, lead_id, cast, persons, db))
    db.insert(
        Lead,
        LEAD_COLUMNS,
        [_lead(row, i, cast, person_ids, db) for row, i in zip(rows, ids, strict=True)],
    )
    db.insert(Inquiry, INQUIRY_COLUMNS, inquiries)
    db.insert(Activity, ACTIVITY_COLUMNS, activities)
    db.insert(LeadEvent, EVENT_COLUMNS, events)
    db.insert(Order, ORDER_COLUMNS, orders)
    return Loaded(leads=len(rows), inquiries=len(inquiries), activities=len(activities),
                  events=len(events), orders=len(orders))  # fmt: skip


def _lead(
    row: LeadRow, lead_id: int, cast: Cast, person_ids: list[int], db: Inserts
) -> tuple[Any, ...]:
    at = db.at
    return (
        lead_id,
        cast.dealers[row.dealer],
        person_ids[row.person],
        cast.sources[row.source],
        cast.campaigns[row.campaign] if row.campaign >= 0 else None,
        at(row.received),
        row.status,
        cast.users[row.salesperson] if row.salesperson else None,
        row.vehicle_make,
        row.vehicle_model,
        row.vehicle_condition,
        db.json(row.vehicle),
        row.message,
        at(row.first_response_at),
        at(row.contacted_at),
        at(row.last_activity_at),
        at(row.next_follow_up_at),
        at(row.response_due_at),
        at(row.closed_at),
        cast.reasons[row.lost_reason] if row.lost_reason else None,
        row.closed_without_standard,
        False,
        at(row.received),
    )


def _inquiries(row: LeadRow, lead_id: int, cast: Cast, db: Inserts) -> Iterator[tuple[Any, ...]]:
    for q in row.inquiries:
        yield (
            lead_id,
            cast.sources[q.source],
            db.at(q.at),
            q.channel,
            q.provider_id,
            q.message,
            q.is_repeat,
        )


def _activities(row: LeadRow, lead_id: int, cast: Cast, db: Inserts) -> Iterator[tuple[Any, ...]]:
    users, scripts = cast.users, cast.scripts
    dealer_key = DEALERS[row.dealer].key
    for a in row.activities:
        at = db.at(a.at)
        yield (
            lead_id,
            a.kind,
            at,
            users[a.by] if a.by else None,
            a.direction,
            a.outcome,
            a.duration_s,
            scripts[row.dealer, a.script] if a.script else None,
            a.note,
            a.is_automatic,
            "",
            at,
            phone.evidence(dealer_key, a, lead_id),
        )


def _events(row: LeadRow, lead_id: int, cast: Cast, db: Inserts) -> Iterator[tuple[Any, ...]]:
    users = cast.users
    for e in row.events:
        by = users[e.by] if e.by else None
        to_user = users[e.to_user] if e.to_user else None
        parts = _reason_parts(e, row)
        yield (lead_id, db.at(e.at), by, e.kind, e.from_status, e.to_status, to_user, e.reason,
               db.json(parts))  # fmt: skip


def _reason_parts(event: EventRow, row: LeadRow) -> list[audit.Part]:
    """The event's reason as `actions` stores it: a lost close names its reason (said in the
    reader's language), anything else is what the demo's people typed."""
    closed_lost = event.kind == EventKind.STATUS and event.to_status == LeadStatus.LOST
    if closed_lost and row.lost_reason:
        return [audit.lost_reason_part(row.lost_reason, event.reason)]
    if event.said is not None and row.lost_reason:
        key, params = event.said
        label = REASON_LABELS.get(row.lost_reason, row.lost_reason)
        return [audit.lost_reason_part(row.lost_reason, label), audit.said(key, **params)]
    return audit.parts_of(event.reason)


def _order(
    row: LeadRow, lead_id: int, cast: Cast, persons: Persons, db: Inserts
) -> tuple[Any, ...]:
    """The DMS sale of a won lead, with the buyer's details as the DMS holds them."""
    assert row.order is not None
    p = row.person
    return (
        cast.dealers[row.dealer], row.order.order_id, db.at(row.order.at), persons.first_name[p],
        persons.last_name[p], persons.email[p], persons.phone[p], row.vehicle_make,
        row.vehicle_model, row.order.vin, lead_id,
    )  # fmt: skip


def _write_extra_orders(rows: list[ExtraOrderRow], cast: Cast, db: Inserts) -> int:
    db.insert(
        Order,
        ORDER_COLUMNS,
        [
            (
                cast.dealers[o.dealer],
                o.order_id,
                db.at(o.at),
                o.first_name,
                o.last_name,
                "",
                "",
                o.vehicle_make,
                o.vehicle_model,
                o.vin,
                None,
            )  # fmt: skip
            for o in rows
        ],
    )
    return len(rows)


def _column(field: Any) -> str:
    return str(field.column)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
