"""Where the month will end: a forecast of month-end sales on any day, with an honest interval.

Month-end sales = sales so far
                + Σ over open leads of P(won by month end | age, stage)
                + leads still to come × P(a new lead is won before month end).

The probabilities come from the dealer's own history as it was known at the moment of the
forecast (later closings are censored, so a backtest cannot peek): for leads still open at a
given age ("landmark") and stage, the Aalen–Johansen cumulative incidence of a sale, which
lets losses compete with sales and leads still open count for as long as they were watched.

Each open lead is a coin with its own probability (a Poisson-binomial); new leads arrive as
a Poisson stream, each won with the new-lead probability, so their sales are Poisson. The
month-end distribution is the convolution of the two, shifted by the sales so far; its 10th
and 90th percentiles are the 80 % interval and its upper tail P(reaching target).
Pure: numpy and polars in, numbers out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy.special import gammaln

from scoreline.analytics.rounding import rounded_percent
from scoreline.planning.errors import NoHistoryError, PaceInputError

DAY_US = 86_400_000_000
NEVER = np.iinfo(np.int64).max
# Ages (days) at which history is sliced; an open lead uses the latest one it has passed.
LANDMARKS = (0, 1, 2, 4, 7, 10, 14, 21, 30, 45, 60, 90)
STAGES = ("new", "contacted", "appointment", "quote")
MIN_GROUP = 30  # leads at risk a (landmark, stage) slice needs before it stands on its own
HISTORY_DAYS = 730  # older history describes another team and another market
RATE_DAYS = 56  # eight weeks of arrivals for the lead rate: every weekday equally often
RATE_PRIOR_DAYS = 10  # business days of that rate weighed against the month so far
DEFAULT_THRESHOLD = 0.5
MATURE_DAYS = 90  # a lead's sales window: older leads' conversion is final
BLOCK_DAYS = 30  # leads are grouped in blocks this long to see months vary
QUADRATURE_POINTS = 9

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
IsBusinessDay = Callable[[date], bool]

_CONTACT_KINDS = ("call", "email", "sms", "whatsapp")
_APPOINTMENT_KINDS = ("appointment", "visit", "test_drive")


def mon_to_sat(day: date) -> bool:
    """The default business day when no calendar is given: Monday to Saturday."""
    return day.weekday() < 6


@dataclass(frozen=True)
class LeadHistory:
    """One dealer's leads as arrays of epoch microseconds (UTC), ready to be sliced by date.

    `closed` is NEVER for a lead not closed (yet); `stage_at[:, k]` is when the lead first
    reached STAGES[k + 1] (NEVER: not reached). Spam is left out.
    """

    dealer: str
    tz: ZoneInfo
    received: IntArray
    closed: IntArray
    won: npt.NDArray[np.bool_]
    stage_at: IntArray  # shape (n, 3)
    source: npt.NDArray[np.str_]
    is_business_day: IsBusinessDay = mon_to_sat

    @property
    def size(self) -> int:
        return len(self.received)

    @classmethod
    def from_frames(
        cls,
        leads: pl.DataFrame,
        activities: pl.DataFrame | None,
        dealer: str,
        tz: str = "Europe/Amsterdam",
        is_business_day: IsBusinessDay = mon_to_sat,
    ) -> LeadHistory:
        """The dealer's leads (analytics lead columns) with stage times from its activities."""
        own = leads.filter((pl.col("dealer") == dealer) & (pl.col("status") != "spam"))
        _refuse_undated_closings(own, dealer)
        stage_at = _stage_times(own, activities)
        return cls(
            dealer=dealer,
            tz=ZoneInfo(tz),
            received=own["received_at"].dt.epoch("us").to_numpy().astype(np.int64),
            closed=_closed_us(own),
            won=(own["status"] == "won").to_numpy(),
            stage_at=stage_at,
            source=own["source"].fill_null("").to_numpy().astype(str),
            is_business_day=is_business_day,
        )

    def last_instant(self) -> int:
        """The latest moment the data knows about: a receipt or a closing."""
        closed = self.closed[self.closed != NEVER]
        latest = [int(self.received.max())] if self.size else []
        if closed.size:
            latest.append(int(closed.max()))
        if not latest:
            raise PaceInputError(f"dealer {self.dealer!r} has no leads")
        return max(latest)


def _refuse_undated_closings(leads: pl.DataFrame, dealer: str) -> None:
    undated = leads.filter(pl.col("status").is_in(["won", "lost"]) & pl.col("closed_at").is_null())
    if undated.height:
        first = undated.row(0, named=True).get("lead_id") or undated.row(0, named=True)["lead_key"]
        raise PaceInputError(
            f"dealer {dealer!r}: {undated.height} won or lost leads have no closed_at (first: "
            f"{first!r}), so their sale or loss cannot be placed in a month"
        )


def _closed_us(leads: pl.DataFrame) -> IntArray:
    closed = leads["closed_at"].dt.epoch("us").fill_null(NEVER).to_numpy().astype(np.int64)
    is_open = (leads["status"] == "open").to_numpy()
    return np.where(is_open, NEVER, closed)


def _stage_times(leads: pl.DataFrame, activities: pl.DataFrame | None) -> IntArray:
    """When each lead was first contacted, given an appointment, and quoted (NEVER: not yet).

    A later stage implies the earlier ones: a quote is also a contact.
    """
    out = np.full((leads.height, 3), NEVER, dtype=np.int64)
    if activities is None or activities.is_empty() or leads.is_empty():
        return out
    kind, outcome = pl.col("kind"), pl.col("outcome").fill_null("")
    inbound = pl.col("inbound").fill_null(False)
    level = (
        pl.when(kind == "quote")
        .then(3)
        .when(kind.is_in(_APPOINTMENT_KINDS))
        .then(2)
        .when(
            ((kind == "call") & (outcome == "reached"))
            | (inbound & kind.is_in(_CONTACT_KINDS))
            | kind.is_in(["order"])
        )
        .then(1)
        .otherwise(0)
    )
    firsts = (
        activities.select("lead_key", "at", level.alias("level"))
        .filter(pl.col("level") > 0)
        .group_by("lead_key", "level")
        .agg(pl.col("at").min().dt.epoch("us"))
    )
    index = leads.select("lead_key").with_row_index("_i")
    for k in (1, 2, 3):
        reached = firsts.filter(pl.col("level") >= k).group_by("lead_key").agg(pl.col("at").min())
        joined = index.join(reached, on="lead_key")
        out[joined["_i"].to_numpy(), k - 1] = joined["at"].to_numpy()
    return out


# --- the closing model -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Incidence:
    """Cumulative incidence of sales and all-cause survival at the sorted event times."""

    times: FloatArray  # days after the landmark
    cif: FloatArray
    survival: FloatArray
    at_risk: int

    def _step(self, values: FloatArray, at: FloatArray, start: float) -> FloatArray:
        index = np.searchsorted(self.times, at, side="right") - 1
        return np.where(index >= 0, values[np.clip(index, 0, None)], start)

    def won_between(self, offsets: FloatArray, horizons: FloatArray) -> FloatArray:
        """P(won in (offset, offset + horizon] | still open at offset), days after the landmark.

        (CIF(offset + horizon) − CIF(offset)) / S(offset); 0 where nobody was left open.
        """
        if not self.times.size:
            return np.zeros(len(offsets))
        gained = self._step(self.cif, offsets + horizons, 0.0) - self._step(self.cif, offsets, 0.0)
        left = self._step(self.survival, offsets, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(left > 0, np.clip(gained / left, 0.0, 1.0), 0.0)


def cumulative_incidence(
    durations: FloatArray, won: npt.NDArray[np.bool_], closed: npt.NDArray[np.bool_]
) -> _Incidence:
    """Aalen–Johansen estimate of P(won by t) with loss competing and open leads censored.

    At each distinct time t with n(t) leads still at risk, S drops by the share closed and
    the CIF rises by S(t−) × the share won.
    """
    if not len(durations):
        return _Incidence(np.zeros(0), np.zeros(0), np.zeros(0), 0)
    order = np.argsort(durations, kind="stable")
    t, w, c = durations[order], won[order], closed[order]
    times, first = np.unique(t, return_index=True)
    at_risk = len(t) - first
    closed_count = np.add.reduceat(c.astype(float), first)
    won_count = np.add.reduceat(w.astype(float), first)
    survival = np.cumprod(1 - closed_count / at_risk).astype(np.float64)
    before = np.concatenate([[1.0], survival[:-1]])
    return _Incidence(times, np.cumsum(before * won_count / at_risk), survival, len(t))


class ClosingModel:
    """P(won within h days | open at age a with stage s), from history known at `as_of`.

    Curves are estimated on first use: a forecast needs only the slices its open leads
    fall in.
    """

    def __init__(self, duration: FloatArray, won: BoolArray, closed: BoolArray, stages: IntArray):
        """Per history lead: days watched, won/closed by then, and its stage at each landmark."""
        self.duration, self.won, self.closed, self.stages = duration, won, closed, stages
        self._curves: dict[tuple[int, int | None], _Incidence] = {}

    def probability(self, ages: FloatArray, stages: IntArray, horizons: FloatArray) -> FloatArray:
        """Per lead: the chance it is won within its horizon (days), given its age and stage."""
        out = np.zeros(len(ages))
        landmark_index = np.searchsorted(LANDMARKS, ages, side="right") - 1
        for li in np.unique(landmark_index):
            for stage in np.unique(stages[landmark_index == li]):
                rows = (landmark_index == li) & (stages == stage)
                landmark, curve = self.curve(int(li), int(stage))
                out[rows] = curve.won_between(ages[rows] - landmark, horizons[rows])
        return out

    def new_lead_probability(self, horizons: FloatArray) -> FloatArray:
        """The chance a lead not yet arrived is won within each horizon (days).

        Every stage at arrival together: a walk-in arrives with its showroom visit and a
        phone lead already contacted, and which kind will come is not known yet.
        """
        return self._curve(0, None).won_between(np.zeros(len(horizons)), horizons)

    def curve(self, landmark_index: int, stage: int) -> tuple[int, _Incidence]:
        """The landmark (days) and curve a lead of this age slice and stage is read from.

        The slice of its own stage when it has MIN_GROUP leads at risk, else all stages,
        else the nearest younger landmark that has (read from the lead's age onwards, so
        the answer stays conditional on the lead being open at its age).
        """
        for li in range(landmark_index, -1, -1):
            keys = ((li, stage), (li, None)) if li == landmark_index else ((li, None),)
            for key in keys:
                curve = self._curve(*key)
                if curve.at_risk >= MIN_GROUP:
                    return LANDMARKS[li], curve
        return 0, self._curve(0, None)

    def _curve(self, landmark_index: int, stage: int | None) -> _Incidence:
        key = (landmark_index, stage)
        if key not in self._curves:
            landmark = LANDMARKS[landmark_index]
            rows = self.duration > landmark if landmark else np.ones(len(self.duration), bool)
            if stage is not None:
                rows &= self.stages[:, landmark_index] == stage
            self._curves[key] = cumulative_incidence(
                self.duration[rows] - landmark, self.won[rows], self.closed[rows]
            )
        return self._curves[key]


def closing_model(history: LeadHistory, as_of_us: int) -> ClosingModel:
    """The closing model from leads received in the two years before `as_of`.

    What happened after `as_of` is unknown: a lead closed later is open (censored) at as_of,
    and a stage reached later is not reached.
    """
    keep = (history.received <= as_of_us) & (history.received >= as_of_us - HISTORY_DAYS * DAY_US)
    if keep.sum() < MIN_GROUP:
        raise NoHistoryError(
            f"dealer {history.dealer!r} has {keep.sum()} leads in the two years before "
            f"{_day(as_of_us, history.tz)}: too few to learn how leads close "
            f"(at least {MIN_GROUP} are needed for a forecast)"
        )
    received, closed = history.received[keep], history.closed[keep]
    known = closed <= as_of_us
    duration = (np.where(known, closed, as_of_us) - received) / DAY_US
    landmarks = received[:, None] + np.array(LANDMARKS, dtype=np.int64)[None, :] * DAY_US
    stage_at = history.stage_at[keep]
    stages = np.stack([_stage_at(stage_at, landmarks[:, i]) for i in range(len(LANDMARKS))], axis=1)
    return ClosingModel(duration, history.won[keep] & known, known, stages)


def _landmark_us(ages: FloatArray) -> IntArray:
    """The latest landmark each age has passed, in microseconds."""
    landmarks = np.array(LANDMARKS, dtype=np.int64)
    return landmarks[np.searchsorted(landmarks, ages, side="right") - 1] * DAY_US


def _day(us: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(us / 1_000_000, tz).strftime("%Y-%m-%d")


def _stage_at(stage_at: IntArray, instants: IntArray) -> IntArray:
    """The highest stage each lead had reached by its instant (0 = new)."""
    return (stage_at <= instants[:, None]).sum(axis=1).astype(np.int64)


# --- the forecast -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthParts:
    """What is known of a month at one moment, and the chances that make its end."""

    sales_so_far: int
    p_open: FloatArray  # per open lead: P(won by month end)
    leads_so_far: int
    expected_new_leads: float
    p_new: float  # P(won by month end) of a lead still to come
    month_spread: float = 0.0  # relative variance of a whole month's conversion
    arrival_spread: float = 0.0  # relative variance of the lead count to come, beyond chance

    @property
    def expected_from_open(self) -> float:
        return float(self.p_open.sum())

    @property
    def expected_from_new(self) -> float:
        return self.expected_new_leads * self.p_new


@dataclass(frozen=True)
class PaceForecast:
    """Month-end sales as a distribution, and the parts it is made of."""

    dealer: str
    month: date  # the first day
    as_of: datetime
    parts: MonthParts
    target: float | None
    pmf: FloatArray  # P(month-end sales = sales so far + k)

    @property
    def sales_so_far(self) -> int:
        return self.parts.sales_so_far

    @property
    def open_leads(self) -> int:
        return len(self.parts.p_open)

    @property
    def expected(self) -> float:
        return self.sales_so_far + self.parts.expected_from_open + self.parts.expected_from_new

    @property
    def low(self) -> int:
        """The 10th percentile: the lower end of the 80 % interval."""
        return self.quantile(0.1)

    @property
    def median(self) -> int:
        return self.quantile(0.5)

    @property
    def high(self) -> int:
        """The 90th percentile: the upper end of the 80 % interval."""
        return self.quantile(0.9)

    def quantile(self, q: float) -> int:
        return self.sales_so_far + int(np.searchsorted(np.cumsum(self.pmf), q - 1e-9))

    @property
    def p_target(self) -> float | None:
        """P(month-end sales ≥ target); None without a target."""
        if self.target is None:
            return None
        needed = int(np.ceil(self.target - 1e-9)) - self.sales_so_far
        return 1.0 if needed <= 0 else float(self.pmf[needed:].sum())

    def below(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        """Whether reaching the target has become less likely than the threshold."""
        return self.p_target is not None and self.p_target < threshold


def month_bounds(month: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's first, in the dealer's time zone."""
    start = datetime.combine(month.replace(day=1), time(), tz)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, datetime.combine(following, time(), tz)


def forecast(
    history: LeadHistory,
    as_of: datetime,
    *,
    target: float | None = None,
    expected_new_leads: float | None = None,
) -> PaceForecast:
    """The month-end forecast for the month containing `as_of` (aware), for one dealer.

    1. Count the month's sales so far and the leads open at `as_of`, with age and stage.
    2. Give each open lead its chance of a sale by month end from the closing model.
    3. Expect new leads at the recent rate per business day (or as given, e.g. from the
       plan) and give each its chance of a sale in the days left after it arrives.
    4. Combine them (`month_end_pmf`), widened by how much whole months have varied.
    """
    if as_of.tzinfo is None:
        raise PaceInputError(f"as_of {as_of.isoformat()} has no time zone")
    parts = month_parts(history, as_of, expected_new_leads)
    local = as_of.astimezone(history.tz)
    month = local.date().replace(day=1)
    return PaceForecast(history.dealer, month, as_of, parts, target, month_end_pmf(parts))


def month_parts(
    history: LeadHistory, as_of: datetime, expected_new_leads: float | None = None
) -> MonthParts:
    """Sales so far, the open leads' chances and the leads to come, as known at `as_of`."""
    local = as_of.astimezone(history.tz)
    start, end = month_bounds(local.date(), history.tz)
    now, start_us, end_us = _us(as_of), _us(start), _us(end)
    model = closing_model(history, now)
    sales = int(np.sum(history.won & (history.closed >= start_us) & (history.closed <= now)))
    is_open = (history.received <= now) & (history.closed > now)
    ages = (now - history.received[is_open]) / DAY_US
    stages = _stage_at(history.stage_at[is_open], history.received[is_open] + _landmark_us(ages))
    p_open = model.probability(ages, stages, np.full(len(ages), (end_us - now) / DAY_US))
    days_left = _days_after(local.date(), end.date())
    if expected_new_leads is None:
        expected_new_leads = expected_arrivals(history, local, days_left)
    return MonthParts(
        sales_so_far=sales,
        p_open=p_open,
        leads_so_far=int(np.sum((history.received >= start_us) & (history.received <= now))),
        expected_new_leads=expected_new_leads,
        p_new=_new_lead_probability(model, history, days_left, end_us),
        month_spread=month_spread(history, now),
        arrival_spread=arrival_spread(history, now, len(days_left)),
    )


def _us(at: datetime) -> int:
    return int(at.timestamp() * 1_000_000)


def _days_after(today: date, end: date) -> list[date]:
    """The local dates after today up to the month's end."""
    return [today + timedelta(days=i) for i in range(1, (end - today).days)]


def expected_arrivals(history: LeadHistory, local: datetime, days_left: list[date]) -> float:
    """Leads still to come: the recent rate per business day, leaning on the month so far.

    rate = (leads this month + RATE_PRIOR_DAYS × rate of the last eight weeks)
           / (business days this month so far + RATE_PRIOR_DAYS)
    """
    today = local.date()
    business_left = sum(history.is_business_day(day) for day in days_left)
    if not business_left:
        return 0.0
    now = _us(local)
    earlier = [today - timedelta(days=i) for i in range(1, RATE_DAYS + 1)]
    window_start = _us(datetime.combine(earlier[-1], time(), history.tz))
    day_start = _us(datetime.combine(today, time(), history.tz))
    recent = np.sum((history.received >= window_start) & (history.received < day_start))
    recent_days = max(sum(history.is_business_day(day) for day in earlier), 1)
    month_start = _us(datetime.combine(today.replace(day=1), time(), history.tz))
    this_month = np.sum((history.received >= month_start) & (history.received <= now))
    month_days = sum(history.is_business_day(today.replace(day=d)) for d in range(1, today.day + 1))
    rate = (this_month + RATE_PRIOR_DAYS * recent / recent_days) / (month_days + RATE_PRIOR_DAYS)
    return float(rate * business_left)


def _new_lead_probability(
    model: ClosingModel, history: LeadHistory, days_left: list[date], end_us: int
) -> float:
    """P(won before month end) of a lead arriving mid-day on one of the business days left."""
    days = [day for day in days_left if history.is_business_day(day)]
    if not days:
        return 0.0
    arrivals = np.array([_us(datetime.combine(day, time(13), history.tz)) for day in days])
    horizons = (end_us - arrivals) / DAY_US
    return float(model.new_lead_probability(horizons).mean())


def month_spread(history: LeadHistory, as_of_us: int) -> float:
    """How much whole months' conversion varies beyond chance: a relative variance.

    Over the 30-day blocks of leads received in the two years before `as_of` whose sales
    window has passed (90 days), the variance of the blocks' conversion less the part that
    binomial chance explains, over the squared mean (method of moments; 0 when chance
    explains it all). A good or bad month moves all its open and new leads together, which
    independent coins cannot show.
    """
    first = as_of_us - HISTORY_DAYS * DAY_US
    last = as_of_us - MATURE_DAYS * DAY_US
    rows = (history.received >= first) & (history.received < last)
    if rows.sum() < MIN_GROUP:
        return 0.0
    block = ((history.received[rows] - first) // (BLOCK_DAYS * DAY_US)).astype(np.int64)
    won = history.won[rows] & (history.closed[rows] <= as_of_us)
    leads = np.bincount(block).astype(float)
    sales = np.bincount(block, weights=won.astype(float))
    used = leads > 0
    leads, sales = leads[used], sales[used]
    if len(leads) < 4 or sales.sum() == 0:
        return 0.0
    mean = sales.sum() / leads.sum()
    observed = np.average((sales / leads - mean) ** 2, weights=leads)
    chance = mean * (1 - mean) * len(leads) / leads.sum()
    return float(max(observed - chance, 0.0) / mean**2)


def arrival_spread(history: LeadHistory, as_of_us: int, days: int) -> float:
    """How far the leads of the next `days` days strayed from the recent rate, beyond chance.

    Looking back once a week over the last year: the count the eight-week rate predicted
    for the next `days` days against the count that came. The squared relative error less
    the Poisson part (1 / predicted) is the relative variance seasons and campaigns add,
    which a forecast early in the month must carry.
    """
    if days <= 0:
        return 0.0
    received = np.sort(history.received[history.received <= as_of_us])
    ends = as_of_us - days * DAY_US - np.arange(0, 365, 7) * DAY_US
    ends = ends[ends - RATE_DAYS * DAY_US >= (received[0] if received.size else as_of_us)]
    if len(ends) < 8:
        return 0.0
    before = np.searchsorted(received, ends) - np.searchsorted(received, ends - RATE_DAYS * DAY_US)
    after = np.searchsorted(received, ends + days * DAY_US) - np.searchsorted(received, ends)
    predicted = before * days / RATE_DAYS
    used = predicted > 0
    if used.sum() < 8:
        return 0.0
    error = ((after[used] - predicted[used]) / predicted[used]) ** 2
    return float(max(error.mean() - (1 / predicted[used]).mean(), 0.0))


def month_end_pmf(parts: MonthParts) -> FloatArray:
    """P(month-end sales = sales so far + k), for k = 0, 1, …

    Given the month's conversion level e (mean 1), open leads are independent coins p × e
    (a Poisson-binomial) and the new leads' sales are Poisson with mean λ × q × e. The level
    is log-normal with the month spread as its variance, integrated over by Gauss–Hermite
    quadrature; with no spread it is exactly 1.
    """
    levels, weights = _levels(parts.month_spread)
    p = np.clip(np.outer(levels, parts.p_open), 0.0, 1.0)
    open_pmf = poisson_binomial(p)
    new_pmf = _count_pmf(levels * parts.expected_from_new, parts.arrival_spread)
    size = open_pmf.shape[1] + new_pmf.shape[1] - 1
    mixed = np.zeros(size)
    for weight, first, second in zip(weights, open_pmf, new_pmf, strict=True):
        mixed += weight * np.convolve(first, second)
    return mixed / mixed.sum()


def _levels(spread: float) -> tuple[FloatArray, FloatArray]:
    if spread <= 0:
        return np.ones(1), np.ones(1)
    sigma = np.sqrt(np.log1p(spread))
    nodes, weights = np.polynomial.hermite_e.hermegauss(QUADRATURE_POINTS)
    return np.exp(sigma * nodes - sigma**2 / 2), weights / weights.sum()


def poisson_binomial(p: FloatArray) -> FloatArray:
    """P(k successes) for independent trials with probabilities p, by dynamic programming.

    A 2-D `p` gives one distribution per row (one per month level).
    """
    rows = np.atleast_2d(p)
    pmf = np.zeros((rows.shape[0], rows.shape[1] + 1))
    pmf[:, 0] = 1.0
    for i in range(rows.shape[1]):
        chance = rows[:, i : i + 1]
        pmf[:, 1 : i + 2] = pmf[:, 1 : i + 2] * (1 - chance) + pmf[:, : i + 1] * chance
        pmf[:, :1] *= 1 - chance
    return pmf if np.ndim(p) == 2 else pmf[0]


def _count_pmf(means: FloatArray, spread: float) -> FloatArray:
    """Sales from leads still to come, one pmf per mean, as rows of a common length.

    Poisson when the lead count has no spread beyond chance; otherwise negative binomial
    (a Poisson whose mean is gamma-distributed with relative variance `spread`).
    """
    if spread <= 0:
        return _poisson_pmf(means)
    means = np.atleast_1d(np.asarray(means, dtype=float))
    shape = 1 / spread
    top = int(means.max() * (1 + 12 * np.sqrt(spread)) + 12 * np.sqrt(means.max()) + 20)
    k = np.arange(top + 1)[None, :]
    m = np.maximum(means[:, None], 1e-300)
    logs = (
        gammaln(k + shape)
        - gammaln(shape)
        - gammaln(k + 1)
        + shape * np.log(shape / (shape + m))
        + k * np.log(m / (shape + m))
    )
    out = np.exp(logs)
    out[means <= 0] = np.eye(1, top + 1)[0]
    return out


def _poisson_pmf(means: FloatArray) -> FloatArray:
    """One Poisson pmf per mean, as rows of a common length."""
    means = np.atleast_1d(np.asarray(means, dtype=float))
    top = int(means.max() + 12 * np.sqrt(means.max()) + 20) if means.max() > 0 else 0
    k = np.arange(top + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = k[None, :] * np.log(means[:, None]) - means[:, None] - gammaln(k + 1)[None, :]
    out = np.exp(logs)
    out[means <= 0] = np.eye(1, top + 1)[0]
    return out


def warning_text(forecast: PaceForecast) -> str:
    """The sentence the sales manager and marketing get when the target slips away."""
    chance = rounded_percent(forecast.p_target or 0.0)
    return (
        f"{forecast.dealer}: reaching {forecast.target:g} sales in {forecast.month:%B %Y} is "
        f"unlikely ({chance}%). Forecast {forecast.expected:.0f} "
        f"(80 % between {forecast.low} and {forecast.high}); {forecast.sales_so_far} sold "
        f"so far, {forecast.open_leads} leads open."
    )
