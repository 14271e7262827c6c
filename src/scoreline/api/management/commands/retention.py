"""`scoreline retention [--months N] [--dry-run]`: anonymise leads closed long ago."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.api.idempotency import purge_idempotency_records
from scoreline.ops.retention import apply_retention, retention_months


class Command(BaseCommand):
    help = "Anonymise persons whose leads all closed more than N months ago; figures stay."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--months", type=int, default=None, help="Default: RETENTION_MONTHS")
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"] or retention_months()
        try:
            done = apply_retention(months, dry_run=options["dry_run"])
        except ValueError as error:
            raise CommandError(f"--months: {error}") from None
        verb = "would anonymise" if options["dry_run"] else "anonymised"
        self.stdout.write(
            f"{verb} {done.persons} person(s) with {done.leads} lead(s) "
            f"closed before {done.cutoff:%Y-%m-%d} ({months} months)"
        )
        if not options["dry_run"]:
            self.stdout.write(f"purged {purge_idempotency_records()} old idempotency record(s)")
