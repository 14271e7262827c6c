"""A big leads file is imported in bulk and writes exactly the rows of one row at a time.

The file holds history of every kind: won and lost leads (new lost reasons, a known one that
needs no follow-up, none at all), campaigns of the dealer and of the group, salespeople by
user name and by full name, open leads for the rule, repeats across sources and a repeat
whose own status is nonsense (never read), rows refused for their history only when they
would be new, offsets that order the file differently from the clock, and a second dealer.
"""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cast import build_cast
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.snapshot import rolled_back, snapshot
from scoreline.intake import bulk, processing
from scoreline.intake.models import Format, Payload, PayloadStatus
from scoreline.intake.rows import Options
from scoreline.leads.models import Campaign, Channel, Lead, LeadStatus, LostReason, Person

pytestmark = pytest.mark.django_db
ARRIVED = datetime(2025, 4, 1, 8, 0, tzinfo=UTC)
# A leads file of 31 rows that tell the story of the module docstring (row 2 is the first).
LEADS = (Path(__file__).parent / "bulk_leads" / "leads.csv").read_text().splitlines()
EXTRA = "X{n},Autohuis Noord,website,,{at},Extra,{n},extra{n}@example.nl,,Kia,Niro,used,,open,,"


@pytest.fixture
def cast():
    cast = build_cast()
    Campaign.objects.create(
        dealer=cast.noord, source=cast.website, name="Lente",
        starts_on=date(2025, 3, 1), ends_on=date(2025, 5, 31),
    )  # fmt: skip
    Campaign.objects.create(
        source=cast.website, name="Winter", starts_on=date(2025, 1, 1), ends_on=date(2025, 3, 31)
    )
    LostReason.objects.filter(code="duplicate").update(label="Dubbel")
    karel = Person.objects.create(dealer=cast.noord, email="karel@example.nl")
    Lead.objects.create(
        dealer=cast.noord, person=karel, source=cast.website,
        received_at=datetime(2025, 2, 28, 9, 0, tzinfo=UTC), is_imported=True,
    )  # fmt: skip
    return cast


def leads_file(lines: list[str]) -> Payload:
    payload = processing.receive(
        "\n".join(lines).encode(),
        channel=Channel.SPREADSHEET,
        format=Format.EXCHANGE,
        external_id="leads.csv",
        whole_duplicates=False,
        meta={"file": "leads.csv", "kind": "leads", "options": Options().as_meta()},
        at=ARRIVED,
    )
    processing.claim(payload.pk)
    return processing.process(payload)


def test_a_big_leads_file_writes_the_same_rows_in_bulk_as_row_by_row(cast, monkeypatch):
    with rolled_back():
        in_bulk = leads_file(LEADS)
        written_in_bulk = snapshot(), in_bulk.status, in_bulk.error
    monkeypatch.setattr(bulk, "BULK_MIN", 10**6)
    row_by_row = leads_file(LEADS)
    assert (snapshot(), row_by_row.status, row_by_row.error) == written_in_bulk


def test_the_bulk_import_tells_the_story_of_the_file(cast):
    payload = leads_file(LEADS)
    told = {r.where: (r.status, r.error_code) for r in payload.results.all()}
    assert told["leads.csv, row 3"] == ("repeat", "")  # its status 'later' is never read
    assert told["leads.csv, row 11, column status"] == ("refused", "bad_value")
    assert told["leads.csv, row 12, column campaign"] == ("refused", "bad_value")
    assert told["leads.csv, row 13, column closed_at"] == ("refused", "missing_field")
    assert told["leads.csv, row 14"] == ("created", "")  # Ilse again: her first row was refused
    assert told["leads.csv, row 18"] == ("duplicate", "")  # E1 a second time
    assert payload.status == PayloadStatus.FAILED  # the refused rows, each kept with its reason
    lead = {p: Lead.objects.get(person__email=f"{p}@example.nl") for p in ("anna", "cor", "daan")}
    assert lead["anna"].campaign.name == "Lente" and lead["daan"].campaign.dealer is None
    assert lead["cor"].lost_reason == lead["daan"].lost_reason  # "Te duur", made once
    assert lead["cor"].closed_without_standard and lead["daan"].assigned_to == cast.bram
    fred = Lead.objects.get(person__email="fred@example.nl")
    assert fred.status == LeadStatus.LOST and not fred.closed_without_standard  # needs no effort
    # E19 (09:15 in Amsterdam) came a quarter of an hour before E18 (08:30 UTC): one lead, as
    # the exchange folder's reading makes it, opened by E19, with E18 its repeat inquiry
    olga = Lead.objects.get(person__email="olga@example.nl")
    assert [(i.provider_id, i.is_repeat) for i in olga.inquiries.order_by("received_at")] == [
        ("exchange:E19", False),
        ("exchange:E18", True),
    ]
    nick = Lead.objects.get(dealer=cast.lakeside)
    assert nick.assigned_to == cast.logan and nick.person.phone == "+14155550100"


def test_the_bulk_import_asks_the_database_about_as_often_for_many_more_rows(cast):
    def queries(extra: int) -> int:
        start = datetime(2025, 3, 20, 9, 0, tzinfo=UTC)
        more = [
            EXTRA.format(n=n, at=(start + timedelta(hours=n)).isoformat()) for n in range(extra)
        ]
        with rolled_back(), CaptureQueriesContext(connection) as captured:
            leads_file(LEADS + more)
        return len(captured)

    # Only the inserts' batches grow (SQLite takes a few hundred values per statement).
    assert queries(40) - queries(0) <= 3
