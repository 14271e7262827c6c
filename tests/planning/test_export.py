"""A plan leaves Scoreline as CSV and as a workbook with the same numbers."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scoreline.planning.export import TOTAL, csv_text, plan_json, write_xlsx
from scoreline.planning.plan import PlanRequest, SourceAssumption, build_plan

PLAN = build_plan(
    PlanRequest(
        2026,
        (20.0,) * 12,
        (
            SourceAssumption("portal", 0.10, 20, 100),
            SourceAssumption("website", 0.05, 25, 400),
        ),
    )
)


def test_the_csv_has_a_row_per_source_and_month_and_a_total_per_month() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(PLAN))))
    assert len(rows) == 12 * 3
    website_march = next(r for r in rows if r["month"] == "2026-03" and r["source"] == "website")
    assert float(website_march["leads"]) == pytest.approx(200)
    assert float(website_march["cost_eur"]) == pytest.approx(5000)
    total = next(r for r in rows if r["month"] == "2026-03" and r["source"] == TOTAL)
    assert float(total["cost_eur"]) == pytest.approx(7000)
    assert float(total["marginal_cost_per_sale_eur"]) == pytest.approx(500)


def test_the_workbook_shows_leads_per_source_per_month_and_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_xlsx(PLAN, path, "Noord — plan 2026")
    book = load_workbook(path)
    grid = [list(row) for row in book["Plan"].iter_rows(values_only=True)]
    assert grid[0][0] == "Noord — plan 2026"
    portal = next(row for row in grid if row[0] == "portal")
    assert portal[1:13] == [100] * 12 and portal[13] == 1200
    budget = next(row for row in grid if row[0] == "Budget (EUR)")
    assert budget[13] == pytest.approx(84_000)
    assert book["Lines"].max_row == 1 + 12 * 3


def test_the_json_carries_the_totals_and_the_marginal_figures() -> None:
    data = plan_json(PLAN)
    assert data["cost"] == pytest.approx(84_000)
    assert data["months"][0]["marginal_cost_per_sale"] == pytest.approx(500)
    assert len(data["lines"]) == 24
