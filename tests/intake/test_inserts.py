"""`inserts.insert` writes what `bulk_create` writes, keys and all, only faster."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from scoreline.dealers.models import Dealer
from scoreline.followup.models import Job
from scoreline.intake.inserts import MAX_PARAMS, insert
from scoreline.leads.models import Lead, Person, Source

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def leads(dealer: Dealer, source: Source, tag: str, n: int) -> list[Lead]:
    """Unsaved leads on unsaved persons: details as JSON, times in two zones, some empty."""
    return [
        Lead(
            dealer=dealer,
            person=Person(dealer=dealer, email=f"{tag}{i}@example.nl", first_name="Zoë"),
            source=source,
            received_at=datetime(2025, 3, 30, 1, i % 60, tzinfo=AMSTERDAM if i % 2 else UTC),
            vehicle={"make": "Kia", "options": ["trekhaak"], "price": str(i)},
            message="" if i % 3 else f"bericht {i}",
            response_due_at=None if i % 4 else datetime(2025, 3, 31, 9, 0, tzinfo=UTC),
        )
        for i in range(n)
    ]


def told(rows: list[Lead]) -> list[tuple]:
    fields = ("person__email", "received_at", "vehicle", "message", "response_due_at", "status")
    found = Lead.objects.filter(pk__in=[lead.pk for lead in rows]).order_by("pk")
    return list(found.values_list(*fields))


def test_inserted_rows_read_back_as_bulk_created_ones_with_their_keys():
    dealer = Dealer.objects.create(name="Noord", slug="noord")
    source = Source.objects.create(name="Website", slug="website")
    n = MAX_PARAMS // 10 + 7  # more than one statement's worth of persons and of leads
    created = leads(dealer, source, "bulk", n)
    Person.objects.bulk_create([lead.person for lead in created])
    Lead.objects.bulk_create(created)
    inserted = leads(dealer, source, "insert", n)

    insert([lead.person for lead in inserted], returning=True)
    insert(inserted, returning=True)

    assert all(lead.pk and lead.person_id == lead.person.pk for lead in inserted)
    expected = [(email.replace("bulk", "insert"), *rest) for email, *rest in told(created)]
    assert told(inserted) == expected
    jobs = [Job(lead=lead, kind="breach", due_at=lead.received_at) for lead in inserted]
    insert(jobs)
    assert Job.objects.filter(lead__in=inserted).count() == n
