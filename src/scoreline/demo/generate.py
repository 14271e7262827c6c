"""The seeded generator: from the cast in `story` to eighteen months of leads and their lives.

The bulk of the randomness is drawn with numpy, in arrays: arrivals, persons, assignment and
the business-time response clocks (through `scoreline.hours`, the product's own calendar).
Each lead's life then runs in a plain loop (`life.LeadLife`), lazily, so the loader can write
batches while the next ones are made. The same seed and `until` give the same demo.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from scoreline.analytics.standard import FollowUpStandard
from scoreline.demo import catalogue
from scoreline.demo.arrivals import Arrivals, CampaignRun, draw_arrivals
from scoreline.demo.clock import DealerClock
from scoreline.demo.life import Arrival, DealerWorld, LeadLife, make_vin
from scoreline.demo.persons import Persons, draw_persons
from scoreline.demo.rows import ExtraOrderRow, LeadRow
from scoreline.demo.story import (
    CAMPAIGNS,
    DEALERS,
    LEADS_PER_YEAR,
    LOGINS,
    PORTAL_SCRIPT_V2_AFTER_MONTHS,
    SOURCES,
    CampaignStory,
    manager_of,
    opening_exceptions,
    salespeople_of,
)
from scoreline.hours import BusinessCalendar
from scoreline.planning.seasonality import market_profile

IntArray = npt.NDArray[np.int64]
STORY_TZ = ZoneInfo("Europe/Amsterdam")
UNTIL_HOUR = 16  # a bare --until date means mid-afternoon, while the dealers are open
HORIZON_DAYS = 240  # lives planned past now need open days to land on
UNASSIGNED_HOURS = 2  # the newest leads are partly not yet picked up by anyone
# The written follow-up of a call or a visit (a confirmation, a quote) comes a little after the
# conversation: median × a + b business minutes.
INBOUND_FOLLOW_UP = (0.5, 7.0)
EXTRA_SALES = 0.012  # DMS sales per lead that no lead led to (walk-in buyers never registered)
PRICE_RISE = Decimal("1.04")  # portals raise their fees every January


def until_from_text(text: str) -> datetime:
    """`--until`: an ISO date (that day at UNTIL_HOUR, story time) or an ISO date and time."""
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime.combine(day, time(UNTIL_HOUR), STORY_TZ)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"until {text!r} is neither a date (2026-03-14) nor an ISO date and time"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=STORY_TZ)


@dataclass(frozen=True)
class DemoConfig:
    until: datetime  # "now" of the story: nothing happens after it
    seed: int = 2026
    months: int = 18
    scale: float = 1.0  # 1.0: about 33,400 leads a year, 50,000 in 18 months

    def __post_init__(self) -> None:
        if self.until.tzinfo is None:
            raise ValueError(f"until {self.until.isoformat()} is naive: give it a time zone")
        if not 1 <= self.months <= 120:
            raise ValueError(f"months must be between 1 and 120, not {self.months}")
        if not 0 < self.scale <= 20:
            raise ValueError(f"scale must be above 0 and at most 20, not {self.scale}")

    @property
    def lead_count(self) -> int:
        days = (self.until.astimezone(STORY_TZ).date() - self.first_day).days + 1
        return max(1, round(LEADS_PER_YEAR * self.scale * days / 365.25))

    @property
    def first_day(self) -> date:
        """The story's first day: the first of the month `months` before `until`'s month.

        Whole months make whole monthly figures (and costs); the current month runs to now.
        """
        return _add_months(self.until.astimezone(STORY_TZ).date().replace(day=1), -self.months)


@dataclass(frozen=True)
class CampaignOccurrence:
    story: CampaignStory
    name: str
    starts: date
    ends: date
    run: CampaignRun
    budget: Decimal  # at the demo's scale, like its goal
    goal_leads: int | None


@dataclass
class DemoWorld:
    """Everything drawn in bulk; `lives()` tells the leads' stories one by one."""

    config: DemoConfig
    now: int
    dealers: list[DealerWorld]
    calendars: list[BusinessCalendar]
    exceptions: list[dict[date, tuple[str, str]]]
    campaigns: list[CampaignOccurrence]
    arrivals: Arrivals
    persons: Persons
    salesperson: list[str | None]
    delay_minutes: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    first_touch: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    response_due: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    costs: list[tuple[str, str, date, Decimal]] = field(default_factory=list)

    def lives(self) -> Iterator[LeadRow]:
        """Each lead's life in arrival order (deterministic: one random stream, one order)."""
        rng = random.Random(self.config.seed * 1_000_003 + 17)
        has_phone = [bool(phone) for phone in self.persons.phone]
        has_email = [bool(email) for email in self.persons.email]
        a = self.arrivals
        for i, (received, dealer, source, campaign) in enumerate(
            zip(
                a.received.tolist(),
                a.dealer.tolist(),
                a.source.tolist(),
                a.campaign.tolist(),
                strict=True,
            )
        ):
            person = self.persons.of_lead[i]
            arrival = Arrival(
                index=i,
                received=received,
                source=source,
                campaign=campaign,
                person=person,
                salesperson=self.salesperson[i],
                delay_minutes=float(self.delay_minutes[i]),
                first_touch=int(self.first_touch[i]),
                response_due=int(self.response_due[i]),
                has_phone=has_phone[person],
                has_email=has_email[person],
            )
            yield LeadLife(self.dealers[dealer], arrival, rng).live()

    def first_seen_of_persons(self) -> list[int]:
        """When each person first appeared: their first lead's arrival."""
        first = [0] * len(self.persons)
        for lead in reversed(range(len(self.arrivals))):
            first[self.persons.of_lead[lead]] = int(self.arrivals.received[lead])
        return first

    def extra_orders(self) -> list[ExtraOrderRow]:
        """Sales in the dealer management system that match no lead; call after `lives()`."""
        rng = random.Random(self.config.seed * 7_919 + 3)
        span = self.now - self.arrivals.received[0]
        orders = []
        for _ in range(round(EXTRA_SALES * self.config.lead_count)):
            world = self.dealers[_weighted_index([d.share for d in DEALERS], rng.random())]
            at = world.clock.on_open_day(
                world.clock.open_day(int(self.now - span * rng.random())), rng.random()
            )
            make, model, _ = catalogue.NEW_CARS[int(rng.random() * len(catalogue.NEW_CARS))]
            first = catalogue.DUTCH_FIRST_NAMES[
                int(rng.random() * len(catalogue.DUTCH_FIRST_NAMES))
            ]
            last = catalogue.DUTCH_LAST_NAMES[int(rng.random() * len(catalogue.DUTCH_LAST_NAMES))]
            world.orders_made += 1
            year = datetime.fromtimestamp(at / 1e6, UTC).year
            order_id = f"{world.story.order_prefix}{year}-{world.orders_made:05d}"
            orders.append(
                ExtraOrderRow(
                    world.index, at, order_id, make_vin(make, rng.random), first, last, make, model
                )
            )
        return [o for o in orders if o.at <= self.now]


def build_world(config: DemoConfig) -> DemoWorld:
    """1. calendars and clocks; 2. campaigns; 3. arrivals and persons; 4. who answers when."""
    rng = np.random.default_rng(config.seed)
    now = _us(config.until)
    first, last = config.first_day, config.until.astimezone(STORY_TZ).date()
    exceptions = [
        opening_exceptions(d, first, last + timedelta(days=HORIZON_DAYS)) for d in DEALERS
    ]
    calendars = [
        BusinessCalendar.build(
            d.opening_hours, d.country, d.time_zone, {day: h for day, (h, _) in e.items()}
        )
        for d, e in zip(DEALERS, exceptions, strict=True)
    ]
    clocks = [DealerClock(c, first, last + timedelta(days=HORIZON_DAYS)) for c in calendars]
    dealers = [_dealer_world(i, clock, first, now) for i, clock in enumerate(clocks)]
    campaigns = _campaigns(first, last, config.scale)
    runs = [c.run for c in campaigns]
    arrivals = draw_arrivals(rng, config.lead_count, clocks, now, market_profile().shares, runs)
    persons = draw_persons(rng, arrivals)
    salesperson = _assign(rng, arrivals, now)
    delay = _response_delays(rng, arrivals, salesperson)
    first_touch = _after_business_minutes(calendars, arrivals, delay)
    due = _after_business_minutes(calendars, arrivals, np.full(len(arrivals), 15.0))
    world = DemoWorld(
        config, now, dealers, calendars, exceptions, campaigns, arrivals, persons, salesperson
    )
    world.delay_minutes, world.first_touch, world.response_due = delay, first_touch, due
    world.costs = _monthly_costs(first, last, Decimal(str(config.scale)))
    return world


def _dealer_world(index: int, clock: DealerClock, first: date, now: int) -> DealerWorld:
    story = DEALERS[index]
    habits = {p.username: p.habit for p in salespeople_of(story) if p.habit is not None}
    switch = _add_months(first, PORTAL_SCRIPT_V2_AFTER_MONTHS)
    switch_us = clock.midnights[min((switch - first).days, clock.days - 1)]
    return DealerWorld(
        index, story, clock, manager_of(story).username, habits, FollowUpStandard(), switch_us, now
    )


def _campaigns(first: date, last: date, scale: float) -> list[CampaignOccurrence]:
    """Each campaign in every year its period overlaps the story, with its day indexes."""
    found = []
    for year in range(first.year, last.year + 1):
        for story in CAMPAIGNS:
            starts, ends = story.period(year)
            if ends < first or starts > last:
                continue
            dealer = next((i for i, d in enumerate(DEALERS) if d.key == story.dealer), -1)
            source = next(i for i, s in enumerate(SOURCES) if s.slug == story.source)
            run = CampaignRun(
                source, dealer, (starts - first).days, (ends - first).days, story.boost
            )
            budget = (story.budget * Decimal(str(scale))).quantize(Decimal("1"))
            goal = round(story.goal_leads * scale) if story.goal_leads else None
            name = f"{story.name} {year}"
            found.append(CampaignOccurrence(story, name, starts, ends, run, budget, goal))
    return found


def _assign(rng: np.random.Generator, arrivals: Arrivals, now: int) -> list[str | None]:
    """A salesperson per lead, by each one's affinity for the source; the newest partly none."""
    chosen = np.empty(len(arrivals), dtype=object)
    for d, dealer in enumerate(DEALERS):
        people = salespeople_of(dealer)
        names = np.array([p.username for p in people], dtype=object)
        for s, source in enumerate(SOURCES):
            rows = np.flatnonzero((arrivals.dealer == d) & (arrivals.source == s))
            weights = np.array([p.affinity.get(source.slug, 1.0) for p in people])
            chosen[rows] = names[rng.choice(len(people), len(rows), p=weights / weights.sum())]
    newest = arrivals.received > now - UNASSIGNED_HOURS * 3_600_000_000
    online = ~np.isin(arrivals.source, [i for i, s in enumerate(SOURCES) if s.is_inbound])
    chosen[newest & online & (rng.random(len(arrivals)) < 0.4)] = None
    return chosen.tolist()


def _response_delays(
    rng: np.random.Generator, arrivals: Arrivals, salesperson: list[str | None]
) -> npt.NDArray[np.float64]:
    """Business minutes to the first outbound action, log-normal around each habit's median."""
    habits = {p.username: p.habit for p in LOGINS if p.habit is not None}
    median = np.array(
        [habits[name].response_median_minutes if name else 60.0 for name in salesperson]
    )
    spread = np.array([habits[name].response_spread if name else 1.0 for name in salesperson])
    inbound = np.isin(arrivals.source, [i for i, s in enumerate(SOURCES) if s.is_inbound])
    scale, shift = INBOUND_FOLLOW_UP
    median = np.where(inbound, median * scale + shift, median)
    minutes = np.exp(rng.normal(np.log(median), spread))
    return np.clip(np.round(minutes + rng.random(len(minutes)), 2), 0.5, 60 * 24 * 10)


def _after_business_minutes(
    calendars: list[BusinessCalendar], arrivals: Arrivals, minutes: npt.NDArray[np.float64]
) -> IntArray:
    """`minutes` business minutes after each arrival, in the dealer's calendar, whole seconds."""
    result = np.zeros(len(arrivals), dtype=np.int64)
    for d, calendar in enumerate(calendars):
        rows = arrivals.dealer == d
        starts = arrivals.received[rows].astype("datetime64[us]")
        result[rows] = (
            calendar.add_minutes_many(starts, minutes[rows])
            .astype("datetime64[us]")
            .astype(np.int64)
        )
    return -(-result // 1_000_000) * 1_000_000  # up to the second: never before the clock says


def _monthly_costs(first: date, last: date, scale: Decimal) -> list[tuple[str, str, date, Decimal]]:
    """(dealer key or "" for the group, source slug, month, amount) for every paid month.

    Fees follow the scale, as a dealer pays for the volume it buys: the cost per lead holds.
    """
    costs = []
    month = first.replace(day=1)
    while month <= last:
        rise = PRICE_RISE ** (month.year - first.year)
        for source in SOURCES:
            for dealer, fee in source.monthly_fee.items():
                amount = (fee * rise * scale).quantize(Decimal("1"))
                costs.append((dealer, source.slug, month, amount))
        month = _add_months(month, 1)
    return costs


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, 28))


def _weighted_index(weights: list[float], u: float) -> int:
    u *= sum(weights)
    for index, weight in enumerate(weights):
        if u < weight:
            return index
        u -= weight
    return len(weights) - 1


def _us(at: datetime) -> int:
    return (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
