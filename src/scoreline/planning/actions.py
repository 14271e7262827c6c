"""Plans and pace against the database: draft, save, read back, forecast, warn.

The numbers are computed by the pure modules (plan, pace, tracking) on frames read through
`reports.extract`; this module only gathers their inputs and writes their results.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from scoreline.analytics.frames import Inputs
from scoreline.analytics.rounding import rounded_percent
from scoreline.dealers.models import Dealer, Role, User
from scoreline.dealers.roles import people_to_tell
from scoreline.followup.calendars import calendar_for
from scoreline.followup.models import NotificationKind
from scoreline.followup.notifications import Month, notify
from scoreline.leads.models import Source
from scoreline.planning import pace, plan, seasonality, tracking
from scoreline.planning.assumptions import DEFAULT_HEADROOM, SourceHistory, source_history
from scoreline.planning.errors import PlanInputError
from scoreline.planning.models import (
    PaceCheck,
    PaceWarning,
    Plan,
    PlanLine,
    PlanMonth,
    PlanSource,
    TargetOrigin,
)
from scoreline.planning.sources import source_key
from scoreline.reports.extract import read_database

WARNED_ROLES = (Role.SALES_MANAGER, Role.MARKETING)


def market_data_path() -> Path | None:
    """An operator's own registrations file ($SCORELINE_MARKET_DATA), else the shipped one."""
    configured = os.environ.get("SCORELINE_MARKET_DATA")
    return Path(configured) if configured else None


def dealer_inputs(dealer: Dealer) -> Inputs:
    return read_database([dealer.name])


# --- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A plan request with where its figures came from, before it is solved and saved."""

    dealer: Dealer
    request: plan.PlanRequest
    origin: str  # TargetOrigin value
    profile: str  # where the seasonal shares came from ("" for monthly targets)
    yearly_target: int | None
    history: tuple[SourceHistory, ...]
    # the conversions history gave each source (by source key), when not from `history`:
    # a version revised from a saved one keeps its base's
    history_conversion: Mapping[str, float | None] = field(default_factory=dict)


def draft_plan(
    dealer: Dealer,
    year: int,
    *,
    yearly_target: int | None = None,
    monthly_targets: Sequence[float] | None = None,
    budget_cap: float | None = None,
    adjustments: Sequence[plan.MonthAdjustment] = (),
    assumptions: Sequence[plan.SourceAssumption] | None = None,
    edits: Mapping[str, Mapping[str, float | None]] | None = None,
    as_of: datetime | None = None,
    headroom: float = DEFAULT_HEADROOM,
    inputs: Inputs | None = None,
) -> Draft:
    """The plan request for a dealer's year from its targets and history.

    Sources come from `assumptions` when given (no history needed), else from the history
    of the year before `as_of` (default: 1 January of the plan's year, or now if sooner);
    `edits` then
    change single figures per source (`{"website": {"monthly_cap": 300}}`).
    """
    if (yearly_target is None) == (monthly_targets is None):
        raise PlanInputError("give either a yearly target or twelve monthly targets")
    inputs = inputs if inputs is not None else dealer_inputs(dealer)
    # the year before the plan, but never the future: its leads have no outcomes yet
    as_of = as_of or min(datetime(year, 1, 1, tzinfo=ZoneInfo(dealer.time_zone)), timezone.now())
    history: tuple[SourceHistory, ...] = ()
    if assumptions is None:
        history = tuple(_history(dealer, inputs, as_of, headroom))
        assumptions = [h.assumption(_default_cost(h.source)) for h in history]
    sources = tuple(_edited(assumptions, edits or {}))
    if monthly_targets is not None:
        targets, origin, profile = tuple(monthly_targets), TargetOrigin.MONTHLY, ""
    else:
        chosen = seasonal_profile(dealer, inputs)
        targets = plan.monthly_targets(yearly_target or 0, chosen, adjustments)
        origin, profile = ORIGINS[chosen.kind], chosen.origin
    request = plan.PlanRequest(year, tuple(targets), sources, tuple(adjustments), budget_cap)
    return Draft(dealer, request, origin, profile, yearly_target, history)


def _history(
    dealer: Dealer, inputs: Inputs, as_of: datetime, headroom: float
) -> list[SourceHistory]:
    return source_history(
        inputs.leads,
        as_of,
        dealer=dealer.name,
        costs=inputs.costs,
        attribution_days=dealer.attribution_days,
        headroom=headroom,
    )


def _default_cost(source_name: str) -> float:
    """The source's own cost per lead when the history has no costs for it."""
    source = _source_named(source_name)
    return float(source.cost_per_lead) if source else 0.0


def _edited(
    assumptions: Sequence[plan.SourceAssumption], edits: Mapping[str, Mapping[str, float | None]]
) -> list[plan.SourceAssumption]:
    known = {source_key(a.source): a for a in assumptions}
    for name in edits:
        if source_key(name) not in known:
            raise PlanInputError(
                f"no source {name!r} to edit; the plan's sources are {', '.join(sorted(known))}"
            )
    fields = {"conversion", "cost_per_lead", "monthly_cap", "minimum_leads"}
    out = []
    for assumption in assumptions:
        change = {source_key(k): v for k, v in edits.items()}.get(source_key(assumption.source), {})
        unknown = set(change) - fields
        if unknown:
            raise PlanInputError(
                f"unknown figure {sorted(unknown)[0]!r}: use one of {sorted(fields)}"
            )
        cap = change.get("monthly_cap", assumption.monthly_cap)
        if "minimum_leads" not in change and cap is not None and cap < assumption.minimum_leads:
            change = {**change, "minimum_leads": cap}  # a lower cap lowers a free source's floor
        out.append(replace(assumption, **change))  # type: ignore[arg-type]
    return out


def seasonal_profile(dealer: Dealer, inputs: Inputs) -> seasonality.Profile:
    """The seasons a yearly target is spread by, the first there is of:

    the dealer's own (two whole years of sales), its group's (the same test over every
    dealer of the group), the market's of the dealer's country (when Scoreline has its
    registrations), else even months.
    """
    own = seasonality.history_profile(_won_dates(inputs, [dealer.name], dealer.time_zone))
    if own is not None:
        return own
    group = _group_profile(dealer, inputs)
    if group is not None:
        return group
    market = seasonality.country_profile(dealer.country, market_data_path())
    return market or seasonality.flat_profile()


def _group_profile(dealer: Dealer, inputs: Inputs) -> seasonality.Profile | None:
    if dealer.group_id is None:
        return None
    names = list(Dealer.objects.filter(group_id=dealer.group_id).values_list("name", flat=True))
    if len(names) < 2:
        return None  # a group of one is the dealer itself
    if not set(names) <= set(inputs.leads["dealer"].unique().to_list()):
        inputs = read_database(names)  # the dealer's own read holds only its leads
    return seasonality.history_profile(
        _won_dates(inputs, names, dealer.time_zone), seasonality.ProfileKind.GROUP
    )


def _won_dates(inputs: Inputs, dealers: Sequence[str], time_zone: str) -> pl.Series:
    """The local dates of the sales of these dealers."""
    won = inputs.leads.filter(
        pl.col("dealer").is_in(list(dealers))
        & (pl.col("status") == "won")
        & pl.col("closed_at").is_not_null()
    )
    return won["closed_at"].dt.convert_time_zone(time_zone).dt.date()


ORIGINS = {
    seasonality.ProfileKind.DEALER: TargetOrigin.HISTORY,
    seasonality.ProfileKind.GROUP: TargetOrigin.GROUP,
    seasonality.ProfileKind.MARKET: TargetOrigin.MARKET,
    seasonality.ProfileKind.FLAT: TargetOrigin.FLAT,
}


# --- the one way a plan version is written ------------------------------------------------


@dataclass(frozen=True)
class Revision:
    """What a new version of a plan changes; the page and `scoreline plan` both say it so.

    With a yearly target (or twelve monthly ones) the plan is drafted afresh from history and
    solved; without one it starts from the latest saved version. `leads` then sets cells,
    (month, source) → whole leads, as marketing typed them into the grid.
    """

    yearly_target: int | None = None
    monthly_targets: Sequence[float] | None = None
    budget_cap: float | None = None
    adjustments: Sequence[plan.MonthAdjustment] = ()
    assumptions: Sequence[plan.SourceAssumption] | None = None
    edits: Mapping[str, Mapping[str, float | None]] | None = None
    headroom: float = DEFAULT_HEADROOM
    leads: Mapping[tuple[int, str], float] = field(default_factory=dict)

    @property
    def redrafts(self) -> bool:
        return self.yearly_target is not None or self.monthly_targets is not None


@dataclass(frozen=True)
class Revised:
    draft: Draft
    result: plan.YearPlan
    saved: Plan | None  # None: a preview, nothing written


def revise_plan(
    dealer: Dealer,
    year: int,
    revision: Revision,
    *,
    by: User | None,
    at: datetime,
    save: bool = True,
    as_of: datetime | None = None,
    inputs: Inputs | None = None,
) -> Revised:
    """The plan as revised, saved as the next version unless `save` is False (a preview).

    A PlanningError says why there is no such plan (a target beyond the caps, a cell that
    is no whole number), and nothing is written.
    """
    if revision.redrafts:
        draft = draft_plan(
            dealer,
            year,
            yearly_target=revision.yearly_target,
            monthly_targets=revision.monthly_targets,
            budget_cap=revision.budget_cap,
            adjustments=revision.adjustments,
            assumptions=revision.assumptions,
            edits=revision.edits,
            as_of=as_of,
            headroom=revision.headroom,
            inputs=inputs,
        )
        result = plan.build_plan(draft.request)
    else:
        base = Plan.objects.latest_for(dealer, year)
        if base is None:
            raise PlanInputError(
                f"{dealer} has no plan for {year} to change: give a yearly target first"
            )
        draft, result = draft_of(base), year_plan_of(base)
    if revision.leads:
        result = plan.with_leads(result, revision.leads)
    saved = save_plan(draft, result, by=by, at=at) if save else None
    return Revised(draft, result, saved)


def draft_of(saved: Plan) -> Draft:
    """A saved version as the draft it was made from: its targets, sources and budget."""
    months = list(saved.months.all())
    sources = list(saved.sources.select_related("source"))
    request = plan.PlanRequest(
        saved.year,
        tuple(float(m.target) for m in months),
        tuple(
            plan.SourceAssumption(
                s.source.name,
                float(s.conversion),
                float(s.cost_per_lead),
                None if s.monthly_cap is None else float(s.monthly_cap),
                float(s.minimum_leads),
            )
            for s in sources
        ),
        tuple(
            plan.MonthAdjustment(m.month, float(m.sales_factor), float(m.conversion_factor), m.note)
            for m in months
            if m.sales_factor != 1 or m.conversion_factor != 1 or m.note
        ),
        _float(saved.budget_cap),
    )
    return Draft(
        saved.dealer,
        request,
        saved.target_origin,
        "",
        saved.yearly_target,
        (),
        {source_key(s.source.name): _float(s.history_conversion) for s in sources},
    )


def save_plan(draft: Draft, result: plan.YearPlan, *, by: User | None, at: datetime) -> Plan:
    """Save the solved draft as the next version of the dealer's plan for its year."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _write_plan(draft, result, by=by, at=at)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _write_plan(draft: Draft, result: plan.YearPlan, *, by: User | None, at: datetime) -> Plan:
    request = draft.request
    latest = Plan.objects.filter(dealer=draft.dealer, year=request.year).aggregate(Max("version"))
    saved = Plan.objects.create(
        dealer=draft.dealer,
        year=request.year,
        version=(latest["version__max"] or 0) + 1,
        yearly_target=draft.yearly_target,
        target_origin=draft.origin,
        budget_cap=_money(request.budget_cap),
        minimum_budget=_money(result.minimum_budget),
        marginal_cost_per_sale=_money(result.marginal_cost_per_sale),
        notes="\n".join(filter(None, [draft.profile, *result.notes])),
        created_at=at,
        created_by=by,
    )
    sources = _source_rows([a.source for a in request.sources])
    shrunk = {
        **draft.history_conversion,
        **{source_key(h.source): h.conversion for h in draft.history},
    }
    PlanSource.objects.bulk_create(
        PlanSource(
            plan=saved,
            source=sources[source_key(a.source)],
            conversion=Decimal(f"{a.conversion:.4f}"),
            history_conversion=_rate(shrunk.get(source_key(a.source))),
            cost_per_lead=Decimal(f"{a.cost_per_lead:.2f}"),
            monthly_cap=None if a.monthly_cap is None else int(round(a.monthly_cap)),
            minimum_leads=int(round(a.minimum_leads)),
        )
        for a in request.sources
    )
    _write_months(saved, request, result)
    PlanLine.objects.bulk_create(
        PlanLine(
            plan=saved,
            month=line.month,
            source=sources[source_key(line.source)],
            leads=Decimal(f"{line.leads:.1f}"),  # whole, from `plan.whole_plan`
            cost=Decimal(f"{line.cost:.2f}"),
            sales=Decimal(f"{line.sales:.2f}"),
            at_cap=line.at_cap,
            capacity_value=_money(line.capacity_value),
        )
        for line in result.lines
    )
    return saved


def _write_months(saved: Plan, request: plan.PlanRequest, result: plan.YearPlan) -> None:
    adjustments = {a.month: a for a in request.adjustments}
    PlanMonth.objects.bulk_create(
        PlanMonth(
            plan=saved,
            month=month.month,
            target=Decimal(f"{month.target:.1f}"),
            sales_factor=Decimal(f"{adjustments[month.month].sales_factor:.2f}")
            if month.month in adjustments
            else Decimal("1"),
            conversion_factor=Decimal(f"{adjustments[month.month].conversion_factor:.2f}")
            if month.month in adjustments
            else Decimal("1"),
            note=adjustments[month.month].note if month.month in adjustments else "",
            planned_sales=Decimal(f"{month.sales:.2f}"),
            marginal_cost_per_sale=_money(month.marginal_cost_per_sale),
        )
        for month in result.months
    )


def _source_rows(names: Sequence[str]) -> dict[str, Source]:
    """The Source rows of the plan's source names, by `source_key`."""
    rows = {}
    for name in names:
        source = _source_named(name)
        if source is None:
            raise PlanInputError(f"no source named {name!r}: add it under Sources first")
        rows[source_key(name)] = source
    return rows


def _source_named(name: str) -> Source | None:
    """The Source of a free-text name: its name ignoring case, else its slug (as intake does)."""
    slug = slugify(name)
    return Source.objects.filter(name__iexact=name.strip()).first() or (
        Source.objects.filter(slug=slug).first() if slug else None
    )


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.2f}")


def _rate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.4f}")


def year_plan_of(saved: Plan) -> plan.YearPlan:
    """The saved plan as the pure YearPlan, for showing and exporting.

    A line's conversion and cost per lead are the plan's assumption for its source (times the
    month's conversion factor), as the solver had them: a line planned at zero leads (a
    source the optimiser dropped) keeps them too, rather than a 0 read off its own leads.
    """
    assumed = {s.source_id: s for s in saved.sources.all()}
    saved_months = list(saved.months.all())
    factors = {m.month: float(m.conversion_factor) for m in saved_months}
    lines = tuple(
        plan.PlanLine(
            month=line.month,
            source=line.source.name,
            conversion=_line_conversion(line, assumed.get(line.source_id), factors),
            cost_per_lead=float(assumed[line.source_id].cost_per_lead)
            if line.source_id in assumed
            else _ratio(line.cost, line.leads),
            leads=float(line.leads),
            cost=float(line.cost),
            sales=float(line.sales),
            at_cap=line.at_cap,
            capacity_value=_float(line.capacity_value),
        )
        for line in saved.lines.select_related("source")
    )
    months = tuple(
        plan.PlanMonth(
            month=m.month,
            target=float(m.target),
            leads=sum(line.leads for line in lines if line.month == m.month),
            cost=sum(line.cost for line in lines if line.month == m.month),
            sales=float(m.planned_sales),
            marginal_cost_per_sale=_float(m.marginal_cost_per_sale),
        )
        for m in saved_months
    )
    return plan.YearPlan(
        saved.year,
        lines,
        months,
        _float(saved.budget_cap),
        _float(saved.minimum_budget),
        _float(saved.marginal_cost_per_sale),
        tuple(saved.notes.splitlines()),
    )


def _line_conversion(
    line: PlanLine, assumed: PlanSource | None, factors: dict[int, float]
) -> float:
    if assumed is None:  # a line without its source's assumption: what its figures say
        return _ratio(line.sales, line.leads)
    return float(assumed.conversion) * factors.get(line.month, 1.0)


def _ratio(part: Decimal, whole: Decimal) -> float:
    return float(part / whole) if whole else 0.0


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- pace ------------------------------------------------------------------------------------


def planned_leads(dealer: Dealer, first: date, last: date, now: datetime) -> dict[str, float]:
    """Leads planned per month ("YYYY-MM") from first to last, each year's latest plan.

    The month containing `now` holds only the plan's share of its business days gone by
    today (the dealer's opening hours and holidays, as `tracking` counts them): set beside
    four days of leads, a whole month's plan says nothing. Months after it are left out:
    nothing has arrived in them to compare.
    """
    today = now.astimezone(ZoneInfo(dealer.time_zone)).date()
    calendar = calendar_for(dealer)
    planned: dict[str, float] = {}
    for year in range(first.year, last.year + 1):
        saved = Plan.objects.latest_for(dealer, year)
        if saved is None:
            continue
        totals: dict[int, float] = {}
        for month, amount in saved.lines.values_list("month", "leads"):
            totals[month] = totals.get(month, 0.0) + float(amount)
        for month, leads in totals.items():
            start = date(year, month, 1)
            if start > today or not first.replace(day=1) <= start <= last:
                continue
            share = 1.0
            if (year, month) == (today.year, today.month):
                total, gone = tracking.business_days(
                    start, today, lambda day: bool(calendar.hours_on(day))
                )
                share = gone / total if total else 1.0
            planned[f"{year}-{month:02d}"] = leads * share
    return planned


@dataclass(frozen=True)
class DealerPace:
    forecast: pace.PaceForecast
    track: tracking.MonthTrack
    plan: Plan | None


def dealer_pace(dealer: Dealer, as_of: datetime, inputs: Inputs | None = None) -> DealerPace:
    """Today's forecast and month-to-date tracking for one dealer, against its latest plan."""
    inputs = inputs if inputs is not None else dealer_inputs(dealer)
    calendar = calendar_for(dealer)

    def is_business_day(day: date) -> bool:
        return bool(calendar.hours_on(day))

    history = pace.LeadHistory.from_frames(
        inputs.leads, inputs.activities, dealer.name, dealer.time_zone, is_business_day
    )
    local = as_of.astimezone(ZoneInfo(dealer.time_zone))
    saved = Plan.objects.latest_for(dealer, local.year)
    month = saved.months.filter(month=local.month).first() if saved else None
    target = float(month.target) if month else None
    result = pace.forecast(history, as_of, target=target)
    planned = _planned_sources(saved, local.month)
    leads = _leads_by_source(history, result.month, as_of)
    track = tracking.track_month(
        local.date(),
        leads,
        planned,
        sales=result.sales_so_far,
        target=target,
        is_business_day=is_business_day,
    )
    return DealerPace(result, track, saved)


def _planned_sources(saved: Plan | None, month: int) -> list[tracking.PlannedSource]:
    """The plan's lines of the month under the Source's own name (tracking keys them)."""
    if saved is None:
        return []
    lines = saved.lines.filter(month=month).select_related("source")
    return [
        tracking.PlannedSource(line.source.name, float(line.leads), float(line.cost))
        for line in lines
    ]


def _leads_by_source(history: pace.LeadHistory, month: date, as_of: datetime) -> dict[str, int]:
    start, _end = pace.month_bounds(month, history.tz)
    since = int(start.timestamp() * 1_000_000)
    now = int(as_of.timestamp() * 1_000_000)
    rows = (history.received >= since) & (history.received <= now)
    names, counts = pl.Series(history.source[rows]).value_counts().to_numpy().T
    return {str(name): int(count) for name, count in zip(names, counts, strict=True)}


def keep_pace(dealer: Dealer, today: DealerPace) -> PaceCheck:
    """Record a day's check against its plan's own threshold (the default without a plan)."""
    threshold = float(today.plan.warn_below) if today.plan else pace.DEFAULT_THRESHOLD
    return record_pace(dealer, today.forecast, threshold)


def record_pace(dealer: Dealer, result: pace.PaceForecast, threshold: float) -> PaceCheck:
    """Keep the forecast and warn the sales managers and marketing when the target slips.

    Each person warned gets a notification (in the product and by e-mail, in their own
    language) and a PaceWarning row: the record of which check warned whom.

    The warning is given when P(reaching target) is below the threshold and the month's
    previous check was not (or there was none), so a bad month warns once, not daily, and
    warns again only after it had recovered.
    """
    with transaction.atomic():
        previous = (
            PaceCheck.objects.filter(dealer=dealer, month=result.month)
            .order_by("-as_of", "-pk")
            .first()
        )
        below = result.below(threshold)
        was_below = (
            previous is not None
            and previous.p_target is not None
            and (previous.p_target < Decimal(f"{threshold:.3f}"))
        )
        check = PaceCheck.objects.create(
            dealer=dealer,
            month=result.month,
            as_of=result.as_of,
            sales_so_far=result.sales_so_far,
            open_leads=result.open_leads,
            expected=Decimal(f"{result.expected:.2f}"),
            low=result.low,
            high=result.high,
            target=None if result.target is None else Decimal(f"{result.target:.1f}"),
            p_target=None if result.p_target is None else Decimal(f"{result.p_target:.3f}"),
            warned=below and not was_below,
        )
        if check.warned:
            _warn(check, result)
        return check


def _warn(check: PaceCheck, result: pace.PaceForecast) -> None:
    people = people_to_tell(check.dealer, WARNED_ROLES)
    text = pace.warning_text(result)
    PaceWarning.objects.bulk_create(
        PaceWarning(pace_check=check, user=user, text=text, created_at=check.as_of)
        for user in people
    )
    for user in people:
        notify(
            user,
            None,
            NotificationKind.PACE,
            at=check.as_of,
            dealer=check.dealer,
            target=f"{result.target:g}",
            month=Month(result.month),
            chance=f"{rounded_percent(result.p_target or 0.0)}%",
            expected=f"{result.expected:.0f}",
            low=result.low,
            high=result.high,
            sold=result.sales_so_far,
            open_leads=result.open_leads,
        )
