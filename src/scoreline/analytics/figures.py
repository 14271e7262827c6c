"""Per-lead facts: what happened to each lead, as of a moment, by the follow-up standard.

One row per lead with everything the figures of DESIGN.md count: first response (the first
outbound human call or message, or the first contact, whichever comes first: see
activity.py) and its business minutes, contact, call attempts and days before contact (or
close), the written message, the funnel steps, won within the attribution window (sales
matched by person included), open/untouched/stale as of `as_of`, and the lead's allocated
cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from scoreline.analytics import activity, business, costs
from scoreline.analytics.frames import Inputs
from scoreline.analytics.standard import FollowUpStandard, ReportSettings, effort_for
from scoreline.hours import BusinessCalendar

FUNNEL = activity.FUNNEL
DEFAULT_SETTINGS = ReportSettings()
DEFAULT_STANDARD = FollowUpStandard()


@dataclass(frozen=True)
class Context:
    """The settings, standards and calendars the facts are computed with."""

    as_of: datetime
    settings: ReportSettings = DEFAULT_SETTINGS
    standard: FollowUpStandard = DEFAULT_STANDARD
    dealer_standards: Mapping[str, FollowUpStandard] = field(default_factory=dict)
    calendars: Mapping[str, BusinessCalendar] = field(default_factory=dict)
    timezones: Mapping[str, str] = field(default_factory=dict)


def context_for(
    inputs: Inputs,
    as_of: datetime,
    settings: ReportSettings = DEFAULT_SETTINGS,
    standard: FollowUpStandard = DEFAULT_STANDARD,
    dealer_standards: Mapping[str, FollowUpStandard] | None = None,
) -> Context:
    """A context with the dealers' calendars and time zones read from the inputs."""
    return Context(
        as_of=as_of,
        settings=settings,
        standard=standard,
        dealer_standards=dealer_standards or {},
        calendars=business.dealer_calendars(inputs.dealers),
        timezones=business.dealer_timezones(inputs.dealers),
    )


def lead_facts(inputs: Inputs, ctx: Context) -> pl.DataFrame:
    """One row per lead received by `as_of`, with every fact the figures need.

    1. Activities up to `as_of`: first response, contact, funnel steps, last activity.
    2. The effort made before the person was reached (or the lead closed): attempts,
       distinct call days, written messages.
    3. Won within the attribution window, from status, order activities and sales.csv.
    4. Business minutes to first response (censored for the unanswered) and arrival hours.
    5. Open, untouched, stale as of `as_of`; the standard's verdict on the effort; cost.
    """
    as_of = _utc(ctx.as_of)
    leads = _received_by(inputs.leads, as_of)
    facts = activity.lead_activity(leads, inputs.activities, as_of, ctx.timezones)
    facts = _with_standard(facts, ctx)
    facts = _won(facts, inputs, ctx)
    facts = _clock(facts, ctx)
    facts = _state(facts, ctx)
    facts = _with_call_feed(facts)
    return costs.allocate(facts, inputs.costs)


def _received_by(leads: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """The leads received by `as_of`, by lead_key. A filter or a sort copies every column
    (1.4 GB at ten million leads, twice), so neither runs when it would change nothing: a
    folder's leads are in key order, and a report as of now has every lead."""
    received = pl.col("received_at") <= as_of
    if not leads.select(received.all()).item():
        leads = leads.filter(received)
    return leads if leads["lead_key"].is_sorted() else leads.sort("lead_key")


def _with_call_feed(facts: pl.DataFrame) -> pl.DataFrame:
    """`calls_fed`: the lead's calls when its dealer has a call feed (the phone system
    recorded any of its calls), else 0, so `calls_confirmed_share` counts only those dealers."""
    # lazily, so the filter copies the one column it keeps, not all sixty
    confirmed = facts.lazy().filter(pl.col("calls_confirmed") > 0)
    fed = confirmed.select(pl.col("dealer").unique()).collect()["dealer"].implode()
    return facts.with_columns(
        pl.when(pl.col("dealer").is_in(fed)).then(pl.col("calls")).otherwise(0).alias("calls_fed")
    )


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise TypeError(f"as_of {at.isoformat()} is naive: give it a time zone")
    return at.astimezone(UTC)


def standard_column(ctx: Context, name: str) -> pl.Expr:
    """A field of each lead's follow-up standard: its dealer's own, or the default."""
    default = getattr(ctx.standard, name)
    if not ctx.dealer_standards:
        return pl.lit(default)
    own = {d: getattr(s, name) for d, s in ctx.dealer_standards.items()}
    return pl.col("dealer").replace_strict(own, default=default)


def _with_standard(facts: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Was the standard's effort made (or the person reached, which makes it moot)?

    Each lead is held to the effort that fits its channels (`standard.effort_for`): calls
    with a phone number, written messages on different days without one.
    """
    zero = {c: 0 for c in ("attempts", "call_days", "written", "written_days")}
    facts = facts.with_columns(
        *[pl.col(c).fill_null(v) for c, v in zero.items()],
        *[pl.col(k).fill_null(False) for k in (*FUNNEL, "scripted")],
        pl.col("contacted_at").is_not_null().alias("contacted"),
        pl.col("first_response_at").is_not_null().alias("responded"),
    )
    has_phone = (pl.col("phone").fill_null("").str.strip_chars() != "") | (pl.col("attempts") > 0)
    has_email = (pl.col("email").fill_null("").str.strip_chars() != "") | (pl.col("written") > 0)
    facts = facts.with_columns(has_phone.alias("_has_phone"), has_email.alias("_has_email"))
    effort = (
        (pl.col("attempts") >= effort_column(ctx, "call_attempts"))
        & (pl.col("call_days") >= effort_column(ctx, "call_days"))
        & (pl.col("written") >= effort_column(ctx, "written_messages"))
        & (pl.col("written_days") >= effort_column(ctx, "written_days"))
    )
    return facts.with_columns(
        effort.alias("standard_effort"), (pl.col("contacted") | effort).alias("worked_to_standard")
    ).drop("_has_phone", "_has_email")


def effort_column(ctx: Context, name: str) -> pl.Expr:
    """A field of each lead's effort (`effort_for`) by its dealer's standard and its channels
    (the facts' `_has_phone` and `_has_email`, worked out once)."""
    has_phone, has_email = pl.col("_has_phone"), pl.col("_has_email")
    cases = []
    for phone, email in ((True, True), (True, False), (False, True), (False, False)):
        default = getattr(effort_for(ctx.standard, has_phone=phone, has_email=email), name)
        own = {
            dealer: getattr(effort_for(standard, has_phone=phone, has_email=email), name)
            for dealer, standard in ctx.dealer_standards.items()
        }
        value = pl.col("dealer").replace_strict(own, default=default) if own else pl.lit(default)
        cases.append(((has_phone == phone) & (has_email == email), value))
    (first, value), *rest = cases
    column: Any = pl.when(first).then(value)
    for case, value in rest:
        column = column.when(case).then(value)
    return column.otherwise(0)


def _won(facts: pl.DataFrame, inputs: Inputs, ctx: Context) -> pl.DataFrame:
    """Won: an order (status, order activity or a matched sale) within the attribution window."""
    window = pl.duration(days=ctx.settings.attribution_days)
    sold = _matched_sales(facts, inputs.sales, ctx)
    if sold is not None:
        facts = facts.join(sold, on="lead_key", how="left")
    else:
        facts = facts.with_columns(pl.lit(None, dtype=facts.schema["received_at"]).alias("sale_at"))
    won_status = (pl.col("status") == "won") & (
        pl.col("closed_at").is_null() | (pl.col("closed_at") <= pl.col("received_at") + window)
    )
    in_window = pl.col("order_at") <= pl.col("received_at") + window
    return facts.with_columns(
        (won_status | in_window.fill_null(False) | pl.col("sale_at").is_not_null()).alias("won"),
        (pl.col("status") == "lost").alias("lost"),
    )


def _matched_sales(
    facts: pl.DataFrame, sales: pl.DataFrame | None, ctx: Context
) -> pl.DataFrame | None:
    """The first sale per lead matched by person: same dealer, same phone or e-mail, ordered
    within the window after the lead arrived; a sale goes to the latest such lead."""
    if sales is None or sales.height == 0:
        return None
    tolerance = f"{ctx.settings.attribution_days}d"
    matches = []
    for key in ("phone", "email"):
        left = (
            sales.filter(pl.col(key).is_not_null())
            .select("dealer", key, "ordered_at")
            .sort("ordered_at")
        )
        right = (
            facts.filter(pl.col(key).is_in(left[key].implode()))
            .select("lead_key", "dealer", key, "received_at")
            .sort("received_at")
        )
        joined = left.join_asof(
            right,
            left_on="ordered_at",
            right_on="received_at",
            by=["dealer", key],
            check_sortedness=False,
            strategy="backward",
            tolerance=tolerance,
        )
        matches.append(joined.select("lead_key", "ordered_at").drop_nulls("lead_key"))
    found = pl.concat(matches).group_by("lead_key").agg(pl.col("ordered_at").min().alias("sale_at"))
    return found


def _clock(facts: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Business minutes to first response; the unanswered are censored at close or `as_of`."""
    end = pl.coalesce(
        "first_response_at",
        pl.min_horizontal("closed_at", pl.lit(_utc(ctx.as_of)).dt.cast_time_unit("us")),
    )
    ends = facts.select(end.dt.convert_time_zone("UTC")).to_series().to_numpy()
    starts = facts["received_at"].to_numpy()
    minutes = business.business_minutes(facts["dealer"], starts, ends, ctx.calendars)
    out_of_hours = business.arrived_out_of_hours(facts["dealer"], starts, ctx.calendars)
    limit = standard_column(ctx, "first_response_minutes")
    return facts.with_columns(
        pl.Series("clock_min", minutes),
        pl.Series("out_of_hours", out_of_hours),
    ).with_columns(
        pl.when(pl.col("responded")).then(pl.col("clock_min")).alias("response_min"),
        (pl.col("responded") & (pl.col("clock_min") <= limit)).alias("within_standard"),
    )


def _state(facts: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Open, untouched and stale as of `as_of`, the month, and the standard's guard."""
    as_of = _utc(ctx.as_of)
    open_ = (pl.col("status") == "open") | (pl.col("closed_at") > as_of)
    zone, names = business.zone_codes(facts["dealer"], ctx.timezones)
    received = business.local_days_in_zones(zone, names, facts["received_at"].to_numpy())
    last = business.local_days_in_zones(zone, names, facts["last_activity_at"].to_numpy())
    today = _today(facts["dealer"], as_of, ctx)
    idle = business.open_days_between(facts["dealer"], last, today, ctx.calendars, ctx.timezones)
    stale_after = standard_column(ctx, "stale_business_days")
    return facts.with_columns(
        (open_ & ~pl.col("won")).alias("open"),
        _month_labels(received),
        (pl.col("status") == "spam").alias("spam"),
        pl.Series("idle_days", idle),
    ).with_columns(
        (pl.col("open") & ~pl.col("responded")).alias("untouched"),
        (pl.col("open") & pl.col("responded") & (pl.col("idle_days") >= stale_after)).alias(
            "stale"
        ),
        (pl.col("lost") & ~pl.col("worked_to_standard")).alias("lost_without_standard"),
        (pl.col("lost") & (pl.col("attempts") >= 3)).alias("lost_after_3_attempts"),
        (pl.col("came_back_at") <= _utc(ctx.as_of)).fill_null(False).alias("came_back_after_lost"),
    )


def _today(dealers: pl.Series, as_of: datetime, ctx: Context) -> npt.NDArray[np.datetime64]:
    """The date of `as_of` on each row's dealer's clock, worked out once per dealer."""
    names = dealers.unique()
    now = np.full(len(names), np.datetime64(as_of.replace(tzinfo=None), "us"))
    dates = business.local_days(names, now, ctx.timezones)
    if len(np.unique(dates)) == 1 and not dealers.has_nulls():  # one zone: one date for all
        return np.full(len(dealers), dates[0], dtype="datetime64[D]")
    lookup = pl.DataFrame({"dealer": names, "day": dates})
    return (
        dealers.to_frame("dealer")
        .join(lookup, on="dealer", how="left", maintain_order="left")["day"]
        .to_numpy()
        .astype("datetime64[D]")
    )


def _month_labels(days: npt.NDArray[np.datetime64]) -> pl.Series:
    """ "2025-03" per date, formatted once per distinct month.

    A report's dates span a few hundred days: each distinct day is given its month once and
    the rows look theirs up by day number, instead of a calendar conversion and a sort of a
    million dates (np.unique); a date missing (NaT) takes the general path."""
    number = days.astype("datetime64[D]").view(np.int64)
    if len(number) == 0 or np.isnat(days).any():
        months = days.astype("datetime64[M]")
        distinct, inverse = np.unique(months, return_inverse=True)
        labels = pl.Series(np.datetime_as_string(distinct, unit="M").tolist(), dtype=pl.String)
        return labels.gather(inverse.ravel()).alias("month")
    first = number.min()
    offset = number - first
    present = np.flatnonzero(np.bincount(offset))
    months = (present + first).astype("datetime64[D]").astype("datetime64[M]")
    distinct, month_of = np.unique(months, return_inverse=True)
    table = np.zeros(present[-1] + 1, dtype=np.int64)
    table[present] = month_of.ravel()
    labels = pl.Series(np.datetime_as_string(distinct, unit="M").tolist(), dtype=pl.String)
    return labels.gather(table[offset]).alias("month")
