"""When, where and from which source the demo's leads arrive, drawn in bulk with numpy.

Volume follows the Dutch monthly car-demand profile, the weekday rhythm of each kind of
source, and the campaigns running at the time. Online leads arrive mostly in opening hours
but partly in the evening and early morning; calls and visits only while the dealer is open.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from scoreline.demo.clock import US_PER_MINUTE, DealerClock
from scoreline.demo.story import DEALERS, SOURCES, SourceStory
from scoreline.leads.models import Channel

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Monday first. People browse on Sunday evening and send on Monday; showrooms fill on Saturday.
ONLINE_WEEKDAYS = np.array([1.18, 1.08, 1.0, 0.98, 0.88, 0.82, 1.03])
PHONE_WEEKDAYS = np.array([1.2, 1.05, 1.0, 1.0, 0.95, 0.9, 0.0])
WALK_IN_WEEKDAYS = np.array([0.8, 0.8, 0.85, 0.9, 1.0, 2.4, 1.0])
CAMPAIGN_SHARE = 0.6  # of a source's leads during its campaign that name the campaign


@dataclass(frozen=True)
class CampaignRun:
    """One campaign as it ran: its source and dealer (-1: group-wide), days and volume boost."""

    source: int
    dealer: int
    first_day: int
    last_day: int
    boost: float


@dataclass(frozen=True)
class Arrivals:
    """One row per lead, sorted by arrival."""

    received: IntArray  # epoch microseconds
    dealer: IntArray  # index into story.DEALERS
    source: IntArray  # index into story.SOURCES
    campaign: IntArray  # index into the campaign runs, -1 for none

    def __len__(self) -> int:
        return len(self.received)


def draw_arrivals(
    rng: np.random.Generator,
    total: int,
    clocks: list[DealerClock],
    now: int,
    profile: tuple[float, ...],
    runs: list[CampaignRun],
) -> Arrivals:
    """`total` arrivals between the clocks' first day and `now`, split by dealer and source."""
    cells = [(d, s) for d in range(len(DEALERS)) for s in range(len(SOURCES))]
    shares = np.array([DEALERS[d].share * SOURCES[s].share[DEALERS[d].country] for d, s in cells])
    counts = rng.multinomial(total, shares / shares.sum())
    parts = [
        _arrivals_of_cell(rng, count, d, s, clocks[d], now, profile, runs)
        for (d, s), count in zip(cells, counts, strict=True)
        if count
    ]
    received, dealer, source, campaign = (
        np.concatenate(column) for column in zip(*parts, strict=True)
    )
    order = np.argsort(received, kind="stable")
    return Arrivals(received[order], dealer[order], source[order], campaign[order])


def _arrivals_of_cell(
    rng: np.random.Generator,
    count: int,
    dealer: int,
    source: int,
    clock: DealerClock,
    now: int,
    profile: tuple[float, ...],
    runs: list[CampaignRun],
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    story = SOURCES[source]
    last_day = clock.local_day(now)
    open_minutes = clock.day_open_minutes()[: last_day + 1]
    weights = _day_weights(story, clock.first, last_day, open_minutes, profile)
    cell_runs = [r for r in runs if r.source == source and r.dealer in (-1, dealer)]
    for run in cell_runs:
        weights[run.first_day : run.last_day + 1] *= run.boost
    received = np.empty(0, dtype=np.int64)
    while len(received) < count:  # only today's leads can land after now: redraw those
        days = rng.choice(last_day + 1, size=count, p=weights / weights.sum())
        drawn = _times_on_days(rng, story, clock, days, open_minutes)
        received = np.concatenate([received, drawn[drawn <= now]])
    received = received[:count]
    campaign = _campaigns(rng, received, clock, cell_runs, runs)
    dealers, sources = np.full(count, dealer), np.full(count, source)
    return received, dealers, sources, campaign


def _day_weights(
    story: SourceStory,
    first: date,
    last_day: int,
    open_minutes: FloatArray,
    profile: tuple[float, ...],
) -> FloatArray:
    """Relative volume of each calendar day: the month's share spread over its days, by weekday."""
    days = [first + timedelta(days=offset) for offset in range(last_day + 1)]
    month_share = np.array([profile[d.month - 1] / _days_in_month(d) for d in days])
    weekday = np.array([d.weekday() for d in days])
    if story.channel == Channel.PHONE:
        return month_share * PHONE_WEEKDAYS[weekday] * open_minutes
    if story.channel == Channel.WALK_IN:
        return month_share * WALK_IN_WEEKDAYS[weekday] * open_minutes
    return month_share * ONLINE_WEEKDAYS[weekday]


def _times_on_days(
    rng: np.random.Generator,
    story: SourceStory,
    clock: DealerClock,
    days: IntArray,
    open_minutes: FloatArray,
) -> IntArray:
    """An instant on each day: inside opening hours, or (online, sometimes) outside them."""
    inside = (open_minutes[days] > 0) & (rng.random(len(days)) >= story.out_of_hours)
    times = clock.wall_clock(days, _out_of_hours_minutes(rng, len(days)))
    times[inside] = clock.inside_hours(days[inside], rng.random(int(inside.sum())))
    seconds = rng.integers(0, 60, len(days)) * 1_000_000
    return times - times % US_PER_MINUTE + seconds


def _out_of_hours_minutes(rng: np.random.Generator, size: int) -> FloatArray:
    """Wall-clock minutes of online leads sent while the dealer is closed: mostly evenings."""
    evening = rng.uniform(18 * 60, 23.5 * 60, size)
    morning = rng.uniform(6.5 * 60, 8.5 * 60, size)
    night = rng.uniform(0, 6 * 60, size)
    pick = rng.random(size)
    return np.where(pick < 0.78, evening, np.where(pick < 0.93, morning, night))


def _campaigns(
    rng: np.random.Generator,
    received: IntArray,
    clock: DealerClock,
    cell_runs: list[CampaignRun],
    runs: list[CampaignRun],
) -> IntArray:
    """The campaign each lead names: a share of the source's leads while a campaign runs."""
    campaign = np.full(len(received), -1)
    if not cell_runs:
        return campaign
    day = np.searchsorted(clock.midnights, received, side="right") - 1
    names_it = rng.random(len(received)) < CAMPAIGN_SHARE
    for run in cell_runs:
        during = (day >= run.first_day) & (day <= run.last_day) & names_it
        campaign[during] = runs.index(run)
    return campaign


def _days_in_month(day: date) -> int:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - day.replace(day=1)).days
