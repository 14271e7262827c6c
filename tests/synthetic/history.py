"""A seeded lead history whose closing behaviour is known, to test the pace forecast on.

Leads arrive every day (fewer on Saturday, a few web leads on Sunday), each from a source
with its own conversion; a lead that will be won is contacted, given an appointment and
quoted more often than one that will be lost, so the stage carries information as in a real
showroom. `month_effect_sd` makes whole months convert better or worse (a good salesperson
on holiday, a price campaign), which a forecast built on the average cannot know in advance.
Pure: numpy in whole arrays, polars frames out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

DAY_US = 86_400_000_000
WEEKDAY_VOLUME = (1.0, 1.0, 1.0, 1.0, 1.0, 0.7, 0.25)  # Monday first


@dataclass(frozen=True)
class SyntheticDealer:
    name: str = "Synthetic Motors"
    seed: int = 1
    start: date = date(2023, 1, 1)
    months: int = 24
    leads_per_day: float = 6.0  # on a weekday
    sources: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {
            "website": (0.45, 0.12),
            "marktplaats": (0.25, 0.08),
            "importer": (0.15, 0.15),
            "walk-in": (0.15, 0.30),
        }
    )  # source: (share of leads, conversion)
    month_effect_sd: float = 0.0  # spread of whole months' conversion, on the log-odds scale
    days_to_win: tuple[float, float] = (1.6, 9.0)  # gamma shape, scale
    days_to_lose: tuple[float, float] = (1.2, 14.0)
    never_closed: float = 0.1  # share of lost leads nobody closes
    tz: str = "Europe/Amsterdam"

    @property
    def end(self) -> date:
        year, month = divmod(self.start.month - 1 + self.months, 12)
        return date(self.start.year + year, month + 1, 1)


def generate(dealer: SyntheticDealer) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The lead and activity frames (analytics columns) of the dealer's whole span."""
    rng = np.random.default_rng(dealer.seed)
    received, month_index = _arrivals(dealer, rng)
    n = len(received)
    names = list(dealer.sources)
    shares = np.array([dealer.sources[s][0] for s in names])
    source = rng.choice(len(names), size=n, p=shares / shares.sum())
    base = np.array([dealer.sources[s][1] for s in names])[source]
    effects = rng.normal(0.0, dealer.month_effect_sd, size=dealer.months + 1)
    odds = np.log(base / (1 - base)) + effects[month_index]
    won = rng.random(n) < 1 / (1 + np.exp(-odds))
    close_days = np.where(
        won, rng.gamma(*dealer.days_to_win, size=n), rng.gamma(*dealer.days_to_lose, size=n)
    )
    close_days = np.minimum(close_days, 89.0)
    closes = ~(~won & (rng.random(n) < dealer.never_closed))
    closed = received + (close_days * DAY_US).astype(np.int64)
    stages = _stages(rng, won, close_days)
    data_end = _us(datetime.combine(dealer.end, time(), ZoneInfo(dealer.tz)))
    known = closes & (closed < data_end)
    leads = pl.DataFrame(
        {
            "lead_key": np.arange(n, dtype=np.int64),
            "lead_id": [f"S{i:06d}" for i in range(n)],
            "dealer": dealer.name,
            "source": np.array(names)[source],
            "received_at": received,
            "status": np.where(known, np.where(won, "won", "lost"), "open"),
            "closed_at": closed,
        }
    ).with_columns(
        pl.col("received_at").cast(pl.Datetime("us", "UTC")),
        pl.when(pl.Series(known)).then(pl.col("closed_at")).cast(pl.Datetime("us", "UTC")),
    )
    return leads, _activities(received, closed, won, known, stages, data_end)


def _arrivals(dealer: SyntheticDealer, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Receipt instants (epoch µs, sorted) between 08:00 and 22:00 local, and month numbers."""
    tz = ZoneInfo(dealer.tz)
    days = [dealer.start + timedelta(days=i) for i in range((dealer.end - dealer.start).days)]
    counts = rng.poisson([dealer.leads_per_day * WEEKDAY_VOLUME[d.weekday()] for d in days])
    starts = np.array([_us(datetime.combine(d, time(8), tz)) for d in days])
    months = np.array(
        [(d.year - dealer.start.year) * 12 + d.month - dealer.start.month for d in days]
    )
    day_of = np.repeat(np.arange(len(days)), counts)
    offsets = (rng.random(len(day_of)) * 14 * 3_600_000_000).astype(np.int64)
    received = starts[day_of] + offsets
    order = np.argsort(received, kind="stable")
    return received[order], months[day_of][order]


def _stages(rng: np.random.Generator, won: np.ndarray, close_days: np.ndarray) -> np.ndarray:
    """Days after receipt of contact, appointment and quote (NaN: never), per lead."""
    n = len(won)
    contact_days = rng.exponential(0.4, size=n)
    contacted = won | (rng.random(n) < 0.8)
    appointment = rng.random(n) < np.where(won, 0.85, 0.25)
    quote = appointment & (rng.random(n) < np.where(won, 0.8, 0.3))
    span = np.maximum(close_days - contact_days, 0.01)
    appointment_days = contact_days + span * rng.uniform(0.1, 0.6, size=n)
    quote_days = appointment_days + (close_days - appointment_days) * rng.uniform(0.2, 0.9, n)
    return np.column_stack(
        [
            np.where(contacted, np.minimum(contact_days, close_days), np.nan),
            np.where(contacted & appointment, appointment_days, np.nan),
            np.where(contacted & quote, quote_days, np.nan),
        ]
    )


def _activities(
    received: np.ndarray,
    closed: np.ndarray,
    won: np.ndarray,
    known: np.ndarray,
    stages: np.ndarray,
    data_end: int,
) -> pl.DataFrame:
    parts = []
    for column, kind, outcome in ((0, "call", "reached"), (1, "appointment", ""), (2, "quote", "")):
        at = received + np.nan_to_num(stages[:, column] * DAY_US, nan=0).astype(np.int64)
        keep = ~np.isnan(stages[:, column]) & (at < data_end)
        parts.append(_activity_rows(np.flatnonzero(keep), at[keep], kind, outcome))
    orders = np.flatnonzero(won & known)
    parts.append(_activity_rows(orders, closed[orders], "order", ""))
    return pl.concat(parts).sort("lead_key", "at")


def _activity_rows(keys: np.ndarray, at: np.ndarray, kind: str, outcome: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "lead_key": keys.astype(np.int64),
            "at": at,
            "kind": kind,
            "outcome": outcome or None,
            "inbound": False,
            "automatic": False,
        },
        schema_overrides={"outcome": pl.String},
    ).with_columns(pl.col("at").cast(pl.Datetime("us", "UTC")))


def write_exchange(dealers: SyntheticDealer | Sequence[SyntheticDealer], folder: Path) -> Path:
    """The generated histories as one exchange folder (leads, activities, dealers CSV)."""
    several = [dealers] if isinstance(dealers, SyntheticDealer) else list(dealers)
    folder.mkdir(parents=True, exist_ok=True)
    leads, activities = [], []
    for number, dealer in enumerate(several):
        own, acts = generate(dealer)
        own = own.with_columns((pl.lit(f"D{number}-") + pl.col("lead_id")).alias("lead_id"))
        ids = own.select("lead_key", "lead_id")
        leads.append(own)
        activities.append(acts.join(ids, on="lead_key"))
    stamp = "%Y-%m-%dT%H:%M:%S%:z"
    pl.concat(leads).select(
        "lead_id",
        "dealer",
        "source",
        pl.col("received_at").dt.strftime(stamp),
        (pl.col("lead_id").str.to_lowercase() + "@example.invalid").alias("email"),
        "status",
        pl.col("closed_at").dt.strftime(stamp),
    ).write_csv(folder / "leads.csv")
    pl.concat(activities).select(
        "lead_id", pl.col("at").dt.strftime(stamp), "kind", "outcome"
    ).write_csv(folder / "activities.csv")
    pl.DataFrame(
        {
            "dealer": [d.name for d in several],
            "timezone": [d.tz for d in several],
            "country": ["NL"] * len(several),
        }
    ).write_csv(folder / "dealers.csv")
    return folder


def _us(at: datetime) -> int:
    return int(at.timestamp() * 1_000_000)
