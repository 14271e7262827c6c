"""Vega-Lite specifications for the scoreboard, built from the analytics report's rows.

The numbers come from the report unchanged; this module only chooses marks and axes. Labels
are passed in already translated, so the charts speak the reader's language.
"""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]

BLUE = "#0a6ebd"
RED = "#a4161a"
GREY = "#8a96a3"
BASE: Spec = {
    "width": "container",
    "height": 240,
    "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
}


def conversion_by_source(rows: list[dict[str, Any]], target: float, labels: dict[str, str]) -> Spec:
    """Bars of conversion per source with their 95 % interval, against the target line."""
    values = [
        {
            "source": row["source"],
            "conversion": row["conversion"],
            "low": row["conversion_low"],
            "high": row["conversion_high"],
            "leads": row["leads"],
        }
        for row in rows
        if row.get("conversion") is not None
    ]
    y = {"field": "source", "type": "nominal", "sort": "-x", "title": None}
    pct = {"type": "quantitative", "axis": {"format": ".0%"}, "title": labels["conversion"]}
    return {
        **BASE,
        "height": {"step": 28},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar", "color": BLUE},
                "encoding": {"y": y, "x": {"field": "conversion", **pct}},
            },
            {
                "mark": {"type": "rule", "color": "#17202a"},
                "encoding": {"y": y, "x": {"field": "low", **pct}, "x2": {"field": "high"}},
            },
            {
                "data": {"values": [{"target": target}]},
                "mark": {"type": "rule", "color": RED, "strokeDash": [6, 4], "size": 2},
                "encoding": {"x": {"field": "target", "type": "quantitative"}},
            },
        ],
    }


def speed_by_source(rows: list[dict[str, Any]], labels: dict[str, str]) -> Spec:
    """Median and 90th percentile business minutes to first response, per source."""
    values = [
        {"source": row["source"], "measure": name, "minutes": row[key]}
        for row in rows
        for key, name in (
            ("response_median_min", labels["median"]),
            ("response_p90_min", labels["p90"]),
        )
        if row.get(key) is not None
    ]
    return {
        **BASE,
        "height": {"step": 14},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "source", "type": "nominal", "title": None},
            "yOffset": {"field": "measure"},
            "x": {"field": "minutes", "type": "quantitative", "title": labels["minutes"]},
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": None,
                "scale": {"range": [BLUE, GREY]},
            },
        },
    }


FUNNEL_STEPS = ("leads", "contacted", "appointments", "test_drives", "quotes", "won")


def monthly_funnel(rows: list[dict[str, Any]], labels: dict[str, str]) -> Spec:
    """Per month: leads, contacted, appointments, test drives, quotes, won."""
    values = [
        {"month": row["month"], "step": labels[step], "order": index, "count": row.get(step) or 0}
        for row in rows
        for index, step in enumerate(FUNNEL_STEPS)
    ]
    return {
        **BASE,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": None},
            "y": {
                "field": "count",
                "type": "quantitative",
                "scale": {"type": "symlog"},
                "title": None,
            },
            "color": {
                "field": "step",
                "type": "nominal",
                "sort": {"field": "order"},
                "title": None,
            },
        },
    }


def plan_vs_actual(rows: list[dict[str, Any]], labels: dict[str, str]) -> Spec:
    """Leads per month: planned against received (rows: month, planned, actual)."""
    values = [
        {"month": row["month"], "series": labels[series], "leads": row[series]}
        for row in rows
        for series in ("planned", "actual")
        if row.get(series) is not None
    ]
    return {
        **BASE,
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": None},
            "xOffset": {"field": "series"},
            "y": {"field": "leads", "type": "quantitative", "title": labels["leads"]},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"range": [GREY, BLUE]},
            },
        },
    }
