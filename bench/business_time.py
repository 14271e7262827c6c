"""Business minutes for a million (arrival, response) pairs: vectorised vs a naive loop.

The baseline walks each pair minute by minute and asks the wall clock whether the dealer is
open, as a first version of "speed to lead" would. It runs on a sample and is scaled per
pair; both methods must agree on that sample. Instants are whole minutes so that the
minute-stepping baseline and the calendar's floor-of-open-time count mean the same thing.

    .venv/bin/python bench/business_time.py [--n 1000000] [--sample 2000] [--seed 7]
"""

import argparse
import time
from datetime import UTC, datetime, timedelta

import numpy as np

from scoreline.hours import BusinessCalendar

OPENING_HOURS = "Mo-Fr 08:30-12:30,13:00-18:00; Sa 09:00-17:00"
TWO_YEARS_MIN = 2 * 365 * 1440
FIVE_DAYS_MIN = 5 * 1440


def pairs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Arrivals spread over 2024-2025, responses 0 to 5 days later, in UTC minutes."""
    rng = np.random.default_rng(seed)
    arrivals = np.datetime64("2024-01-01T00:00", "m") + rng.integers(0, TWO_YEARS_MIN, n)
    responses = arrivals + rng.integers(0, FIVE_DAYS_MIN, n)
    return arrivals, responses


def naive_minutes(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Open minutes in [start, end), stepping one wall-clock minute at a time."""
    count, at = 0, start
    while at < end:
        local = at.astimezone(calendar.tz)
        minute = local.hour * 60 + local.minute
        count += any(a <= minute < b for a, b in calendar.hours_on(local.date()))
        at += timedelta(minutes=1)
    return count


def as_datetime(value: np.datetime64) -> datetime:
    return value.astype("datetime64[us]").item().replace(tzinfo=UTC)


def timed(action, *args):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = action(*args)
    return result, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="pairs for the vectorised run")
    parser.add_argument("--sample", type=int, default=2_000, help="pairs for the naive loop")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    calendar = BusinessCalendar.build(OPENING_HOURS, country="NL", tz="Europe/Amsterdam")
    arrivals, responses = pairs(options.n, options.seed)

    cold, cold_s = timed(calendar.minutes_between_many, arrivals, responses)
    warm, warm_s = timed(calendar.minutes_between_many, arrivals, responses)
    assert np.array_equal(cold, warm)

    sample = range(min(options.sample, options.n))
    starts = [as_datetime(arrivals[i]) for i in sample]
    ends = [as_datetime(responses[i]) for i in sample]
    naive, naive_s = timed(
        lambda: [naive_minutes(calendar, s, e) for s, e in zip(starts, ends, strict=True)]
    )
    scalar, scalar_s = timed(
        lambda: [calendar.minutes_between(s, e) for s, e in zip(starts, ends, strict=True)]
    )
    assert naive == scalar == warm[: len(sample)].astype(int).tolist(), "methods disagree"

    per_pair_naive = naive_s / len(sample)
    naive_total = per_pair_naive * options.n
    print(f"pairs: {options.n:,} (naive loop on {len(sample):,}, all three agree)")
    print(f"vectorised, first call (builds the timeline): {cold_s:.3f} s")
    print(f"vectorised, warm: {warm_s:.3f} s ({warm_s / options.n * 1e9:.0f} ns per pair)")
    print(f"scalar minutes_between: {scalar_s / len(sample) * 1e6:.1f} us per pair")
    print(f"naive minute loop: {per_pair_naive * 1e6:.0f} us per pair, {naive_total:.0f} s for all")
    print(f"ratio naive / vectorised (warm): {naive_total / warm_s:,.0f}x")
    print(f"ratio naive / vectorised (cold): {naive_total / cold_s:,.0f}x")


if __name__ == "__main__":
    main()
