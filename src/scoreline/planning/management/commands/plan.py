"""`scoreline plan …`: build a dealer's year plan from targets and budget, show it, export it.

scoreline plan build --dealer "Autohuis Noord" --year 2026 --target 240 [--budget 60000]
scoreline plan build --dealer ... --year 2026 --monthly 22,16,20,17,19,23,17,17,19,19,21,20
scoreline plan build ... --set website.monthly_cap=300 --set autotrack.conversion=0.09
scoreline plan build ... --adjust 3:sales=1.3,conversion=1.1 --assumptions sources.csv
scoreline plan edit --dealer ... --year 2026 --leads 4:autotrack=50 [--leads 5:website=80]
scoreline plan show --dealer ... --year 2026 [--version 2] [--format json]
scoreline plan export --dealer ... --year 2026 --format xlsx --output plan-2026.xlsx
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.dealers.models import Dealer
from scoreline.planning import actions, export, render
from scoreline.planning.assumptions import read_assumptions
from scoreline.planning.errors import PlanningError
from scoreline.planning.models import Plan
from scoreline.planning.plan import MonthAdjustment, YearPlan


class Command(BaseCommand):
    help = "The year plan: build (from targets, history and budget), show, export (xlsx, csv)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Solve and save a new version of the plan.")
        _which(build)
        goal = build.add_mutually_exclusive_group(required=True)
        goal.add_argument("--target", type=int, help="yearly sales target, spread by season")
        goal.add_argument("--monthly", help="twelve monthly sales targets, comma-separated")
        build.add_argument("--budget", type=float, help="yearly budget cap (EUR)")
        build.add_argument("--assumptions", type=Path, help="CSV of source assumptions")
        build.add_argument(
            "--set",
            action="append",
            default=[],
            help="source.figure=value, e.g. website.monthly_cap=300",
        )
        build.add_argument(
            "--adjust", action="append", default=[], help="month:sales=1.3,conversion=0.9"
        )
        build.add_argument(
            "--headroom", type=float, default=0.25, help="caps above the busiest month"
        )
        build.add_argument("--dry-run", action="store_true", help="show the plan, do not save it")
        build.add_argument("--format", choices=["text", "json"], default="text")
        edit = sub.add_parser(
            "edit", help="Set leads per source and month on the latest version; save the next."
        )
        _which(edit)
        edit.add_argument(
            "--leads",
            action="append",
            required=True,
            help="MONTH:SOURCE=LEADS, e.g. 4:autotrack=50",
        )
        edit.add_argument("--dry-run", action="store_true", help="show the plan, do not save it")
        edit.add_argument("--format", choices=["text", "json"], default="text")
        show = sub.add_parser("show", help="Show a saved plan (the latest version by default).")
        _which(show, version=True)
        show.add_argument("--format", choices=["text", "json"], default="text")
        out = sub.add_parser("export", help="Write a saved plan as XLSX or CSV.")
        _which(out, version=True)
        out.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        out.add_argument(
            "--output", type=Path, help="file to write (CSV: standard output if omitted)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actions_ = {"build": self.build, "edit": self.edit, "show": self.show}
            {**actions_, "export": self.export}[options["action"]](options)
        except PlanningError as error:
            raise CommandError(str(error)) from None

    def build(self, options: dict[str, Any]) -> None:
        revision = actions.Revision(
            yearly_target=options["target"],
            monthly_targets=_targets(options["monthly"]),
            budget_cap=options["budget"],
            adjustments=[_adjustment(text) for text in options["adjust"]],
            assumptions=read_assumptions(options["assumptions"])
            if options["assumptions"]
            else None,
            edits=_edits(options["set"]),
            headroom=options["headroom"],
        )
        self._revise(options, revision)

    def edit(self, options: dict[str, Any]) -> None:
        self._revise(options, actions.Revision(leads=_cells(options["leads"])))

    def _revise(self, options: dict[str, Any], revision: actions.Revision) -> None:
        dealer = _dealer(options["dealer"])
        revised = actions.revise_plan(
            dealer,
            options["year"],
            revision,
            by=None,
            at=datetime.now(UTC),
            save=not options["dry_run"],
        )
        title = f"{dealer} — plan {options['year']} (dry run)"
        if revised.saved is not None:
            title = f"{dealer} — plan {revised.saved.year} version {revised.saved.version}"
        if revised.draft.profile:
            title += f"\nSeasons: {revised.draft.profile}"
        self._write(revised.result, title, options["format"])

    def show(self, options: dict[str, Any]) -> None:
        saved = _saved(options)
        result = actions.year_plan_of(saved)
        self._write(
            result, f"{saved.dealer} — plan {saved.year} version {saved.version}", options["format"]
        )

    def export(self, options: dict[str, Any]) -> None:
        saved = _saved(options)
        result = actions.year_plan_of(saved)
        path = options["output"]
        if options["format"] == "xlsx":
            if path is None:
                raise CommandError("an XLSX export needs --output FILE.xlsx")
            export.write_xlsx(result, path, f"{saved.dealer} — plan {saved.year} v{saved.version}")
        elif path is None:
            self.stdout.write(export.csv_text(result), ending="")
            return
        else:
            path.write_text(export.csv_text(result), encoding="utf-8")
        self.stdout.write(f"Wrote {path}")

    def _write(self, result: YearPlan, title: str, fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(json.dumps(export.plan_json(result), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(render.plan_text(result, title), ending="")


def _which(parser: ArgumentParser, *, version: bool = False) -> None:
    parser.add_argument("--dealer", required=True, help="dealer name or slug")
    parser.add_argument("--year", type=int, required=True)
    if version:
        parser.add_argument("--version", type=int, help="plan version (default: the latest)")


def _dealer(name: str) -> Dealer:
    dealer = (
        Dealer.objects.filter(slug=name).first() or Dealer.objects.filter(name__iexact=name).first()
    )
    if dealer is None:
        raise CommandError(f"no dealer named {name!r}")
    return dealer


def _saved(options: dict[str, Any]) -> Plan:
    dealer = _dealer(options["dealer"])
    plans = Plan.objects.filter(dealer=dealer, year=options["year"])
    if options["version"] is not None:
        plans = plans.filter(version=options["version"])
    saved = plans.order_by("-version").first()
    if saved is None:
        version = f" version {options['version']}" if options["version"] is not None else ""
        raise CommandError(
            f"{dealer} has no plan for {options['year']}{version}: "
            "build one with `scoreline plan build`"
        )
    return saved


def _targets(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise CommandError(
            f"--monthly {text!r}: expected twelve numbers separated by commas"
        ) from None


def _adjustment(text: str) -> MonthAdjustment:
    """`3:sales=1.3,conversion=0.9` → March with those factors."""
    try:
        month, _sep, factors = text.partition(":")
        values = dict(part.split("=") for part in factors.split(",") if part)
        unknown = set(values) - {"sales", "conversion", "note"}
        if unknown or not factors:
            raise ValueError
        return MonthAdjustment(
            int(month),
            float(values.get("sales", 1)),
            float(values.get("conversion", 1)),
            values.get("note", ""),
        )
    except ValueError:
        raise CommandError(
            f"--adjust {text!r}: expected MONTH:sales=FACTOR,conversion=FACTOR (e.g. 3:sales=1.3)"
        ) from None


def _cells(items: list[str]) -> dict[tuple[int, str], float]:
    """`4:autotrack=50` → {(4, "autotrack"): 50.0}."""
    cells: dict[tuple[int, str], float] = {}
    for item in items:
        month, _colon, rest = item.partition(":")
        source, _eq, value = rest.partition("=")
        try:
            cells[int(month), source.strip()] = float(value)
        except ValueError:
            raise CommandError(
                f"--leads {item!r}: expected MONTH:SOURCE=LEADS (e.g. 4:autotrack=50)"
            ) from None
    return cells


def _edits(items: list[str]) -> dict[str, dict[str, float | None]]:
    """`website.monthly_cap=300` → {"website": {"monthly_cap": 300.0}}; `=none` clears a cap."""
    edits: dict[str, dict[str, float | None]] = {}
    for item in items:
        key, _sep, value = item.partition("=")
        source, _dot, figure = key.rpartition(".")
        if not source or not figure or not value:
            raise CommandError(f"--set {item!r}: expected SOURCE.FIGURE=VALUE")
        try:
            number = None if value.lower() == "none" else float(value.rstrip("%"))
        except ValueError:
            raise CommandError(f"--set {item!r}: {value!r} is not a number") from None
        if figure == "conversion" and number is not None and (value.endswith("%") or number > 1):
            number /= 100
        edits.setdefault(source, {})[figure] = number
    return edits
