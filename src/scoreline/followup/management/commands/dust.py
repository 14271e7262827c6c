"""`scoreline dust`: today's action list of untouched, stale and overdue leads, in full.

The report shows the most valuable of them; this command gives every one, as text, JSON
lines or CSV.
"""

import csv
import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from scoreline.followup.dust import DustItem, action_list, per_salesperson
from scoreline.followup.management.arguments import dealers_with_slugs, moment, user_named
from scoreline.leads.models import Lead


class Command(BaseCommand):
    help = "Print today's dust: untouched, stale and overdue leads, most urgent and valuable first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dealer", action="append", help="Dealer slug (repeatable).")
        parser.add_argument("--salesperson", help="Only this salesperson's leads (username).")
        parser.add_argument("--at", help="The moment to judge at (ISO 8601), default now.")
        parser.add_argument(
            "--format", choices=["text", "json", "csv"], default="text", help="Output format."
        )
        parser.add_argument("--json", action="store_true", help="Same as --format json.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = moment(options["at"], "--at")
        leads = Lead.objects.all()
        if options["dealer"]:
            leads = leads.filter(dealer__in=dealers_with_slugs(options["dealer"], "--dealer"))
        if options["salesperson"]:
            leads = leads.filter(assigned_to=user_named(options["salesperson"], "--salesperson"))
        items = action_list(leads, now)
        output = "json" if options["json"] else options["format"]
        if output == "json":
            for item in items:
                self.stdout.write(json.dumps(_as_json(item)))
        elif output == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(_as_json(item) for item in items)
        else:
            self._print(items, now)

    def _print(self, items: list[DustItem], now: datetime) -> None:
        self.stdout.write(f"{len(items)} leads to work on {timezone.localtime(now):%Y-%m-%d %H:%M}")
        for person, own in per_salesperson(items).items():
            name = str(person) if person else "(unassigned)"
            self.stdout.write(f"\n{name} ({len(own)})")
            for rank, item in enumerate(own, 1):
                since = timezone.localtime(item.since)
                self.stdout.write(
                    f"  {rank:>3}. {item.kind.label:<34} #{item.lead.pk} {item.lead.person} "
                    f"({item.lead.source}, {item.lead.dealer}) since {since:%Y-%m-%d %H:%M}"
                    f"  € {item.value:,.0f}"
                )


FIELDS = ("lead", "dealer", "salesperson", "kind", "since", "value")


def _as_json(item: DustItem) -> dict[str, Any]:
    lead = item.lead
    return {
        "lead": lead.pk,
        "dealer": lead.dealer.slug,
        "salesperson": lead.assigned_to.username if lead.assigned_to else None,
        "kind": item.kind.value,
        "since": item.since.isoformat(),
        "value": round(item.value, 2),
    }
