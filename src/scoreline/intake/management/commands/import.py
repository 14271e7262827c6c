"""`scoreline import PATH`: an exchange folder or file (or another CRM's export) into the DB.

Another CRM's export is read through a mapping file (`--mapping`), or through the mapping
guessed from its header and values (`--guess-mapping`), which is printed first, can be kept
as a mapping file for next time (`--save-mapping`) or only looked at (`--dry-run`).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress, TaskID

from scoreline.dealers.models import Dealer
from scoreline.intake import guessing, processing, spreadsheet
from scoreline.intake.errors import IntakeError
from scoreline.intake.models import Format, Payload, ResultStatus
from scoreline.intake.reporting import failures, in_file_order
from scoreline.leads.models import Channel


class Command(BaseCommand):
    help = (
        "Import an exchange folder or file (dealers, leads, activities, costs, sales, calls; "
        "CSV or XLSX), or a CRM's own export with --guess-mapping."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="a folder, or one file")
        parser.add_argument("--mapping", type=Path, help="JSON: columns, files, date_formats")
        parser.add_argument("--dealer", default="", help="dealer for leads rows that name none")
        parser.add_argument("--create-sources", action="store_true", help="add unknown sources")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="output")
        parser.add_argument(
            "--guess-mapping", action="store_true", help="guess the columns of leads files"
        )
        parser.add_argument("--dry-run", action="store_true", help="show the guess, import nothing")
        parser.add_argument("--save-mapping", type=Path, help="keep the guess as a mapping file")

    def handle(self, *args: Any, **options: Any) -> None:
        settings = _options(options)
        files = _files(options["path"], settings, options["guess_mapping"])
        guesses: list[guessing.Guess] = []
        if options["guess_mapping"]:
            files, guesses = _guessed(files, settings)
            self._write_guesses(guesses, options)
        if options["dry_run"]:
            if options["format"] == "json":
                self.stdout.write(json.dumps({"guesses": [g.as_dict() for g in guesses]}, indent=2))
            _refuse_incomplete(guesses)
            return
        _refuse_incomplete(guesses)
        payloads = _import(files, options["format"] == "text")
        leads = spreadsheet.imported_leads(payloads)
        flagged = sum(lead.closed_without_standard for lead in leads)
        report = [_summary(p) for p in payloads]
        if options["format"] == "json":
            document = {"files": report, "closed_without_standard": flagged}
            if guesses:
                document["guesses"] = [g.as_dict() for g in guesses]
            self.stdout.write(json.dumps(document, indent=2))
        else:
            self._write_text(report, flagged)
        failed = failures([p.status for p in payloads])
        if failed:
            raise CommandError(f"file(s): {failed}", returncode=1)

    def _write_guesses(self, guesses: list[guessing.Guess], options: dict[str, Any]) -> None:
        if options["save_mapping"] and guesses:
            text = json.dumps(guesses[0].as_mapping_file(), indent=2, ensure_ascii=False)
            options["save_mapping"].write_text(text + "\n", encoding="utf-8")
        if options["format"] == "text":
            for guess in guesses:
                self.stdout.write("\n".join(_guess_lines(guess)))

    def _write_text(self, report: list[dict[str, Any]], flagged: int) -> None:
        for file in report:
            counts = ", ".join(f"{n} {status}" for status, n in file["counts"].items() if n)
            self.stdout.write(f"{file['file']}: {counts or 'no rows'}")
            for error in file["errors"]:
                self.stdout.write(f"  {error['where']}: {error['problem']}")
        self.stdout.write(f"{flagged} lead(s) closed lost without the follow-up standard (flagged)")


Planned = tuple[str, Path, spreadsheet.Options]


def _files(path: Path, settings: spreadsheet.Options, guess: bool) -> list[Planned]:
    """What to import: (kind, file, options); a lone file is the kind its name says, else leads.

    With a guess, a folder's spreadsheets not named like a kind are leads files too.
    """
    if path.is_file():
        kind = path.stem.casefold() if path.stem.casefold() in spreadsheet.KINDS else "leads"
        return [(kind, path, settings)]
    if not path.is_dir():
        raise CommandError(f"{path} is neither a file nor a folder")
    files = [(kind, file, settings) for kind, file in spreadsheet.folder_files(path, settings)]
    if guess:
        named = {file for _, file, _ in files}
        files += [
            ("leads", file, settings)
            for file in sorted(path.iterdir())
            if file.suffix.casefold() in SPREADSHEETS and file not in named
            and file.stem.casefold() not in spreadsheet.KINDS
        ]  # fmt: skip
    if not files:
        raise CommandError(f"{path} holds none of {', '.join(spreadsheet.KINDS)} (.csv/.xlsx)")
    return files


SPREADSHEETS = (".csv", ".xlsx", ".txt", ".tsv")


def _guessed(
    files: list[Planned], settings: spreadsheet.Options
) -> tuple[list[Planned], list[guessing.Guess]]:
    """Each leads file with the mapping guessed for it (its own options); others as they are."""
    country = _country(settings.dealer)
    planned, guesses = [], []
    for kind, path, options in files:
        if kind != "leads":
            planned.append((kind, path, options))
            continue
        try:
            found = guessing.guess(path.read_bytes(), path.name, kind, country=country)
        except IntakeError as error:
            raise CommandError(f"{path.name}: {error}") from None
        guesses.append(found)
        mapping = found.as_mapping_file()
        own = replace(
            options,
            columns={**options.columns, **mapping["columns"]},
            date_formats=found.date_formats + options.date_formats,
        )
        planned.append((kind, path, own))
    return planned, guesses


def _country(dealer: str) -> str:
    """The country of the dealer named on the command line, for the order of its dates."""
    found = (
        Dealer.objects.filter(slug=dealer).first()
        or Dealer.objects.filter(name__iexact=dealer).first()
    )
    return found.country if found else "NL"


def _refuse_incomplete(guesses: list[guessing.Guess]) -> None:
    incomplete = [
        f"{g.file} has no column for {', '.join(g.missing)}" for g in guesses if g.missing
    ]
    if incomplete:
        raise CommandError("; ".join(incomplete) + " (map it with --mapping)", returncode=1)


def _guess_lines(guess: guessing.Guess) -> list[str]:
    """The guess for a terminal: one line per column, with how sure and what it holds."""
    lines = [f"{guess.file} ({guess.kind}), header on row {guess.header_row}:"]
    for column in guess.columns:
        target = column.field or "(not imported)"
        sure = f" ({column.confidence:.0%})" if column.field else ""
        lines.append(f"  {column.header} → {target}{sure}: {' | '.join(column.examples)}")
    if guess.date_formats:
        lines.append(f"  dates read as {', '.join(guess.date_formats)}")
    if guess.missing:
        lines.append(f"  missing: {', '.join(guess.missing)}")
    return lines


def _options(options: dict[str, Any]) -> spreadsheet.Options:
    mapping: dict[str, Any] = {}
    if options["mapping"]:
        try:
            mapping = json.loads(options["mapping"].read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"mapping {options['mapping']}: {error}") from None
    return spreadsheet.Options(
        columns=mapping.get("columns", {}),
        files=mapping.get("files", {}),
        date_formats=mapping.get("date_formats", []),
        dealer=options["dealer"],
        create_sources=options["create_sources"],
        may_change_dealers=True,  # the operator's command: dealers.csv creates and changes dealers
    )


def _import(files: list[Planned], show: bool) -> list[Payload]:
    """Store each file raw, then import its rows with a progress bar (on standard error)."""
    payloads = []
    with Progress(console=Console(stderr=True), transient=True, disable=not show) as progress:
        for kind, path, settings in files:
            payload = processing.receive(
                path.read_bytes(),
                channel=Channel.SPREADSHEET,
                format=Format.EXCHANGE,
                external_id=path.name,
                whole_duplicates=False,
                meta={"file": path.name, "kind": kind, "options": settings.as_meta()},
            )
            task = progress.add_task(path.name, total=None)
            processing.claim(payload.pk)
            processing.process(payload, on_item=_advancer(progress, task))
            payload.refresh_from_db()
            payloads.append(payload)
    return payloads


def _advancer(progress: Progress, task: TaskID) -> Callable[[int], None]:
    def advance(total: int) -> None:
        progress.update(task, total=total, advance=1)

    return advance


def _summary(payload: Payload) -> dict[str, Any]:
    results = list(payload.results.order_by("position"))
    counts = {status: sum(r.status == status for r in results) for status in ResultStatus.values}
    errors = [
        {"where": r.where, "code": r.error_code, "problem": r.error}
        for r in results
        if r.status == ResultStatus.REFUSED
    ]
    if not results and payload.error:
        errors.append(
            {
                "where": payload.meta.get("file", ""),
                "code": payload.error_code,
                "problem": payload.error,
            }
        )
    errors.sort(key=lambda error: in_file_order(error["where"]))
    return {
        "file": payload.meta.get("file"),
        "payload": payload.pk,
        "status": payload.status,
        "counts": counts,
        "errors": errors,
    }
