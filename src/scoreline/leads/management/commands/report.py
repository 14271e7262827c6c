"""`scoreline report`: the scoreboard of an exchange folder or of the database."""

from __future__ import annotations

from argparse import ArgumentParser
from dataclasses import dataclass, replace
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
            source = _folder(options) if options["folder"] else self._database(options, as_of)
            report = build_report(
                source.inputs,
                as_of,
                scope=scope,
                settings=source.settings,
                dealer_standards=source.standards,
            )
        except FrameError as error:
            raise CommandError(str(error)) from None
        if source.history is not None:
            _say_where_the_model_learnt(report, source.history, options["dealer"], options["lang"])
        text = FORMATS[options["format"]](report)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _database(self, options: dict[str, Any], as_of: datetime) -> _Source:
        """The database's frames, each dealer's standard, and the dealers' own settings.

        With --dealer only those dealers' leads are read, unless their judged history is
        too thin for the verdict's model: then their groups' leads come along for the model
        (the figures stay the named dealers' own, as the scope filters them).
        """
        dealers = options["dealer"]
        unknown = extract.unknown_dealers(dealers)
        if unknown:
            raise CommandError(f"--dealer: no dealer named {', '.join(map(repr, unknown))}")
        settings, differing = extract.dealer_settings(_settings(options), dealers)
        if differing:
            self.stderr.write(
                f"The dealers differ in {', '.join(differing)}: the default is used for it."
            )
        settings = _flags_win(settings, options)
        if not dealers:
            return _Source(extract.read_database(), settings, extract.dealer_standards())
        history = extract.history_for(dealers, as_of)
        return _Source(
            extract.read_database(history.dealers),
            settings,
            extract.dealer_standards(history.dealers),
            history,
        )


@dataclass(frozen=True)
class _Source:
    inputs: Inputs
    settings: ReportSettings
    standards: dict[str, FollowUpStandard]
    history: extract.History | None = None


def _settings(options: dict[str, Any]) -> ReportSettings:
    return ReportSettings(language=options["lang"])


def _flags_win(settings: ReportSettings, options: dict[str, Any]) -> ReportSettings:
    """--target and --margin, where given, over the dealers' own values."""
    if options["target"] is not None:
        settings = replace(settings, target=options["target"])
    if options["margin"] is not None:
        settings = replace(settings, margin_per_sale=options["margin"])
    return settings


def _folder(options: dict[str, Any]) -> _Source:
    return _Source(read_folder(options["folder"]), _flags_win(_settings(options), options), {})


BORROWED = {
    "en": "The model learnt from the whole group's leads ({dealers}): {own} has only {n} "
    "leads with a known outcome of its own. The figures are {own}'s alone.",
    "nl": "Het model leerde van de leads van de hele groep ({dealers}): {own} heeft zelf maar "
    "{n} leads met een bekende afloop. De cijfers zijn alleen die van {own}.",
    "fr": "Le modèle a appris sur les leads de tout le groupe ({dealers}) : {own} n'a que {n} "
    "leads dont l'issue est connue. Les chiffres sont ceux de {own} seul.",
}


def _say_where_the_model_learnt(
    report: dict[str, Any], history: extract.History, dealers: list[str], language: str
) -> None:
    """Add to the method's assumptions which dealers' history the verdict's model learnt on."""
    report["model_history"] = {
        "dealers": list(history.dealers),
        "own_judged_leads": history.own_judged,
        "group": history.borrowed,
    }
    if not history.borrowed:
        return
    words = {"dealers": ", ".join(history.dealers), "own": " + ".join(dealers)}
    notes = {lang: text.format(n=history.own_judged, **words) for lang, text in BORROWED.items()}
    report["method"] = {lang: f"{said} {notes[lang]}" for lang, said in report["method"].items()}
    report["method_sentence"] = f"{report['method_sentence']} {notes[language]}"


def _instant(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=UTC)
