"""`scoreline backup FILE`: a consistent copy of the whole database while it keeps running."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.ops.backup import BackupError, backup, fingerprint


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite online backup, or pg_dump's custom format)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            dest = backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backed up to {dest}")
        self.stdout.write(json.dumps(fingerprint()["counts"]))
