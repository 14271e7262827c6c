"""A seeded generator of exchange folders with effects planted where a test can find them.

Two sources carry the planted story (DESIGN.md, "Quality or process?"):
- `poor_source`: its people rarely buy, however fast and often they are called;
- `late_source`: its people buy as often as anyone's, but its leads go to the slow
  salespeople, who answer hours later and give up after a call or two.
Everything is drawn with numpy in whole arrays, so a million leads take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

MINUTE_US = 60_000_000
DAY_US = 1440 * MINUTE_US
SOURCES = ("website", "importer", "marktplaats", "autotrack", "autoscout24", "phone", "walk-in")
MAKES = ("Volkswagen", "Kia", "Toyota", "Peugeot", "Skoda", "Renault", "BMW", "Volvo")
CAMPAIGNS = {"website": ("spring-sale", "summer-lease"), "importer": ("ev-launch",)}


@dataclass(frozen=True)
class Story:
    """What the generated data hides: who is slow and which sources are poor or late."""

    n_leads: int = 2_000
    seed: int = 7
    start: datetime = datetime(2024, 1, 1)
    months: int = 12
    dealers: tuple[str, ...] = ("Amsterdam Noord", "Utrecht", "Gent")
    salespeople_per_dealer: int = 6
    poor_source: str = "autotrack"
    late_source: str = "marktplaats"
    quality: dict[str, float] = field(
        default_factory=lambda: {
            "website": -1.5,
            "importer": -1.6,
            "marktplaats": -0.9,
            "autotrack": -3.3,
            "autoscout24": -1.7,
            "phone": -1.2,
            "walk-in": -0.9,
        }
    )
    repeat_share: float = 0.05
    dms_only_share: float = 0.1
    first_lead: int = 0  # the number of the first lead (L0): part k of a big folder starts later


@dataclass(frozen=True)
class Team:
    names: npt.NDArray[np.str_]
    dealer: npt.NDArray[np.int64]
    slow: npt.NDArray[np.bool_]


def team(story: Story) -> Team:
    """Salespeople per dealer; the last third of each dealer's team is slow."""
    k = story.salespeople_per_dealer
    names, dealer, slow = [], [], []
    for d, name in enumerate(story.dealers):
        for i in range(k):
            names.append(f"{name.split()[0]} {'slow' if i >= k - k // 3 else 'fast'} {i + 1}")
            dealer.append(d)
            slow.append(i >= k - k // 3)
    return Team(np.array(names), np.array(dealer), np.array(slow))


def draw(
    story: Story,
) -> tuple[np.random.Generator, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The drawn leads and activities as arrays (a lead's index in `lead`, instants in µs
    since 1970 UTC), with the generator to draw on from; `generate` and the bench's
    database loader (tests/synthetic/database.py) both start from these."""
    rng = np.random.default_rng(story.seed)
    people = team(story)
    leads = _leads(story, rng, people)
    acts = _activities(story, rng, leads, people)
    return rng, _close(story, rng, leads, acts), acts


def generate(story: Story) -> dict[str, pl.DataFrame]:
    """The exchange tables (leads, activities, costs, dealers, sales) as text-ready frames."""
    rng, leads, acts = draw(story)
    tables = {
        "leads": _lead_table(leads, story),
        "activities": _activity_table(acts, leads),
        "costs": _costs(story, rng, leads),
        "dealers": _dealers(story),
        "sales": _sales(leads, story),
    }
    tables["leads"] = pl.concat([tables["leads"], _repeats(story, rng, tables["leads"])])
    return tables


def write_folder(tables: dict[str, pl.DataFrame], folder: Path, append: bool = False) -> Path:
    """Write the tables as an exchange folder of CSV files (`append`: rows after those of
    files already there, without a header)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        with (folder / f"{name}.csv").open("ab" if append else "wb") as file:
            frame.write_csv(file, include_header=not append)
    return folder


def _leads(story: Story, rng: np.random.Generator, people: Team) -> dict[str, np.ndarray]:
    n = story.n_leads
    start_us = int(np.datetime64(story.start, "us").astype(np.int64))
    days = rng.integers(0, story.months * 30, n)
    in_hours = rng.random(n) < 0.8
    minute = np.where(in_hours, rng.integers(9 * 60, 17 * 60, n), rng.integers(0, 1440, n))
    received = start_us + days * DAY_US + minute * MINUTE_US - 60 * MINUTE_US  # CET to UTC
    dealer = rng.integers(0, len(story.dealers), n)
    source = rng.choice(len(SOURCES), n, p=[0.3, 0.1, 0.15, 0.15, 0.15, 0.1, 0.05])
    late = source == SOURCES.index(story.late_source)
    salesperson = _assign(rng, people, dealer, late)
    return {
        "i": np.arange(n) + story.first_lead,
        "received": received,
        "dealer": dealer,
        "source": source,
        "salesperson": salesperson,
        "make": rng.integers(0, len(MAKES), n),
        "used": rng.random(n) < 0.45,
        "campaign": rng.random(n),
    }


def _assign(
    rng: np.random.Generator, people: Team, dealer: np.ndarray, late: np.ndarray
) -> np.ndarray:
    """Leads go to anyone in the dealer's team, except that most late-source leads go to
    the slow salespeople (the rest to the fast, so both effects can be told apart)."""
    k = len(people.names) // (people.dealer.max() + 1)
    slow = np.flatnonzero(people.slow[:k])
    n = len(dealer)
    anyone = rng.integers(0, k, n)
    to_slow = late & (rng.random(n) < 0.85)
    pick = np.where(to_slow, slow[rng.integers(0, len(slow), n)], anyone)
    return dealer * k + pick


def _activities(
    story: Story, rng: np.random.Generator, leads: dict[str, np.ndarray], people: Team
) -> dict[str, np.ndarray]:
    """Calls until reached (or the salesperson gives up), written messages, then the funnel."""
    n = len(leads["i"])
    slow = people.slow[leads["salesperson"]]
    delay_min = np.where(slow, rng.lognormal(np.log(240), 0.8, n), rng.lognormal(np.log(6), 0.7, n))
    answered = rng.random(n) > np.where(slow, 0.12, 0.02)
    max_calls = np.where(slow, rng.integers(1, 3, n), rng.integers(4, 7, n))
    reach_at = rng.geometric(0.45, n)  # the call that would reach the person
    reachable = rng.random(n) < 0.85
    contacted = answered & reachable & (reach_at <= max_calls)
    n_calls = np.where(answered, np.where(contacted, reach_at, max_calls), 0)
    first = leads["received"] + (delay_min * MINUTE_US).astype(np.int64)
    rows = []
    for k in range(6):
        has = n_calls > k
        at = first + k * (DAY_US + rng.integers(-120, 120, n) * MINUTE_US) * (k > 0)
        outcome = np.where(
            contacted & (reach_at == k + 1),
            "reached",
            rng.choice(["no_answer", "voicemail", "busy"], n),
        )
        rows.append(_rows(leads, has, "call", at, outcome, people, rng))
    writes = answered & (rng.random(n) < np.where(slow, 0.3, 0.9))
    rows.append(_rows(leads, writes, "email", first + 30 * MINUTE_US, np.full(n, ""), people, rng))
    contact_at = first + (reach_at - 1) * DAY_US
    q = np.array([story.quality[s] for s in SOURCES])[leads["source"]]
    speed = np.select([delay_min <= 15, delay_min <= 60, delay_min <= 240], [0.0, -0.5, -1.0], -1.6)
    p_won = np.where(contacted, 1 / (1 + np.exp(-(q + speed))), 0.005)
    won = rng.random(n) < p_won
    stage = np.where(won, 4, np.where(contacted, rng.integers(0, 4, n), 0))
    for depth, kind in enumerate(("appointment", "visit", "test_drive", "quote"), start=1):
        at = contact_at + depth * 2 * DAY_US
        rows.append(
            _rows(leads, contacted & (stage >= depth), kind, at, np.full(n, ""), people, rng)
        )
    leads["won"], leads["contacted"], leads["contact_at"] = won, contacted, contact_at
    leads["last_at"] = np.maximum(
        first + np.maximum(n_calls - 1, 0) * DAY_US, np.where(contacted, contact_at + 8 * DAY_US, 0)
    )
    leads["answered"] = answered
    return {k: np.concatenate([r[k] for r in rows]) for k in rows[0]}


def _rows(
    leads: dict[str, np.ndarray],
    mask: np.ndarray,
    kind: str,
    at: np.ndarray,
    outcome: np.ndarray,
    people: Team,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    scripted = rng.random(len(mask)) < 0.5
    return {
        "lead": leads["i"][mask],
        "at": at[mask],
        "kind": np.full(mask.sum(), kind),
        "outcome": outcome[mask],
        "salesperson": people.names[leads["salesperson"][mask]],
        "script": np.where(scripted[mask] & (kind == "call"), "intro-v2", ""),
        "duration_s": np.where(outcome[mask] == "reached", 240, 20) * (kind == "call"),
    }


def _close(
    story: Story,
    rng: np.random.Generator,
    leads: dict[str, np.ndarray],
    acts: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Won leads get an order, the rest are lost after the last activity, the newest stay open."""
    n = len(leads["i"])
    end_us = leads["received"].max()
    order_at = leads["contact_at"] + 10 * DAY_US
    recent = leads["received"] > end_us - 20 * DAY_US
    dms_only = leads["won"] & (rng.random(n) < story.dms_only_share)
    status = np.where(leads["won"] & ~dms_only, "won", np.where(recent, "open", "lost"))
    leads["status"] = status
    leads["closed"] = np.where(
        status == "won", order_at, np.where(status == "lost", leads["last_at"] + DAY_US, 0)
    )
    leads["dms_only"] = dms_only
    leads["order_at"] = order_at
    won = leads["won"] & ~dms_only
    orders = {
        "lead": leads["i"][won],
        "at": order_at[won],
        "kind": np.full(won.sum(), "order"),
        "outcome": np.full(won.sum(), ""),
        "salesperson": np.full(won.sum(), ""),
        "script": np.full(won.sum(), ""),
        "duration_s": np.zeros(won.sum(), dtype=np.int64),
    }
    for key, value in orders.items():
        acts[key] = np.concatenate([acts[key], value])
    return leads


def _iso(us: pl.Expr) -> pl.Expr:
    local = (
        us.cast(pl.Datetime("us"))
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone("Europe/Amsterdam")
    )
    return local.dt.to_string("%Y-%m-%dT%H:%M:%S%:z")


def _phone(i: np.ndarray) -> pl.Expr:
    """Mobile numbers written the ways people write them."""
    digits = pl.lit("6") + (pl.lit(10_000_000) + pl.Series(i)).cast(pl.String)
    style = pl.Series(i % 4)
    return (
        pl.when(style == 0)
        .then(pl.lit("0") + digits.str.slice(0, 1) + pl.lit("-") + digits.str.slice(1))
        .when(style == 1)
        .then(pl.lit("+31 ") + digits.str.slice(0, 1) + pl.lit(" ") + digits.str.slice(1))
        .when(style == 2)
        .then(pl.lit("0031") + digits)
        .otherwise(pl.lit("(0") + digits.str.slice(0, 1) + pl.lit(") ") + digits.str.slice(1))
    )


def _lead_table(leads: dict[str, np.ndarray], story: Story) -> pl.DataFrame:
    i = leads["i"]
    source = np.array(SOURCES)[leads["source"]]
    campaign = np.full(len(i), "", dtype=object)
    for name, options in CAMPAIGNS.items():
        on = source == name
        campaign[on] = np.array(options + ("",))[
            (leads["campaign"][on] * (len(options) + 1)).astype(int)
        ]
    frame = pl.DataFrame({"i": i, "received": leads["received"], "closed": leads["closed"]})
    return frame.select(
        pl.format("L{}", "i").alias("lead_id"),
        pl.Series("dealer", np.array(story.dealers)[leads["dealer"]]),
        pl.Series("source", np.char.capitalize(source.astype(str))),
        pl.Series("campaign", campaign.astype(str)),
        _iso(pl.col("received")).alias("received_at"),
        pl.lit("Sam").alias("first_name"),
        pl.format("Klant{}", "i").alias("last_name"),
        pl.format("klant{}@Example.nl", "i").alias("email"),
        _phone(i).alias("phone"),
        pl.Series("vehicle_make", np.array(MAKES)[leads["make"]]),
        pl.lit("").alias("vehicle_model"),
        pl.Series("vehicle_condition", np.where(leads["used"], "used", "new")),
        pl.Series("salesperson", team(story).names[leads["salesperson"]]),
        pl.Series("status", leads["status"]),
        pl.when(pl.col("closed") > 0)
        .then(_iso(pl.col("closed")))
        .otherwise(pl.lit(""))
        .alias("closed_at"),
        pl.Series("lost_reason", np.where(leads["status"] == "lost", "no reaction", "")),
    )


def _activity_table(acts: dict[str, np.ndarray], leads: dict[str, np.ndarray]) -> pl.DataFrame:
    frame = pl.DataFrame(acts).sort("lead", "at")
    return frame.select(
        pl.format("L{}", "lead").alias("lead_id"),
        _iso(pl.col("at")).alias("at"),
        "kind",
        "outcome",
        "duration_s",
        "salesperson",
        "script",
    )


def _repeats(story: Story, rng: np.random.Generator, leads: pl.DataFrame) -> pl.DataFrame:
    """A few people ask again within days, by the same e-mail written in other capitals."""
    n = int(leads.height * story.repeat_share)
    pick = leads.sample(n, seed=story.seed, shuffle=True)
    later = rng.integers(1, 25, n)
    received = pick["received_at"].str.to_datetime("%Y-%m-%dT%H:%M:%S%:z") + pl.Series(
        later * DAY_US
    ).cast(pl.Duration("us"))
    return pick.with_columns(
        pl.format("R{}", pl.col("lead_id")).alias("lead_id"),
        received.dt.convert_time_zone("Europe/Amsterdam")
        .dt.to_string("%Y-%m-%dT%H:%M:%S%:z")
        .alias("received_at"),
        pl.col("email").str.to_uppercase(),
        pl.lit("").alias("phone"),
        pl.lit("open").alias("status"),
        pl.lit("").alias("closed_at"),
        pl.lit("").alias("lost_reason"),
    )


def _costs(story: Story, rng: np.random.Generator, leads: dict[str, np.ndarray]) -> pl.DataFrame:
    months = pl.date_range(
        story.start, story.start.replace(year=story.start.year + 5), "1mo", eager=True
    )[: story.months]
    rows = []
    for month in months.dt.strftime("%Y-%m").to_list():
        for source in ("autotrack", "autoscout24", "marktplaats"):
            for dealer in story.dealers:
                rows.append((dealer, source, month, round(float(rng.uniform(300, 900)), 2)))
        rows.append(("", "importer", month, 1200.0))
    return pl.DataFrame(rows, schema=["dealer", "source", "month", "amount"], orient="row")


def _dealers(story: Story) -> pl.DataFrame:
    zones = ["Europe/Brussels" if "Gent" in d else "Europe/Amsterdam" for d in story.dealers]
    countries = ["BE" if "Gent" in d else "NL" for d in story.dealers]
    return pl.DataFrame(
        {
            "dealer": list(story.dealers),
            "timezone": zones,
            "country": countries,
            "opening_hours": ["Mo-Fr 09:00-18:00; Sa 09:00-17:00"] * len(story.dealers),
        }
    )


def _sales(leads: dict[str, np.ndarray], story: Story) -> pl.DataFrame:
    """Orders known only to the dealer management system, found again by e-mail."""
    mask = leads["dms_only"]
    frame = pl.DataFrame({"i": leads["i"][mask], "at": leads["order_at"][mask]})
    return frame.select(
        pl.Series("dealer", np.array(story.dealers)[leads["dealer"][mask]], dtype=pl.String),
        _iso(pl.col("at")).alias("ordered_at"),
        pl.format("KLANT{}@example.nl", "i").alias("email"),
        pl.format("DMS{}", "i").alias("order_id"),
    )
