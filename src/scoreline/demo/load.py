"""Writes a generated demo to the database in bulk, one transaction per batch of leads.

The cast (group, dealers, people, sources, campaigns, scripts, costs) is written with the
ORM one row at a time: it is small. Persons, leads and everything hanging on a lead go in
with `bulk_create`, which returns the primary keys the next table needs, on SQLite and
PostgreSQL alike.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from scoreline.dealers.models import Dealer, DealerGroup, Membership, OpeningException, User
from scoreline.demo.generate import CampaignOccurrence, DemoWorld
from scoreline.demo.persons import Persons
from scoreline.demo.rows import ExtraOrderRow, LeadRow
from scoreline.demo.story import (
    DEALERS,
    DEMO_PASSWORD,
    GROUP_NAME,
    LOGINS,
    LOST_REASONS,
    SCRIPTS,
    SOURCES,
)
from scoreline.followup.models import Activity, CallScript, FollowUpStandard
from scoreline.leads.models import (
    Campaign,
    Inquiry,
    Lead,
    LeadEvent,
    LostReason,
    MonthlyCost,
    Order,
    Person,
    Source,
)

BATCH_LEADS = 2_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
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
    """1. the cast; 2. persons; 3. leads with their rows, a batch per transaction; 4. DMS sales."""
    with transaction.atomic():
        cast = write_cast(world)
    loaded = Loaded(dealers=len(cast.dealers), users=len(cast.users))
    person_ids = _write_persons(world.persons, cast)
    loaded.persons = len(person_ids)
    for batch in _batched(world.lives(), BATCH_LEADS):
        with transaction.atomic():
            loaded.add(_write_leads(batch, cast, person_ids, world.persons))
        if progress is not None:
            progress(len(batch))
    with transaction.atomic():
        loaded.orders += _write_extra_orders(world.extra_orders(), cast)
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
    story, run = occurrence.story, occurrence.run
    return Campaign.objects.create(
        dealer=dealers[run.dealer] if run.dealer >= 0 else None,
        source=sources[run.source],
        name=occurrence.name,
        starts_on=occurrence.starts,
        ends_on=occurrence.ends,
        budget=story.budget,
        goal_leads=story.goal_leads,
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


def _write_persons(persons: Persons, cast: Cast) -> list[int]:
    ids: list[int] = []
    columns = zip(
        persons.dealer,
        persons.first_name,
        persons.last_name,
        persons.email,
        persons.phone,
        persons.city,
        persons.postal_code,
        persons.country,
        strict=True,
    )
    for batch in _batched(columns, 5_000):
        rows = [
            Person(
                dealer_id=cast.dealers[d],
                first_name=f,
                last_name=la,
                email=e,
                phone=p,
                city=c,
                postal_code=z,
                country=n,
            )
            for d, f, la, e, p, c, z, n in batch
        ]
        with transaction.atomic():
            ids.extend(person.pk for person in Person.objects.bulk_create(rows))
    return ids


def _write_leads(
    rows: list[LeadRow], cast: Cast, person_ids: list[int], persons: Persons
) -> Loaded:
    leads = Lead.objects.bulk_create(_lead(row, cast, person_ids) for row in rows)
    inquiries, activities, events, orders = [], [], [], []
    for row, lead in zip(rows, leads, strict=True):
        inquiries.extend(_inquiries(row, lead.pk, cast))
        activities.extend(_activities(row, lead.pk, cast))
        events.extend(_events(row, lead.pk, cast))
        if row.order is not None:
            orders.append(_order(row, lead, cast, persons))
    Inquiry.objects.bulk_create(inquiries)
    Activity.objects.bulk_create(activities)
    LeadEvent.objects.bulk_create(events)
    Order.objects.bulk_create(orders)
    return Loaded(
        leads=len(leads),
        inquiries=len(inquiries),
        activities=len(activities),
        events=len(events),
        orders=len(orders),
    )


def _lead(row: LeadRow, cast: Cast, person_ids: list[int]) -> Lead:
    return Lead(
        dealer_id=cast.dealers[row.dealer],
        person_id=person_ids[row.person],
        source_id=cast.sources[row.source],
        campaign_id=cast.campaigns[row.campaign] if row.campaign >= 0 else None,
        received_at=_at(row.received),
        status=row.status,
        assigned_to_id=cast.users[row.salesperson] if row.salesperson else None,
        vehicle_make=row.vehicle_make,
        vehicle_model=row.vehicle_model,
        vehicle_condition=row.vehicle_condition,
        vehicle=row.vehicle,
        message=row.message,
        first_response_at=_at(row.first_response_at),
        contacted_at=_at(row.contacted_at),
        last_activity_at=_at(row.last_activity_at),
        next_follow_up_at=_at(row.next_follow_up_at),
        response_due_at=_at(row.response_due_at),
        closed_at=_at(row.closed_at),
        lost_reason_id=cast.reasons[row.lost_reason] if row.lost_reason else None,
        closed_without_standard=row.closed_without_standard,
    )


def _inquiries(row: LeadRow, lead_id: int, cast: Cast) -> Iterator[Inquiry]:
    for q in row.inquiries:
        yield Inquiry(
            lead_id=lead_id,
            source_id=cast.sources[q.source],
            received_at=_at(q.at),
            channel=q.channel,
            provider_id=q.provider_id,
            message=q.message,
            is_repeat=q.is_repeat,
        )


def _activities(row: LeadRow, lead_id: int, cast: Cast) -> Iterator[Activity]:
    users, scripts = cast.users, cast.scripts
    for a in row.activities:
        yield Activity(
            lead_id=lead_id,
            kind=a.kind,
            at=_at(a.at),
            by_id=users[a.by] if a.by else None,
            direction=a.direction,
            outcome=a.outcome,
            duration_s=a.duration_s,
            script_id=scripts[row.dealer, a.script] if a.script else None,
            note=a.note,
            is_automatic=a.is_automatic,
        )


def _events(row: LeadRow, lead_id: int, cast: Cast) -> Iterator[LeadEvent]:
    users = cast.users
    for e in row.events:
        yield LeadEvent(
            lead_id=lead_id,
            at=_at(e.at),
            by_id=users[e.by] if e.by else None,
            kind=e.kind,
            from_status=e.from_status,
            to_status=e.to_status,
            to_user_id=users[e.to_user] if e.to_user else None,
            reason=e.reason,
        )


def _order(row: LeadRow, lead: Lead, cast: Cast, persons: Persons) -> Order:
    """The DMS sale of a won lead, with the buyer's details as the DMS holds them."""
    assert row.order is not None
    return Order(
        dealer_id=cast.dealers[row.dealer],
        order_id=row.order.order_id,
        ordered_at=_at(row.order.at),
        first_name=persons.first_name[row.person],
        last_name=persons.last_name[row.person],
        email=persons.email[row.person],
        phone=persons.phone[row.person],
        vehicle_make=row.vehicle_make,
        vehicle_model=row.vehicle_model,
        vin=row.order.vin,
        lead=lead,
    )


def _write_extra_orders(rows: list[ExtraOrderRow], cast: Cast) -> int:
    orders = Order.objects.bulk_create(
        Order(
            dealer_id=cast.dealers[o.dealer],
            order_id=o.order_id,
            ordered_at=_at(o.at),
            first_name=o.first_name,
            last_name=o.last_name,
            vehicle_make=o.vehicle_make,
            vehicle_model=o.vehicle_model,
            vin=o.vin,
        )
        for o in rows
    )
    return len(orders)


def _at(us: int | None) -> datetime | None:
    return None if us is None else EPOCH + timedelta(microseconds=us)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
