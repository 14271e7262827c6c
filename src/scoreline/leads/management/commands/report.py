"""`scoreline report`: the scoreboard of an exchange folder or of the database."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.analytics import extract
from scoreline.analytics.exchange import read_folder
from scoreline.analytics.frames import FrameError, Inputs
from scoreline.analytics.render import FORMATS
from scoreline.analytics.report import Scope, build_report
from scoreline.analytics.standard import FollowUpStandard, ReportSettings


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
        parser.add_argument("--target", type=float, default=0.13, help="target conversion (0.13)")
        parser.add_argument(
            "--margin",
            type=float,
            default=1500.0,
            help="margin per sale (EUR) for the missed value",
        )
        parser.add_argument(
            "--lang", choices=["en", "nl", "fr"], default="en", help="language of the sentences"
        )
        parser.add_argument(
            "--by", action="append", default=[], help="an extra cut, e.g. source,month"
        )
        parser.add_argument("--output", type=Path, help="write here instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        settings = ReportSettings(
            target=options["target"], margin_per_sale=options["margin"], language=options["lang"]
        )
        scope = Scope(
            options["date_from"],
            options["date_to"],
            tuple(options["dealer"]),
            tuple(tuple(b.split(",")) for b in options["by"]),
        )
        as_of = options["as_of"] or datetime.now(UTC)
        try:
            inputs, standards = _inputs(options)
            report = build_report(
                inputs, as_of, scope=scope, settings=settings, dealer_standards=standards
            )
        except FrameError as error:
            raise CommandError(str(error)) from None
        text = FORMATS[options["format"]](report)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")


def _inputs(options: dict[str, Any]) -> tuple[Inputs, dict[str, FollowUpStandard]]:
    """The folder's frames, or the database's with each dealer's own follow-up standard.

    The whole database is read even for --dealer: shared costs are divided over every
    dealer's leads and the verdict's model learns from the group's history.
    """
    if options["folder"] is not None:
        return read_folder(options["folder"]), {}
    return extract.read_database(), extract.dealer_standards()


def _instant(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=UTC)
