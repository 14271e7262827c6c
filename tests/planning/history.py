"""Planning's data on top of the cast: fourteen months of imported lead history at Autohuis
Noord and what each source costs; Lille, new, has no history, and its manager Léa must hear
nothing of Noord's month.

The history is a seeded synthetic one (`synthetic.history`) written as imported leads: the
importer's own path is tested elsewhere and would take far longer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
from cast import Cast, build_cast
from synthetic.history import SyntheticDealer, generate

from scoreline.dealers.models import Dealer
from scoreline.followup.models import Activity
from scoreline.leads.models import Lead, LostReason, Person, Source

NOORD_HISTORY = SyntheticDealer(
    name="Autohuis Noord", seed=4, start=date(2024, 1, 1), months=14, leads_per_day=2.5
)
COSTS = {"website": "25", "marktplaats": "15", "importer": "30", "walk-in": "0"}


def build_cast_with_history() -> Cast:
    """The cast, the sources at their cost per lead, and Noord's fourteen months."""
    cast = build_cast()
    for slug, cost in COSTS.items():
        Source.objects.update_or_create(
            slug=slug,
            defaults={"cost_per_lead": Decimal(cost)},
            create_defaults={"name": slug, "cost_per_lead": Decimal(cost)},
        )
    import_history(cast.noord, NOORD_HISTORY)
    return cast


def import_history(dealer: Dealer, story: SyntheticDealer) -> None:
    """The generated leads and their activities as imported history of the dealer; a source
    is found by its name or its slug."""
    leads, activities = generate(story)
    sources = {}
    for source in Source.objects.all():
        sources[source.name] = sources[source.slug] = source
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
