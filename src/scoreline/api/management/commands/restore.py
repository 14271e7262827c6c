"""`scoreline restore FILE`: put a backup back. Stop the web server and the worker first."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.ops.backup import BackupError, fingerprint, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `scoreline backup`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"] and not self._confirmed(options["file"]):
            raise CommandError("restore: not confirmed (pass --yes to skip the question)")
        try:
            restore(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored from {options['file']}")
        self.stdout.write(json.dumps(fingerprint()["counts"]))

    def _confirmed(self, path: Path) -> bool:
        answer = input(f"Replace every row of the database with {path}? [y/N] ")
        return answer.strip().lower() in {"y", "yes"}
