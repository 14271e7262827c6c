"""A year plan as a spreadsheet (XLSX) or as CSV, the way marketing hands it on.

CSV: one row per month and source (plus a total row per month), so any tool can pivot it.
XLSX: a "Plan" sheet of leads per source per month with the budget and sales under it, a
"Lines" sheet with the CSV's rows, and the plan's notes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font

from scoreline.planning.plan import YearPlan, month_name

CSV_COLUMNS = (
    "year",
    "month",
    "source",
    "leads",
    "cost_eur",
    "expected_sales",
    "target",
    "at_cap",
    "capacity_value_eur",
    "marginal_cost_per_sale_eur",
)
TOTAL = "(total)"


def plan_rows(plan: YearPlan) -> list[dict[str, object]]:
    """Rows of the CSV: each source in each month, then the month's total."""
    rows: list[dict[str, object]] = []
    for month in plan.months:
        for line in (line for line in plan.lines if line.month == month.month):
            rows.append(
                {
                    "year": plan.year,
                    "month": f"{plan.year}-{line.month:02d}",
                    "source": line.source,
                    "leads": round(line.leads, 1),
                    "cost_eur": round(line.cost, 2),
                    "expected_sales": round(line.sales, 2),
                    "target": "",
                    "at_cap": "yes" if line.at_cap else "no",
                    "capacity_value_eur": _maybe(line.capacity_value),
                    "marginal_cost_per_sale_eur": "",
                }
            )
        rows.append(
            {
                "year": plan.year,
                "month": f"{plan.year}-{month.month:02d}",
                "source": TOTAL,
                "leads": round(month.leads, 1),
                "cost_eur": round(month.cost, 2),
                "expected_sales": round(month.sales, 2),
                "target": month.target,
                "at_cap": "",
                "capacity_value_eur": "",
                "marginal_cost_per_sale_eur": _maybe(month.marginal_cost_per_sale),
            }
        )
    return rows


def _maybe(value: float | None) -> object:
    return "" if value is None else round(value, 2)


def write_csv(plan: YearPlan, out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(plan_rows(plan))


def csv_text(plan: YearPlan) -> str:
    buffer = io.StringIO()
    write_csv(plan, buffer)
    return buffer.getvalue()


def write_xlsx(plan: YearPlan, path: Path | IO[bytes], title: str = "") -> None:
    """The plan as a workbook: the month-by-source grid, the lines, and the notes."""
    book = Workbook()
    grid = book.active
    assert grid is not None
    grid.title = "Plan"
    _grid(grid, plan, title or f"Plan {plan.year}")
    lines = book.create_sheet("Lines")
    lines.append(list(CSV_COLUMNS))
    for row in plan_rows(plan):
        lines.append([row[column] for column in CSV_COLUMNS])
    notes = book.create_sheet("Notes")
    for note in plan.notes or ("",):
        notes.append([note])
    book.save(path)


def _grid(sheet: object, plan: YearPlan, title: str) -> None:
    bold = Font(bold=True)
    append = sheet.append  # type: ignore[attr-defined]
    append([title])
    append(["Leads per source", *(month_name(m.month) for m in plan.months), "Year"])
    for source in plan.sources():
        leads = [round(plan.line(m.month, source).leads) for m in plan.months]
        append([source, *leads, sum(leads)])
    append(["Leads", *(round(m.leads) for m in plan.months), round(plan.leads)])
    append(["Budget (EUR)", *(round(m.cost, 2) for m in plan.months), round(plan.cost, 2)])
    append(["Expected sales", *(round(m.sales, 1) for m in plan.months), round(plan.sales, 1)])
    append(["Target", *(m.target for m in plan.months), plan.target])
    for row in sheet.iter_rows(min_row=1, max_row=2):  # type: ignore[attr-defined]
        for cell in row:
            cell.font = bold


def plan_json(plan: YearPlan) -> dict[str, object]:
    """The plan as plain data: totals, months, lines and the marginal figures."""
    return {
        "year": plan.year,
        "target": plan.target,
        "leads": round(plan.leads, 1),
        "cost": round(plan.cost, 2),
        "expected_sales": round(plan.sales, 2),
        "budget_cap": plan.budget_cap,
        "minimum_budget": _none_or_round(plan.minimum_budget),
        "marginal_cost_per_sale": _none_or_round(plan.marginal_cost_per_sale),
        "notes": list(plan.notes),
        "months": [
            {
                "month": m.month,
                "target": m.target,
                "leads": round(m.leads, 1),
                "cost": round(m.cost, 2),
                "expected_sales": round(m.sales, 2),
                "shortfall": round(m.shortfall, 2),
                "marginal_cost_per_sale": _none_or_round(m.marginal_cost_per_sale),
            }
            for m in plan.months
        ],
        "lines": [
            {
                "month": line.month,
                "source": line.source,
                "leads": round(line.leads, 1),
                "cost": round(line.cost, 2),
                "expected_sales": round(line.sales, 2),
                "at_cap": line.at_cap,
                "capacity_value": _none_or_round(line.capacity_value),
            }
            for line in plan.lines
        ],
    }


def _none_or_round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
