"""`scoreline import DIR`: an exchange folder (or another CRM's export, mapped) into the DB."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress, TaskID

from scoreline.intake import processing, spreadsheet
from scoreline.intake.models import Format, Payload, ResultStatus
from scoreline.intake.reporting import failures, in_file_order
from scoreline.leads.models import Channel


class Command(BaseCommand):
    help = (
        "Import an exchange folder (dealers, leads, activities, costs, sales, calls; CSV or XLSX)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--mapping", type=Path, help="JSON: columns, files, date_formats")
        parser.add_argument("--dealer", default="", help="dealer for leads rows that name none")
        parser.add_argument("--create-sources", action="store_true", help="add unknown sources")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="output")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        settings = _options(options)
        files = spreadsheet.folder_files(folder, settings)
        if not files:
            raise CommandError(
                f"{folder} holds none of {', '.join(spreadsheet.KINDS)} (.csv/.xlsx)"
            )
        payloads = _import(files, settings, options["format"] == "text")
        leads = spreadsheet.imported_leads(payloads)
        flagged = sum(lead.closed_without_standard for lead in leads)
        report = [_summary(p) for p in payloads]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"files": report, "closed_without_standard": flagged}, indent=2)
            )
        else:
            self._write_text(report, flagged)
        failed = failures([p.status for p in payloads])
        if failed:
            raise CommandError(f"file(s): {failed}", returncode=1)

    def _write_text(self, report: list[dict[str, Any]], flagged: int) -> None:
        for file in report:
            counts = ", ".join(f"{n} {status}" for status, n in file["counts"].items() if n)
            self.stdout.write(f"{file['file']}: {counts or 'no rows'}")
            for error in file["errors"]:
                self.stdout.write(f"  {error['where']}: {error['problem']}")
        self.stdout.write(f"{flagged} lead(s) closed lost without the follow-up standard (flagged)")


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
    )


def _import(
    files: list[tuple[str, Path]], settings: spreadsheet.Options, show: bool
) -> list[Payload]:
    """Store each file raw, then import its rows with a progress bar (on standard error)."""
    payloads = []
    with Progress(console=Console(stderr=True), transient=True, disable=not show) as progress:
        for kind, path in files:
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
