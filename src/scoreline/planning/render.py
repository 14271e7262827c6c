"""Plans, pace and backtests as plain text for the terminal: fixed-width, no colour."""

from __future__ import annotations

from collections.abc import Sequence

from scoreline.planning.backtest import DayScore
from scoreline.planning.pace import PaceForecast
from scoreline.planning.plan import YearPlan, month_name
from scoreline.planning.tracking import MonthTrack


def plan_text(plan: YearPlan, title: str) -> str:
    """Leads per source per month, then budget, expected sales, target and marginal cost."""
    width = max([len(s) for s in plan.sources()] + [22])
    head = f"{'':{width}}" + "".join(f"{month_name(m.month):>8}" for m in plan.months) + "     Year"
    lines = [title, "", head]
    for source in plan.sources():
        cells = [plan.line(m.month, source).leads for m in plan.months]
        lines.append(_row(source, cells, sum(cells), width, "{:8.0f}"))
    lines.append(_row("leads", [m.leads for m in plan.months], plan.leads, width, "{:8.0f}"))
    lines.append(_row("budget (EUR)", [m.cost for m in plan.months], plan.cost, width, "{:8.0f}"))
    lines.append(
        _row("expected sales", [m.sales for m in plan.months], plan.sales, width, "{:8.1f}")
    )
    lines.append(_row("target", [m.target for m in plan.months], plan.target, width, "{:8.0f}"))
    marginal = [m.marginal_cost_per_sale for m in plan.months]
    lines.append(
        f"{'one more sale (EUR)':{width}}"
        + "".join("       –" if v is None else f"{v:8.0f}" for v in marginal)
    )
    lines += ["", *_source_summary(plan)]
    if plan.marginal_cost_per_sale is not None:
        lines.append(
            f"The budget binds: one more sale would cost about €{plan.marginal_cost_per_sale:,.0f}."
        )
    lines += list(plan.notes)
    return "\n".join(lines) + "\n"


def _row(label: str, cells: Sequence[float], total: float, width: int, fmt: str) -> str:
    return f"{label:{width}}" + "".join(fmt.format(c) for c in cells) + f"{total:9.0f}"


def _source_summary(plan: YearPlan) -> list[str]:
    out = ["source            conversion  EUR/lead  EUR/sale  months at cap  EUR per extra lead"]
    for source in plan.sources():
        own = [line for line in plan.lines if line.source == source]
        capped = [line for line in own if line.at_cap]
        values = [line.capacity_value for line in capped if line.capacity_value]
        worth = f"{max(values):.2f}" if values else "–"
        first = own[0]
        per_sale = "–" if first.cost_per_sale is None else f"{first.cost_per_sale:.0f}"
        out.append(
            f"{source:17} {first.conversion:10.1%} {first.cost_per_lead:9.2f} "
            f"{per_sale:>9} {len(capped):14d}  {worth:>18}"
        )
    return out


def pace_text(result: PaceForecast, track: MonthTrack | None) -> str:
    """One dealer's month: the forecast with its interval, then leads against plan."""
    target = "no target" if result.target is None else f"target {result.target:g}"
    chance = "" if result.p_target is None else f", P(reaching target) {result.p_target:.0%}"
    lines = [
        f"{result.dealer} — {result.month:%B %Y}, as of {result.as_of:%Y-%m-%d %H:%M}",
        f"  sales so far {result.sales_so_far}; forecast {result.expected:.1f} "
        f"(80 % interval {result.low}–{result.high}); {target}{chance}",
        f"  from {result.open_leads} open leads {result.parts.expected_from_open:.1f}, "
        f"from {result.parts.expected_new_leads:.0f} leads still to come "
        f"{result.parts.expected_from_new:.1f}",
    ]
    if track is not None:
        lines.append(
            f"  business days {track.business_days_gone}/{track.business_days}; "
            f"leads {track.leads} against {track.planned_to_date:.0f} planned so far; "
            f"spend €{track.spend:,.0f} against €{track.budget_to_date:,.0f}"
        )
        for source in track.sources:
            ratio = "–" if source.ratio is None else f"{source.ratio:.0%}"
            lines.append(
                f"    {source.source:16} {source.leads:5d} leads, plan so far "
                f"{source.planned_to_date:6.1f} ({ratio})"
            )
    return "\n".join(lines) + "\n"


def backtest_text(scores: Sequence[DayScore]) -> str:
    lines = ["day  months    MAE  80% coverage   bias  mean sales  run-rate MAE"]
    for s in scores:
        if s.mae is None or s.coverage is None or s.bias is None:
            lines.append(f"{s.day:3d}  {0:6d}      –             –      –           –")
            continue
        lines.append(
            f"{s.day:3d}  {s.months:6d}  {s.mae:5.2f}  {s.coverage:12.0%}  {s.bias:+5.2f}"
            f"  {s.mean_actual or 0:10.1f}  {s.run_rate_mae or 0:12.2f}"
        )
    return "\n".join(lines) + "\n"
