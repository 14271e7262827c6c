"""Replay history: forecast each past month from its days 5, 10, 15 and 20, then compare.

For every dealer and every whole month with enough history before it, the pace forecast is
made as it would have been at the end of each forecast day (later closings censored) and
set against the month's real sales. Per forecast day: the mean absolute error of the
expected month end, how often the real month end fell inside the 80 % interval, and the
number of months, so anyone can see whether the interval earns its "80 %".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np

from scoreline.analytics.business import dealer_calendars, dealer_timezones
from scoreline.analytics.frames import Inputs
from scoreline.planning.errors import NoHistoryError
from scoreline.planning.pace import LeadHistory, forecast, month_bounds

FORECAST_DAYS = (5, 10, 15, 20)
WARMUP_DAYS = 180  # history a month needs before it is forecast: half a year of closings


@dataclass(frozen=True)
class Replay:
    """One forecast made in the past and what really happened."""

    dealer: str
    month: date
    day: int
    expected: float
    low: int
    high: int
    actual: int
    run_rate: float  # the naive forecast to beat: sales so far × days in month / days gone

    @property
    def inside(self) -> bool:
        return self.low <= self.actual <= self.high


@dataclass(frozen=True)
class DayScore:
    day: int
    months: int
    mae: float | None
    coverage: float | None  # share of months inside the 80 % interval
    bias: float | None  # mean of forecast − actual
    mean_actual: float | None = None  # the months' mean real sales, to read the MAE against
    run_rate_mae: float | None = None  # the naive run-rate forecast's error, for comparison

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "day": self.day,
            "months": self.months,
            "mae": _round(self.mae),
            "coverage_80": _round(self.coverage),
            "bias": _round(self.bias),
            "mean_actual": _round(self.mean_actual),
            "run_rate_mae": _round(self.run_rate_mae),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def replay(
    histories: Iterable[LeadHistory],
    days: Sequence[int] = FORECAST_DAYS,
    warmup_days: int = WARMUP_DAYS,
) -> list[Replay]:
    """Every forecast of every whole month after the warm-up, for each dealer."""
    out: list[Replay] = []
    for history in histories:
        for month in replay_months(history, warmup_days):
            out.extend(_replay_month(history, month, days))
    return out


def replay_months(history: LeadHistory, warmup_days: int = WARMUP_DAYS) -> list[date]:
    """Months that start after the warm-up and end before the data does."""
    if not history.size:
        return []
    first = _local_date(int(history.received.min()), history)
    last = history.last_instant()
    month = date(first.year, first.month, 1)
    months: list[date] = []
    while True:
        start, end = month_bounds(month, history.tz)
        if _us(end) > last:
            return months
        if (start.date() - first).days >= warmup_days:
            months.append(month)
        month = end.date()


def _replay_month(history: LeadHistory, month: date, days: Sequence[int]) -> list[Replay]:
    start, end = month_bounds(month, history.tz)
    actual = int(np.sum(history.won & (history.closed >= _us(start)) & (history.closed < _us(end))))
    rows = []
    for day in days:
        as_of = datetime.combine(month.replace(day=day), time(23, 59, 59), history.tz)
        try:
            result = forecast(history, as_of)
        except NoHistoryError:
            continue
        days_in_month = (end.date() - start.date()).days
        run_rate = result.sales_so_far * days_in_month / day
        rows.append(
            Replay(
                history.dealer,
                month,
                day,
                result.expected,
                result.low,
                result.high,
                actual,
                run_rate,
            )  # fmt: skip
        )
    return rows


def score(replays: Sequence[Replay], days: Sequence[int] = FORECAST_DAYS) -> list[DayScore]:
    """Per forecast day: months, mean absolute error, 80 % coverage and bias."""
    scores = []
    for day in days:
        own = [r for r in replays if r.day == day]
        if not own:
            scores.append(DayScore(day, 0, None, None, None))
            continue
        errors = np.array([r.expected - r.actual for r in own])
        coverage = float(np.mean([r.inside for r in own]))
        actual = float(np.mean([r.actual for r in own]))
        mae, bias = float(np.abs(errors).mean()), float(errors.mean())
        naive = float(np.mean([abs(r.run_rate - r.actual) for r in own]))
        scores.append(DayScore(day, len(own), mae, coverage, bias, actual, naive))
    return scores


def histories_from_inputs(inputs: Inputs) -> list[LeadHistory]:
    """One history per dealer of an exchange folder or extract, with its business days."""
    calendars = dealer_calendars(inputs.dealers)
    zones = dealer_timezones(inputs.dealers)
    dealers = inputs.leads["dealer"].unique().sort().to_list()
    out = []
    for dealer in dealers:
        calendar = calendars.get(dealer)
        is_open = (lambda day, c=calendar: bool(c.hours_on(day))) if calendar else None
        kwargs = {"is_business_day": is_open} if is_open else {}
        tz = zones.get(dealer, "Europe/Amsterdam")
        out.append(LeadHistory.from_frames(inputs.leads, inputs.activities, dealer, tz, **kwargs))
    return out


@dataclass(frozen=True)
class BacktestReport:
    scores: list[DayScore]  # every dealer's months together
    by_dealer: dict[str, list[DayScore]]
    dealer_months: int

    def as_dict(self) -> dict[str, object]:
        return {
            "forecast_days": [s.as_dict() for s in self.scores],
            "dealers": len(self.by_dealer),
            "dealer_months": self.dealer_months,
            "by_dealer": [
                {"dealer": dealer, "forecast_days": [s.as_dict() for s in scores]}
                for dealer, scores in self.by_dealer.items()
            ],
        }


def backtest_report(inputs: Inputs, days: Sequence[int] = FORECAST_DAYS) -> BacktestReport:
    """The backtest of an exchange folder or database extract: all dealers, and each."""
    replays = replay(histories_from_inputs(inputs), days)
    dealers = sorted({r.dealer for r in replays})
    by_dealer = {d: score([r for r in replays if r.dealer == d], days) for d in dealers}
    months = {(r.dealer, r.month) for r in replays}
    return BacktestReport(score(replays, days), by_dealer, len(months))


def _local_date(us: int, history: LeadHistory) -> date:
    return datetime.fromtimestamp(us / 1_000_000, history.tz).date()


def _us(at: datetime) -> int:
    return int(at.timestamp() * 1_000_000)
