"""`scoreline pace`: where each dealer's month will end, and the backtest of that forecast.

scoreline pace                         today's pace per dealer (kept; warns below threshold)
scoreline pace --dealer "Autohuis Noord" --as-of 2025-03-10T18:00+01:00 --no-record
scoreline pace --backtest              replay the database's history
scoreline pace DIR --backtest --format json     replay an exchange folder, no database
scoreline pace DIR --as-of 2025-03-10          an exchange folder's pace on a day
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import get_default_timezone

from scoreline.analytics.exchange import read_folder
from scoreline.analytics.frames import FrameError, Inputs
from scoreline.dealers.models import Dealer
from scoreline.planning import actions, backtest, render
from scoreline.planning.errors import PlanningError
from scoreline.planning.pace import DEFAULT_THRESHOLD, PaceForecast, forecast
from scoreline.reports.extract import read_database


class Command(BaseCommand):
    help = "Month-end forecast per dealer with its 80 % interval (--backtest: how good it was)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "folder", nargs="?", type=Path, help="exchange folder; omit for the database"
        )
        parser.add_argument(
            "--dealer", action="append", default=[], help="only this dealer (repeatable)"
        )
        parser.add_argument(
            "--as-of", type=_instant, help="the moment of the forecast (default: now)"
        )
        parser.add_argument("--backtest", action="store_true", help="replay history instead")
        parser.add_argument("--days", default="5,10,15,20", help="forecast days for the backtest")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--no-record", action="store_true", help="do not keep the check or warn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["backtest"]:
                self.backtest(options)
            elif options["folder"] is not None:
                self.folder_pace(options)
            else:
                self.database_pace(options)
        except (PlanningError, FrameError) as error:
            raise CommandError(str(error)) from None

    def backtest(self, options: dict[str, Any]) -> None:
        days = _days(options["days"])
        report = backtest.backtest_report(_inputs(options), days)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(
            f"{len(report.by_dealer)} dealers, {report.dealer_months} dealer-months\n"
            + render.backtest_text(report.scores)
            + "".join(
                f"\n{dealer}\n" + render.backtest_text(scores)
                for dealer, scores in report.by_dealer.items()
            ),
            ending="",
        )

    def folder_pace(self, options: dict[str, Any]) -> None:
        inputs = _inputs(options)
        results = []
        for history in backtest.histories_from_inputs(inputs):
            as_of = options["as_of"] or datetime.now(UTC)
            results.append(forecast(history, as_of))
        self._write(results, [None] * len(results), options["format"])

    def database_pace(self, options: dict[str, Any]) -> None:
        dealers = Dealer.objects.filter(is_active=True)
        if options["dealer"]:
            dealers = dealers.filter(name__in=options["dealer"])
        as_of = options["as_of"] or datetime.now(UTC)
        results, tracks, problems = [], [], []
        for dealer in dealers:
            try:
                pace = actions.dealer_pace(dealer, as_of)
            except PlanningError as error:
                problems.append(f"{dealer}: {error}")
                continue
            if not options["no_record"]:
                threshold = float(pace.plan.warn_below) if pace.plan else DEFAULT_THRESHOLD
                actions.record_pace(dealer, pace.forecast, threshold)
            results.append(pace.forecast)
            tracks.append(pace.track)
        self._write(results, tracks, options["format"])
        for problem in problems:
            self.stderr.write(problem)

    def _write(self, results: list[PaceForecast], tracks: list[Any], fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(json.dumps([_forecast_json(r) for r in results], indent=2))
            return
        for result, track in zip(results, tracks, strict=True):
            self.stdout.write(render.pace_text(result, track), ending="")


def _inputs(options: dict[str, Any]) -> Inputs:
    if options["folder"] is not None:
        inputs = read_folder(options["folder"])
    else:
        inputs = read_database(options["dealer"])
    if options["folder"] is not None and options["dealer"]:
        import polars as pl

        inputs = Inputs(
            inputs.leads.filter(pl.col("dealer").is_in(options["dealer"])),
            inputs.activities,
            inputs.dealers,
            inputs.costs,
            inputs.sales,
        )
    return inputs


def _forecast_json(result: PaceForecast) -> dict[str, object]:
    return {
        "dealer": result.dealer,
        "month": result.month.strftime("%Y-%m"),
        "as_of": result.as_of.isoformat(),
        "sales_so_far": result.sales_so_far,
        "open_leads": result.open_leads,
        "expected": round(result.expected, 2),
        "low_80": result.low,
        "high_80": result.high,
        "target": result.target,
        "p_target": None if result.p_target is None else round(result.p_target, 3),
        "expected_from_open": round(result.parts.expected_from_open, 2),
        "expected_new_leads": round(result.parts.expected_new_leads, 1),
        "expected_from_new": round(result.parts.expected_from_new, 2),
    }


def _days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise CommandError(f"--days {text!r}: expected day numbers like 5,10,15,20") from None
    if not days or any(not 1 <= day <= 28 for day in days):
        raise CommandError(f"--days {text!r}: each day must be between 1 and 28")
    return days


def _instant(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of {text!r} is not an ISO 8601 moment") from None
    return at if at.tzinfo else at.replace(tzinfo=get_default_timezone())
