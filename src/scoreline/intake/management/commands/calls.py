"""`scoreline calls import PATH --dealer SLUG`: a phone system's call log into the database.

PATH is an Asterisk CDR file (Master.csv) or an exchange calls.csv; which one is detected.
Prints what it did: `{"calls": n, "matched": n, "unmatched": n, "new_leads": n,
"duplicates": n, "refused": n}` (`--format json`), or the same in words.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.intake.call_import import import_call_file
from scoreline.intake.management.commands.intake import _dealer


class Command(BaseCommand):
    help = "Import a phone system's call log (Asterisk CDR or calls.csv) and match its calls."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        read = actions.add_parser("import", help="import a CDR file or an exchange calls.csv")
        read.add_argument("path", type=Path)
        read.add_argument("--dealer", required=True, help="dealer slug or name")
        read.add_argument("--format", choices=("text", "json"), default="text")
        read.add_argument(
            "--utc", action="store_true", help="the CDR's times are UTC (usegmtime=yes)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        dealer = _dealer(options["dealer"])
        payload, counts = import_call_file(
            path.read_bytes(), dealer, name=path.name, utc=options["utc"]
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(
                ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in counts.items())
            )
        if payload.error:
            self.stderr.write(f"{path.name}: {payload.error}")
