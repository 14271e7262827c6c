"""`scoreline report`: the scoreboard of an exchange folder or of the database."""

from __future__ import annotations

from argparse import ArgumentParser
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.analytics.exchange import read_folder
from scoreline.analytics.frames import FrameError
from scoreline.analytics.render import FORMATS
from scoreline.analytics.report import TOP_LEADS, Scope, build_report
from scoreline.analytics.standard import ReportSettings
from scoreline.reports import extract
from scoreline.reports.assembly import database_report


class Command(BaseCommand):
    help = "Every figure by source, salesperson, dealer and month, with verdicts (DIR: exchange)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "folder", nargs="?", type=Path, help="exchange folder; omit to read the database"
        )
        parser.add_argument(
            "--dealer", action="append", default=[], help="only this dealer (repeatable)"
        )
        parser.add_argument(
            "--from", dest="date_from", type=date.fromisoformat, help="first day (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--to", dest="date_to", type=date.fromisoformat, help="last day (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--as-of", type=_instant, default=None, help="'now' for stale and untouched (ISO 8601)"
        )
        parser.add_argument("--format", choices=sorted(FORMATS), default="table")
        parser.add_argument(
            "--target", type=float, help="target conversion (default: the dealer's, else 0.13)"
        )
        parser.add_argument(
            "--margin",
            type=float,
            help="margin per sale (EUR) for the missed value (default: the dealer's, else 1500)",
        )
        parser.add_argument(
            "--lang", choices=["en", "nl", "fr"], default="en", help="language of the sentences"
        )
        parser.add_argument(
            "--by", action="append", default=[], help="an extra cut, e.g. source,month"
        )
        parser.add_argument(
            "--lists",
            choices=["top", "all"],
            default="top",
            help=f"untouched and stale leads: the {TOP_LEADS} most valuable of each, or all",
        )
        parser.add_argument("--output", type=Path, help="write here instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"] or datetime.now(UTC)
        scope = Scope(
            options["date_from"],
            options["date_to"],
            tuple(options["dealer"]),
            tuple(tuple(b.split(",")) for b in options["by"]),
        )
        try:
            if options["folder"]:
                report = self._from_folder(options, as_of, scope)
            else:
                report = self._from_database(options, as_of, scope)
        except FrameError as error:
            raise CommandError(str(error)) from None
        text = FORMATS[options["format"]](report)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _from_folder(
        self, options: dict[str, Any], as_of: datetime, scope: Scope
    ) -> dict[str, Any]:
        settings = ReportSettings(language=options["lang"])
        if options["target"] is not None:
            settings = replace(settings, target=options["target"])
        if options["margin"] is not None:
            settings = replace(settings, margin_per_sale=options["margin"])
        inputs = read_folder(options["folder"])
        return build_report(
            inputs, as_of, scope=scope, settings=settings, listed=_listed(options["lists"])
        )

    def _from_database(
        self, options: dict[str, Any], as_of: datetime, scope: Scope
    ) -> dict[str, Any]:
        unknown = extract.unknown_dealers(options["dealer"])
        if unknown:
            raise CommandError(f"--dealer: no dealer named {', '.join(map(repr, unknown))}")
        assembled = database_report(
            options["dealer"],
            as_of,
            scope=scope,
            language=options["lang"],
            target=options["target"],
            margin_per_sale=options["margin"],
            listed=_listed(options["lists"]),
        )
        if assembled.differing:
            differ = ", ".join(assembled.differing)
            self.stderr.write(f"The dealers differ in {differ}: the default is used for it.")
        return assembled.report


def _listed(lists: str) -> int | None:
    return None if lists == "all" else TOP_LEADS


def _instant(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=UTC)
