"""`scoreline privacy export|erase --email … --phone …`: one person's data on request."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoreline.ops.privacy import PersonNotFound, erase_persons, export_person, find_persons


class Command(BaseCommand):
    help = "Export (JSON) or erase everything stored about one person, found by e-mail or phone."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--region", default="NL", help="Country for a national phone number")
        parser.add_argument("--yes", action="store_true", help="Erase without asking")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["email"] and not options["phone"]:
            raise CommandError("privacy: give --email or --phone (or both)")
        try:
            persons = find_persons(
                email=options["email"], phone=options["phone"], region=options["region"]
            )
        except PersonNotFound as error:
            raise CommandError(f"privacy: {error}") from None
        if options["action"] == "export":
            self.stdout.write(json.dumps(export_person(persons), indent=2, default=str))
            return
        if not options["yes"] and input(f"Erase {len(persons)} person record(s)? [y/N] ") != "y":
            raise CommandError("privacy erase: not confirmed (pass --yes to skip the question)")
        erased = erase_persons(persons)
        self.stdout.write(
            f"erased {erased.persons} person record(s): {erased.leads} lead(s) anonymised, "
            f"{erased.payloads} received document(s) wiped"
        )
