"""The report as one self-contained HTML page: inline SVG charts drawn here, no network.

Charts: conversion by source with its 95 % interval against the target line; the speed-to-
lead distribution; the monthly funnel; and the process-versus-quality split of every source
below target.
"""

from __future__ import annotations

from html import escape
from typing import Any

from scoreline.analytics.render.table import render_table

BAR = "#4c78a8"
LINE = "#e45756"
PROCESS, QUALITY, ACTUAL = "#f58518", "#72b7b2", "#4c78a8"
FUNNEL = (("contact_rate", "contacted"), ("appointment_rate", "appointment"), ("visit_rate", "visit"), ("test_drive_rate", "test drive"), ("quote_rate", "quote"), ("conversion", "won"))  # fmt: skip
COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2", "#ff9da6", "#e45756")


def render_html(report: dict[str, Any]) -> str:
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Scoreline report</title><style>",
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}",
        "pre{font-size:11px;overflow-x:auto;background:#f7f7f7;padding:1rem}",
        "svg text{font-size:11px;font-family:system-ui,sans-serif} h2{margin-top:2rem}",
        "</style></head><body>",
        f"<h1>Scoreline report</h1><p>{escape(str(report['period']['from']))} – {escape(str(report['period']['to']))}, as of {escape(report['as_of'])}</p>",
        "<h2>Conversion by source</h2>", conversion_chart(report),
        "<h2>Speed to lead (business minutes)</h2>", speed_chart(report),
        "<h2>Monthly funnel</h2>", funnel_chart(report),
        "<h2>Follow-up or lead quality?</h2>", gap_chart(report),
        "<ul>", *[f"<li>{escape(r['verdict']['sentence'])}</li>" for r in report["by_source"] if (r.get("verdict") or {}).get("kind") in ("process", "quality", "mixed")], "</ul>",
        f"<p><small>{escape(report['method_sentence'])}</small></p>",
        "<h2>All figures</h2><pre>", escape(render_table(report)), "</pre></body></html>",
    ]  # fmt: skip
    return "\n".join(parts)


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='{escape(label)}' width='{width}' height='{height}' viewBox='0 0 {width} {height}'>"
        + "".join(body)
        + "</svg>"
    )


def conversion_chart(report: dict[str, Any]) -> str:
    """Horizontal bars of conversion per source, interval whiskers, the target as a line."""
    rows = report["by_source"]
    target = report["target_conversion"]
    top = max([target * 1.5] + [r["conversion_high"] or 0 for r in rows])
    width, left, row_h = 720, 140, 24
    scale = (width - left - 20) / top
    body = []
    for i, r in enumerate(rows):
        y = 10 + i * row_h
        c = r["conversion"] or 0
        body.append(
            f"<text x='{left - 6}' y='{y + 14}' text-anchor='end'>{escape(str(r['source']))}</text>"
        )
        body.append(
            f"<rect x='{left}' y='{y + 3}' width='{c * scale:.1f}' height='{row_h - 8}' fill='{BAR}'><title>{c:.1%}</title></rect>"
        )
        if r["conversion_low"] is not None:
            lo, hi = left + r["conversion_low"] * scale, left + r["conversion_high"] * scale
            body.append(
                f"<line x1='{lo:.1f}' x2='{hi:.1f}' y1='{y + 11}' y2='{y + 11}' stroke='#222'/>"
            )
    x = left + target * scale
    height = 20 + len(rows) * row_h
    body.append(
        f"<line x1='{x:.1f}' x2='{x:.1f}' y1='0' y2='{height}' stroke='{LINE}' stroke-dasharray='4 3'/><text x='{x + 4:.1f}' y='{height - 2}' fill='{LINE}'>target {target:.0%}</text>"
    )
    return _svg(width, height, body, "conversion by source against the target")


def speed_chart(report: dict[str, Any]) -> str:
    """Leads per bucket of business minutes to first response, the unanswered last."""
    buckets = report["speed_distribution"]
    most = max([b["leads"] for b in buckets] + [1])
    width, height, bar = 720, 200, 90
    body = []
    for i, b in enumerate(buckets):
        h = b["leads"] / most * (height - 40)
        x = 20 + i * (bar + 10)
        body.append(
            f"<rect x='{x}' y='{height - 20 - h:.1f}' width='{bar}' height='{h:.1f}' fill='{LINE if b['bucket'] == 'no response' else BAR}'><title>{b['leads']}</title></rect>"
        )
        body.append(
            f"<text x='{x + bar / 2}' y='{height - 5}' text-anchor='middle'>{escape(b['bucket'])}</text>"
        )
        body.append(
            f"<text x='{x + bar / 2}' y='{height - 24 - h:.1f}' text-anchor='middle'>{b['leads']}</text>"
        )
    return _svg(width, height, body, "speed to lead distribution")


def funnel_chart(report: dict[str, Any]) -> str:
    """One line per funnel step: its rate per month."""
    months = report["by_month"]
    width, height, left = 720, 240, 40
    if not months:
        return _svg(width, 40, ["<text x='10' y='20'>no months</text>"], "monthly funnel")
    step = (width - left - 120) / max(len(months) - 1, 1)
    body = []
    for j, (key, label) in enumerate(FUNNEL):
        points = " ".join(
            f"{left + i * step:.1f},{height - 30 - (m.get(key) or 0) * (height - 50):.1f}"
            for i, m in enumerate(months)
        )
        body.append(
            f"<polyline points='{points}' fill='none' stroke='{COLOURS[j]}' stroke-width='2'/>"
        )
        body.append(f"<text x='{width - 110}' y='{20 + j * 16}' fill='{COLOURS[j]}'>{label}</text>")
    for i, m in enumerate(months):
        if i % max(len(months) // 12, 1) == 0:
            body.append(
                f"<text x='{left + i * step:.1f}' y='{height - 10}' text-anchor='middle'>{escape(m['month'])}</text>"
            )
    return _svg(width, height, body, "monthly funnel")


def gap_chart(report: dict[str, Any]) -> str:
    """Per source below target: actual conversion, the follow-up gap and the quality gap."""
    target = report["target_conversion"]
    rows = [
        r
        for r in report["by_source"]
        if (r.get("verdict") or {}).get("kind") in ("process", "quality", "mixed")
    ]
    width, left, row_h = 720, 140, 26
    if not rows:
        return _svg(
            width,
            30,
            ["<text x='10' y='20'>every judged source is on target or too small to judge</text>"],
            "process and quality",
        )
    scale = (width - left - 20) / (target * 1.6)
    body = []
    for i, r in enumerate(rows):
        v, y = r["verdict"], 10 + i * row_h
        actual = v["conversion_judged"] or 0
        process = max(min(v["process_gap"] or 0, target - actual), 0)
        quality = max(target - actual - process, 0)
        x = left
        body.append(
            f"<text x='{left - 6}' y='{y + 15}' text-anchor='end'>{escape(str(r['source']))}</text>"
        )
        for part, colour, name in (
            (actual, ACTUAL, "actual"),
            (process, PROCESS, "follow-up"),
            (quality, QUALITY, "lead quality"),
        ):
            body.append(
                f"<rect x='{x:.1f}' y='{y + 3}' width='{part * scale:.1f}' height='{row_h - 8}' fill='{colour}'><title>{name} {part * 100:.1f} points</title></rect>"
            )
            x += part * scale
    height = 40 + len(rows) * row_h
    body.append(
        f"<text x='{left}' y='{height - 6}' fill='{PROCESS}'>follow-up</text><text x='{left + 80}' y='{height - 6}' fill='{QUALITY}'>lead quality</text><text x='{left + 170}' y='{height - 6}' fill='{ACTUAL}'>actual</text>"
    )
    return _svg(width, height, body, "process and quality gaps")
