"""The report as one self-contained HTML page: inline SVG charts drawn here, no network.

Charts: conversion by source with its 95 % interval against the target line; the speed-to-
lead distribution; the monthly funnel; and the process-versus-quality split of every source
below target.
"""

from __future__ import annotations

from html import escape
from typing import Any

from scoreline.analytics.render.table import render_table

BLUE, RED, ORANGE, TEAL = "#4c78a8", "#e45756", "#f58518", "#72b7b2"
COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2", "#ff9da6", "#e45756")
FUNNEL = (
    ("contact_rate", "contacted"),
    ("appointment_rate", "appointment"),
    ("visit_rate", "visit"),
    ("test_drive_rate", "test drive"),
    ("quote_rate", "quote"),
    ("conversion", "won"),
)
SPLIT = ("process", "quality", "mixed")
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}"
    "pre{font-size:11px;overflow-x:auto;background:#f7f7f7;padding:1rem}"
    "svg text{font-size:11px;font-family:system-ui,sans-serif}h2{margin-top:2rem}"
)


def render_html(report: dict[str, Any]) -> str:
    period = report["period"]
    judged = [r for r in report["by_source"] if (r.get("verdict") or {}).get("kind") in SPLIT]
    sentences = "".join(f"<li>{escape(r['verdict']['sentence'])}</li>" for r in judged)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Scoreline report</title><style>{STYLE}</style></head><body>",
        "<h1>Scoreline report</h1>",
        f"<p>{escape(str(period['from']))} – {escape(str(period['to']))}, "
        f"as of {escape(report['as_of'])}</p>",
        "<h2>Conversion by source</h2>",
        conversion_chart(report),
        "<h2>Speed to lead (business minutes)</h2>",
        speed_chart(report),
        "<h2>Monthly funnel</h2>",
        funnel_chart(report),
        "<h2>Follow-up or lead quality?</h2>",
        gap_chart(report),
        f"<ul>{sentences}</ul>",
        f"<p><small>{escape(report['method_sentence'])}</small></p>",
        f"<h2>All figures</h2><pre>{escape(render_table(report))}</pre></body></html>",
    ]
    return "\n".join(parts)


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    head = (
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='{escape(label)}' "
        f"width='{width}' height='{height}' viewBox='0 0 {width} {height}'>"
    )
    return head + "".join(body) + "</svg>"


def _rect(x: float, y: float, w: float, h: float, fill: str, title: str) -> str:
    return (
        f"<rect x='{x:.1f}' y='{y:.1f}' width='{max(w, 0):.1f}' height='{max(h, 0):.1f}' "
        f"fill='{fill}'><title>{escape(title)}</title></rect>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", fill: str = "#222") -> str:
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' fill='{fill}'>{escape(text)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, dash: str = "") -> str:
    dashes = f" stroke-dasharray='{dash}'" if dash else ""
    return (
        f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='{stroke}'{dashes}/>"
    )


def conversion_chart(report: dict[str, Any]) -> str:
    """Horizontal bars of conversion per source, interval whiskers, the target as a line."""
    rows, target = report["by_source"], report["target_conversion"]
    top = max([target * 1.5] + [r["conversion_high"] or 0 for r in rows])
    width, left, row_h = 720, 140, 24
    scale = (width - left - 20) / top
    body = []
    for i, r in enumerate(rows):
        y, c = 10 + i * row_h, r["conversion"] or 0
        body.append(_text(left - 6, y + 14, str(r["source"]), "end"))
        body.append(_rect(left, y + 3, c * scale, row_h - 8, BLUE, f"{c:.1%}"))
        if r["conversion_low"] is not None:
            low, high = left + r["conversion_low"] * scale, left + r["conversion_high"] * scale
            body.append(_line(low, y + 11, high, y + 11, "#222"))
    x, height = left + target * scale, 20 + len(rows) * row_h
    body.append(_line(x, 0, x, height, RED, "4 3"))
    body.append(_text(x + 4, height - 2, f"target {target:.0%}", fill=RED))
    return _svg(width, height, body, "conversion by source against the target")


def speed_chart(report: dict[str, Any]) -> str:
    """Leads per bucket of business minutes to first response, the unanswered last."""
    buckets = report["speed_distribution"]
    most = max([b["leads"] for b in buckets] + [1])
    width, height, bar = 720, 200, 90
    body = []
    for i, b in enumerate(buckets):
        h, x = b["leads"] / most * (height - 40), 20 + i * (bar + 10)
        colour = RED if b["bucket"] == "no response" else BLUE
        body.append(_rect(x, height - 20 - h, bar, h, colour, str(b["leads"])))
        body.append(_text(x + bar / 2, height - 5, b["bucket"], "middle"))
        body.append(_text(x + bar / 2, height - 24 - h, str(b["leads"]), "middle"))
    return _svg(width, height, body, "speed to lead distribution")


def funnel_chart(report: dict[str, Any]) -> str:
    """One line per funnel step: its rate per month."""
    months = report["by_month"]
    width, height, left = 720, 240, 40
    if not months:
        return _svg(width, 40, [_text(10, 20, "no months")], "monthly funnel")
    step = (width - left - 120) / max(len(months) - 1, 1)
    body = []
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = height - 30 - share * (height - 50)
        body.append(_line(left, y, width - 120, y, "#ddd"))
        body.append(_text(left - 4, y + 4, f"{share:.0%}", "end"))
    for j, (key, label) in enumerate(FUNNEL):
        ys = [height - 30 - (m.get(key) or 0) * (height - 50) for m in months]
        points = " ".join(f"{left + i * step:.1f},{y:.1f}" for i, y in enumerate(ys))
        body.append(f"<polyline points='{points}' fill='none' stroke='{COLOURS[j]}'/>")
        body.append(_text(width - 110, 20 + j * 16, label, fill=COLOURS[j]))
    every = max(len(months) // 12, 1)
    for i, m in enumerate(months):
        if i % every == 0:
            body.append(_text(left + i * step, height - 10, m["month"], "middle"))
    return _svg(width, height, body, "monthly funnel")


def gap_chart(report: dict[str, Any]) -> str:
    """Per source below target: actual conversion, the follow-up gap and the quality gap."""
    target = report["target_conversion"]
    rows = [r for r in report["by_source"] if (r.get("verdict") or {}).get("kind") in SPLIT]
    width, left, row_h = 720, 140, 26
    if not rows:
        note = "every source is on target or too small to judge"
        return _svg(width, 30, [_text(10, 20, note)], "process and quality")
    scale = (width - left - 20) / (target * 1.6)
    body = []
    for i, r in enumerate(rows):
        verdict, y = r["verdict"], 10 + i * row_h
        actual = verdict["conversion_judged"] or 0
        process = max(min(verdict["process_gap"] or 0, target - actual), 0)
        quality = max(target - actual - process, 0)
        parts = [(actual, BLUE, "actual"), (process, ORANGE, "follow-up")]
        parts.append((quality, TEAL, "lead quality"))
        body.append(_text(left - 6, y + 15, str(r["source"]), "end"))
        x = left
        for part, colour, name in parts:
            body.append(_rect(x, y + 3, part * scale, row_h - 8, colour, f"{name} {part:.1%}"))
            x += part * scale
    height = 40 + len(rows) * row_h
    for k, (name, colour) in enumerate(
        (("actual", BLUE), ("follow-up", ORANGE), ("quality", TEAL))
    ):
        body.append(_text(left + 90 * k, height - 6, name, fill=colour))
    return _svg(width, height, body, "process and quality gaps")
