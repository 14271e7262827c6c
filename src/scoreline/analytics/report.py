"""The report: every figure by source, salesperson, dealer and month, with verdicts.

`build_report` returns one plain dict with the keys of EXCHANGE.md, so the JSON, the
terminal table, the HTML page and the web pages all show the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

import polars as pl
from threadpoolctl import threadpool_limits

from scoreline.analytics import business, costs, cuts, levers, sentences, stats, verdict
from scoreline.analytics.figures import (
    DEFAULT_SETTINGS,
    DEFAULT_STANDARD,
    Context,
    context_for,
    lead_facts,
    standard_column,
)
from scoreline.analytics.frames import Inputs
from scoreline.analytics.standard import FollowUpStandard, ReportSettings

CUTS = {
    "by_source": ("source",),
    "by_salesperson": ("salesperson",),
    "by_dealer": ("dealer",),
    "by_month": ("month",),
}
JUDGED_CUTS = ("by_source", "by_salesperson", "by_dealer")
RANKED_CUTS = ("by_source", "by_salesperson")
SPEED_BUCKETS = (
    (5, "0-5"),
    (15, "5-15"),
    (60, "15-60"),
    (240, "60-240"),
    (480, "240-480"),
    (math.inf, "480+"),
)
LISTED = ("lead_id", "dealer", "source", "salesperson", "received_at", "last_activity_at")
TOP_LEADS = 50  # per list in the report; `--lists all` (or `scoreline dust`) gives them all


@dataclass(frozen=True)
class Scope:
    """Which leads the figures are about; the model always learns from all the history."""

    date_from: date | None = None
    date_to: date | None = None
    dealers: tuple[str, ...] = ()
    extra_cuts: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def build_report(
    inputs: Inputs,
    as_of: datetime,
    scope: Scope = Scope(),
    settings: ReportSettings = DEFAULT_SETTINGS,
    standard: FollowUpStandard = DEFAULT_STANDARD,
    dealer_standards: dict[str, FollowUpStandard] | None = None,
    listed: int | None = TOP_LEADS,
) -> dict[str, Any]:
    """The whole report as a dict (see EXCHANGE.md, "The report"); the untouched and stale
    lists hold the `listed` most valuable leads each (None: every one)."""
    # The model's matrices are cells × levels (thousands × tens): BLAS threads cost more
    # than they save there, and on a busy machine their spinning made one fit 25× slower.
    with threadpool_limits(limits=1, user_api="blas"):
        return _build(inputs, as_of, scope, settings, standard, dealer_standards, listed)


def _build(
    inputs: Inputs,
    as_of: datetime,
    scope: Scope,
    settings: ReportSettings,
    standard: FollowUpStandard,
    dealer_standards: dict[str, FollowUpStandard] | None,
    listed: int | None,
) -> dict[str, Any]:
    ctx = context_for(
        inputs, as_of, settings=settings, standard=standard, dealer_standards=dealer_standards or {}
    )
    facts = lead_facts(inputs, ctx)
    std = verdict.standardise(facts, _limits(ctx), _window_over(ctx), settings)
    period = _in_scope(std.facts, scope, ctx)
    spent = _unallocated(facts, inputs, period, scope)
    figures = partial(
        cuts.figures,
        unallocated=spent,
        has_costs=inputs.costs is not None,
        margin_per_sale=settings.margin_per_sale,
    )
    report: dict[str, Any] = {
        "target_conversion": settings.target,
        "period": _period(period),
        "as_of": ctx.as_of.isoformat(),
        "totals": _rows(figures(period, []))[0],
    }
    cut_map = {**CUTS, **{"by_" + "_".join(k): k for k in scope.extra_cuts}}
    report["cuts"] = {name: list(keys) for name, keys in cut_map.items()}
    for name, keys in cut_map.items():
        table = figures(period, keys)
        if name in RANKED_CUTS:
            table = table.with_columns(
                pl.Series("conversion_shrunk", stats.shrunk_rates(table["won"], table["leads"]))
            )
        if name in JUDGED_CUTS or name not in CUTS:
            table = _with_verdicts(table, std, period, keys, settings)
        report[name] = _rows(_ordered(table, name, keys))
    report.update(_details(period, ctx, settings, listed))
    return report


def _limits(ctx: Context) -> pl.Expr:
    return standard_column(ctx, "first_response_minutes").cast(pl.Float64)


def _window_over(ctx: Context) -> pl.Expr:
    return pl.col("received_at") + pl.duration(days=ctx.settings.attribution_days) <= ctx.as_of


def _in_scope(facts: pl.DataFrame, scope: Scope, ctx: Context) -> pl.DataFrame:
    if scope.date_from is None and scope.date_to is None and not scope.dealers:
        return facts  # every lead: no copy of a million rows
    day = business.local("received_at", ctx.timezones).dt.date()
    keep = pl.lit(True)
    if scope.date_from is not None:
        keep &= day >= scope.date_from
    if scope.date_to is not None:
        keep &= day <= scope.date_to
    if scope.dealers:
        keep &= pl.col("dealer").is_in(scope.dealers)
    return facts.filter(keep)


def _unallocated(
    facts: pl.DataFrame, inputs: Inputs, period: pl.DataFrame, scope: Scope
) -> pl.DataFrame:
    spent = costs.unallocated(facts, inputs.costs)
    months = period["month"].unique().to_list()
    if scope.date_from is not None or scope.date_to is not None:
        spent = spent.filter(pl.col("month").is_in(months))
    if scope.dealers:
        spent = spent.filter(pl.col("dealer").is_in(scope.dealers))
    return spent


def _period(period: pl.DataFrame) -> dict[str, str | None]:
    first, last = period["received_at"].min(), period["received_at"].max()
    return {"from": first.isoformat() if first else None, "to": last.isoformat() if last else None}  # type: ignore[union-attr]


def _with_verdicts(
    table: pl.DataFrame,
    std: verdict.Standardised,
    period: pl.DataFrame,
    keys: Sequence[str],
    settings: ReportSettings,
) -> pl.DataFrame:
    judged = verdict.verdicts(std, period, keys, settings)
    table = table.join(judged, on=list(keys), how="left", nulls_equal=True)
    verdicts = []
    for row in table.iter_rows(named=True):
        labels = {
            lang: sentences.cut_label(
                lang, {k: row[k] for k in keys}, settings.said_as.get(lang, {})
            )
            for lang in sentences.LANGUAGES
        }
        verdicts.append(_verdict(row, labels, settings))
    return table.select(
        *keys, *[c for c in table.columns if c in cuts.FIGURES or c == "conversion_shrunk"]
    ).with_columns(pl.Series("verdict", verdicts, dtype=pl.Object))


def _verdict(
    row: dict[str, Any], labels: dict[str, str], settings: ReportSettings
) -> dict[str, Any]:
    if row.get("leads_judged") is None:  # a cut without a verdict row: nothing to judge
        row = {
            **row,
            **{"leads_counted": row.get("leads") or 0, "leads_judged": 0, "_won": 0},
            **{"leads_open": row.get("leads") or 0, "kind": "too_few", "early": False},
            "conversion_judged": None,
        }
    said = {
        lang: sentences.verdict_sentence(lang, labels[lang], row, settings.target)
        for lang in sentences.LANGUAGES
    }
    names = ("conversion_if_worked_to_standard", "process_gap", "quality_gap")
    splits = row["kind"] in ("process", "quality", "mixed")
    return {
        "kind": row["kind"],
        **{n: _clean(row.get(n)) if splits else None for n in names},
        "sentence": said[settings.language],
        "sentences": said,
        "leads_judged": row["leads_judged"],
        "won_judged": row["_won"],
        "leads_open": row["leads_open"],
        "early": bool(row["early"]),
        "conversion_judged": _clean(row.get("conversion_judged")),
        "intervals": {n: [_clean(row.get(f"{n}_low")), _clean(row.get(f"{n}_high"))] for n in names}
        if splits
        else None,
        "levers": levers.as_json(row.get("levers"), _clean(row.get("process_gap")))
        if splits
        else [],
    }


def _ordered(table: pl.DataFrame, name: str, keys: Sequence[str]) -> pl.DataFrame:
    """The cut's rows in the report's order; ties by name, so the same data gives the same
    report (a group-by's order is not fixed)."""
    if name == "by_month":
        return table.sort("month")
    ranks = ["conversion_shrunk", "leads"] if name in RANKED_CUTS else ["leads"]
    return table.sort(
        [*ranks, *keys],
        descending=[True] * len(ranks) + [False] * len(keys),
        nulls_last=True,
    )


def _rows(table: pl.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: floats rounded to six decimals, NaN as null, instants in ISO 8601."""
    floats = [c for c, t in table.schema.items() if t.is_float()]
    instants = [c for c, t in table.schema.items() if isinstance(t, pl.Datetime)]
    table = table.with_columns(
        *[pl.col(c).fill_nan(None).round(6) for c in floats],
        *[pl.col(c).dt.to_string("%Y-%m-%dT%H:%M:%S%:z") for c in instants],
    )
    return table.to_dicts()


def _clean(value: Any) -> Any:
    """JSON-ready: NaN and infinities become null, floats are rounded to six decimals."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 6)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _details(
    period: pl.DataFrame, ctx: Context, settings: ReportSettings, listed: int | None
) -> dict[str, Any]:
    """The speed-to-lead histogram, the untouched and stale leads, and how it was computed."""
    counted = ~pl.col("spam")  # filtered with each use: a copy of a few columns, not all
    bucket = pl.lit("no response")
    for upper, label in reversed(SPEED_BUCKETS):
        bucket = (
            pl.when(pl.col("responded") & (pl.col("clock_min") < upper))
            .then(pl.lit(label))
            .otherwise(bucket)
        )
    histogram = (
        period.select(bucket.alias("bucket"), counted.alias("_counted"))
        .filter(pl.col("_counted"))
        .group_by("bucket")
        .agg(pl.len().alias("leads"))
    )
    order = [label for _, label in SPEED_BUCKETS] + ["no response"]
    counts = dict(histogram.iter_rows())
    listed_columns = (*LISTED, "expected_conversion")  # dust_list reads only these
    dust = {
        flag: dust_list(
            period.lazy().filter(counted & pl.col(flag)).select(listed_columns).collect(),
            settings,
            listed,
        )
        for flag in DUST
    }
    return {
        "speed_distribution": [{"bucket": b, "leads": counts.get(b, 0)} for b in order],
        "dust": {flag: summary for flag, (summary, _) in dust.items()},
        "untouched_leads": dust["untouched"][1],
        "stale_leads": dust["stale"][1],
        "standard": ctx.standard.__dict__,
        "method": sentences.METHOD,
        "method_sentence": sentences.METHOD[settings.language],
    }


DUST = ("untouched", "stale")


def dust_list(
    leads: pl.DataFrame, settings: ReportSettings, listed: int | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """How many leads a list holds, what they are worth, and the most valuable of them.

    A lead's value is its chance when worked to standard × the margin per sale, as in the
    missed value; the most valuable come first, the oldest first among equals (then by id,
    so the list is the same on every run)."""
    margin = settings.margin_per_sale
    value = (
        pl.col("expected_conversion") * margin
        if margin is not None
        else pl.lit(None, dtype=pl.Float64)
    )
    ranked = leads.select(*LISTED, value.alias("value")).sort(
        ["value", "received_at", "lead_id"], descending=[True, False, False], nulls_last=True
    )
    top = ranked if listed is None else ranked.head(listed)
    missed = leads["expected_conversion"].sum()
    summary = {
        "leads": leads.height,
        "missed_sales": _clean(float(missed)),
        "missed_value": _clean(float(missed) * margin) if margin is not None else None,
        "listed": top.height,
    }
    return summary, _rows(top)
