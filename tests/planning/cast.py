"""The planning cast: Autohuis Noord with fourteen months of imported lead history, its
marketing manager Mark, sales manager Mia and salesperson Sam; and Lille, a new dealer with no
history, whose manager Léa must hear nothing of Noord's month.

The history is a seeded synthetic one (`planning.synthetic`) written as imported leads: the
importer's own path is tested elsewhere and would take far longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl
from synthetic.history import SyntheticDealer, generate

from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.followup.models import Activity
from scoreline.leads.models import Lead, LostReason, Person, Source

NOORD_HISTORY = SyntheticDealer(
    name="Autohuis Noord", seed=4, start=date(2024, 1, 1), months=14, leads_per_day=2.5
)
COSTS = {"website": "25", "marktplaats": "15", "importer": "30", "walk-in": "0"}


@dataclass
class Cast:
    noord: Dealer
    lille: Dealer
    marketing_mark: User
    manager_mia: User
    salesperson_sam: User
    lille_lea: User


def build_cast() -> Cast:
    noord = Dealer.objects.create(name="Autohuis Noord", slug="autohuis-noord")
    lille = Dealer.objects.create(name="Lille Centre", slug="lille", time_zone="Europe/Paris")
    people = {}
    for name, dealer, role in (
        ("mark", noord, Role.MARKETING),
        ("mia", noord, Role.SALES_MANAGER),
        ("sam", noord, Role.SALESPERSON),
        ("lea", lille, Role.SALES_MANAGER),
    ):
        people[name] = User.objects.create(username=name, email=f"{name}@example.invalid")
        Membership.objects.create(user=people[name], dealer=dealer, role=role)
    for name, cost in COSTS.items():
        Source.objects.create(name=name, slug=name, cost_per_lead=Decimal(cost))
    import_history(noord, NOORD_HISTORY)
    return Cast(noord, lille, people["mark"], people["mia"], people["sam"], people["lea"])


def import_history(dealer: Dealer, story: SyntheticDealer) -> None:
    """The generated leads and their activities as imported history of the dealer."""
    leads, activities = generate(story)
    sources = {source.name: source for source in Source.objects.all()}
    reason, _ = LostReason.objects.get_or_create(code="not-interested", label="Not interested")
    rows = list(leads.iter_rows(named=True))
    persons = Person.objects.bulk_create(
        Person(dealer=dealer, email=f"{row['lead_id'].lower()}@example.invalid") for row in rows
    )
    created = Lead.objects.bulk_create(
        Lead(
            dealer=dealer,
            person=person,
            source=sources[row["source"]],
            received_at=row["received_at"],
            status=row["status"],
            closed_at=row["closed_at"],
            lost_reason=reason if row["status"] == "lost" else None,
            is_imported=True,
        )
        for row, person in zip(rows, persons, strict=True)
    )
    keys = dict(zip(leads["lead_key"].to_list(), created, strict=True))
    Activity.objects.bulk_create(
        Activity(
            lead=keys[row["lead_key"]], kind=row["kind"], at=row["at"], outcome=row["outcome"] or ""
        )
        for row in activities.filter(pl.col("kind") != "order").iter_rows(named=True)
    )
