"""The report for a terminal: a few rich tables, rates as percentages, verdicts in words."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

COLUMNS = (
    ("leads", "leads", "int"),
    ("won", "won", "int"),
    ("conversion", "conv.", "pct"),
    ("conversion_low", "low", "pct"),
    ("conversion_high", "high", "pct"),
    ("response_rate", "resp.", "pct"),
    ("response_median_min", "median min", "num"),
    ("response_p90_min", "p90 min", "num"),
    ("within_standard", "in std", "pct"),
    ("contact_rate", "contact", "pct"),
    ("call_attempts_per_lead", "calls", "num"),
    ("untouched", "untouched", "int"),
    ("stale", "stale", "int"),
    ("cost_per_lead", "€/lead", "eur"),
    ("cost_per_sale", "€/sale", "eur"),
)


def render_table(report: dict[str, Any], width: int = 160) -> str:
    """The report as text with the terminal's colours stripped (rich renders the layout)."""
    console = Console(file=io.StringIO(), width=width, record=True, force_terminal=False)
    target = report["target_conversion"]
    period = report["period"]
    console.print(
        f"[bold]Scoreline report[/bold]  {period['from']} – {period['to']}"
        f"  (as of {report['as_of']}; target {target:.0%})"
    )
    console.print(_table("Totals", [], [report["totals"]], target))
    for name, keys in report["cuts"].items():
        console.print(_table(name.replace("_", " ").capitalize(), keys, report[name], target))
    console.print("[bold]Verdicts[/bold]")
    for name in report["cuts"]:
        for row in report[name]:
            verdict = row.get("verdict") or {}
            if verdict.get("kind") not in (None, "on_target", "too_few"):
                console.print(
                    escape(f"  [{verdict['kind']}] {verdict['sentence']}"), soft_wrap=True
                )
    _leads(console, "Untouched leads", report["dust"]["untouched"], report["untouched_leads"])
    _leads(console, "Stale leads", report["dust"]["stale"], report["stale_leads"])
    console.print(f"[dim]{escape(report['method_sentence'])}[/dim]", soft_wrap=True)
    return console.export_text()


def _table(title: str, keys: list[str], rows: list[dict[str, Any]], target: float) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    judged = bool(rows) and "verdict" in rows[0]
    for key in keys:
        table.add_column(key)
    for _, label, _ in COLUMNS:
        table.add_column(label, justify="right")
    if judged:
        table.add_column("verdict")
    for row in rows:
        cells = ["—" if row[key] is None else str(row[key]) for key in keys]
        cells += [_format(row.get(name), kind) for name, _, kind in COLUMNS]
        if judged:
            cells.append((row["verdict"] or {}).get("kind") or "—")
        conversion = row.get("conversion")
        style = "red" if conversion is not None and conversion < target else None
        table.add_row(*cells, style=style)
    return table


def _format(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind == "eur":
        return f"{value:,.0f}"
    if kind == "num":
        return f"{value:.1f}"
    return f"{value:,}"


def _leads(
    console: Console,
    title: str,
    summary: dict[str, Any],
    leads: list[dict[str, Any]],
    limit: int = 20,
) -> None:
    missed = summary["missed_value"]
    worth = f", missed value € {missed:,.0f}" if missed is not None else ""
    console.print(f"[bold]{title}[/bold]: {summary['leads']:,}{worth}")
    for lead in leads[:limit]:
        who = lead["salesperson"] or "(unassigned)"
        value = f"  € {lead['value']:,.0f}" if lead.get("value") is not None else ""
        console.print(
            f"  {lead['lead_id']}  {lead['dealer']}  {lead['source']}  {who}"
            f"  received {lead['received_at']}{value}"
        )
    if summary["leads"] > min(limit, len(leads)):
        more = summary["leads"] - min(limit, len(leads))
        console.print(
            f"  … and {more:,} more, most valuable first"
            " (all: scoreline report --lists all, or scoreline dust)"
        )
