"""Lead intake end to end (store raw, parse, dedupe, store, assign) against the bare parse.

Three ways leads arrive: one ADF document per payload (a webhook, a mail: each its own
transaction), a bulk ADF import (one document holding every prospect) and a leads file of the
exchange format (`scoreline import`: history with salespeople, wins and losses). The baseline
is lxml parsing the same documents (the CSV reader for the file) and nothing else, in the same
process. One lead in ten repeats an earlier person, so the dedupe path is exercised too. The
database is a fresh test database (created, migrated, dropped). Rates are per CPU second of
this process (the database server's own work on PostgreSQL is not in them); wall time is
printed too.

    .venv/bin/python bench/intake.py [--database sqlite|postgres] [--n 2000]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

PG_URL = "postgres://postgres@127.0.0.1:5432/scoreline"


def prospect(n: int, at: datetime) -> str:
    """One ADF prospect; every tenth repeats the person of the one before it."""
    person = n - 1 if n % 10 == 9 else n
    return f"""<prospect><id source="bench">B-{n}</id>
<requestdate>{at.isoformat()}</requestdate>
<vehicle interest="buy" status="{"used" if n % 3 else "new"}"><year>2024</year><make>Kia</make>
<model>EV{n % 9}</model><price type="quote" currency="EUR">{30000 + n}</price></vehicle>
<customer><contact><name part="first">Klant</name><name part="last">Nummer {person}</name>
<email>klant{person}@example.nl</email><phone type="cellphone">06-{10000000 + person}</phone>
</contact><comments>Bench lead {n}</comments></customer>
<vendor><vendorname>Autohuis Bench</vendorname><contact><name>Verkoop</name></contact></vendor>
</prospect>"""


def documents(n: int) -> list[bytes]:
    start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    prolog = '<?xml version="1.0"?><?adf version="1.0"?>'
    return [
        f"{prolog}<adf>{prospect(i, start + timedelta(minutes=i))}</adf>".encode() for i in range(n)
    ]


def bulk_document(n: int, offset: int) -> bytes:
    start = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
    body = "".join(prospect(offset + i, start + timedelta(minutes=i)) for i in range(n))
    return f'<?xml version="1.0"?><adf>{body}</adf>'.encode()


def leads_file(n: int) -> bytes:
    """An exchange leads.csv of `n` rows: a third open (half of them for the rule), a third won,
    a third lost; every tenth row repeats the person of the row before it."""
    start = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
    lines = [
        "lead_id,dealer,source,received_at,first_name,last_name,email,phone,"
        "vehicle_make,vehicle_model,vehicle_condition,salesperson,status,closed_at,lost_reason"
    ]
    for i in range(n):
        person = i - 1 if i % 10 == 9 else i
        at = start + timedelta(minutes=i)
        status = ("open", "won", "lost")[i % 3]
        closed = (at + timedelta(days=3)).isoformat() if status != "open" else ""
        seller = "anna" if i % 2 else ""
        lines.append(
            f"F-{i},Autohuis Bench,bench,{at.isoformat()},Klant,Rij {person},"
            f"rij{person}@example.nl,06-{20000000 + person},Kia,Niro,used,{seller},{status},"
            f"{closed},{'no answer' if status == 'lost' else ''}"
        )
    return "\n".join(lines).encode()


def timed(action: Callable[[], object]) -> float:
    """CPU seconds of this process: on a shared machine wall time says more about the others."""
    began = time.process_time()
    action()
    return time.process_time() - began


def fastest(action: Callable[[], object], times: int = 5) -> float:
    """The baseline's best of a few runs: it takes milliseconds, where one collection of the
    garbage collector would count for more than the parse."""
    return min(timed(action) for _ in range(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--n", type=int, default=2000, help="documents (and bulk prospects)")
    options = parser.parse_args()
    if options.database == "postgres":
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", PG_URL)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["TEST_DB_FILE"] = "1"  # a file, as in production, not an in-memory database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoreline.config.settings")

    import django

    django.setup()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        run(options.n, connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(n: int, vendor: str) -> None:
    from lxml import etree

    from scoreline.dealers.models import Dealer, Membership, Role, User
    from scoreline.intake import processing
    from scoreline.intake.models import Format
    from scoreline.intake.rows import Options
    from scoreline.intake.tables import read_rows
    from scoreline.leads.models import Channel, Inquiry, Lead, Source

    dealer = Dealer.objects.create(name="Autohuis Bench", slug="bench")
    source = Source.objects.create(name="Bench", slug="bench")
    for name in ("anna", "bram", "cees", "dirk"):
        user = User.objects.create(username=name)
        Membership.objects.create(user=user, dealer=dealer, role=Role.SALESPERSON)
    docs = documents(n)
    bulk = bulk_document(n, offset=n)

    rows = leads_file(n)
    baseline = fastest(lambda: [etree.fromstring(d) for d in docs])
    bulk_baseline = fastest(lambda: etree.fromstring(bulk))
    file_baseline = fastest(lambda: read_rows(rows, "leads.csv"))

    def each() -> None:
        for doc in docs:
            processing.receive(
                doc, channel=Channel.WEBHOOK, format=Format.ADF, dealer=dealer, source=source
            )
        processing.process_pending(limit=n)

    def in_bulk() -> None:
        payload = processing.receive(
            bulk, channel=Channel.ADF, format=Format.ADF, dealer=dealer, source=source
        )
        processing.claim(payload.pk)
        processing.process(payload)

    def a_file() -> None:
        payload = processing.receive(
            rows,
            channel=Channel.SPREADSHEET,
            format=Format.EXCHANGE,
            whole_duplicates=False,
            meta={"file": "leads.csv", "kind": "leads", "options": Options().as_meta()},
        )
        processing.claim(payload.pk)
        processing.process(payload)

    wall = time.perf_counter()
    per_document = timed(each)
    after_each = Lead.objects.count()
    bulk_time = timed(in_bulk)
    wall = time.perf_counter() - wall
    leads = Lead.objects.count()
    assert Inquiry.objects.count() == 2 * n, "every prospect must be recorded once"
    assert not Lead.objects.filter(assigned_to=None).exists(), "every lead must be assigned"
    file_time = timed(a_file)
    file_leads = Lead.objects.count() - leads
    assert Inquiry.objects.count() == 3 * n, "every row must be recorded once"
    assert not Lead.objects.filter(status="open", assigned_to=None).exists()

    print(f"intake ADF, {vendor}, {n} documents (+ one bulk document of {n} prospects)")
    print(f"  (per CPU second of this process; both imports took {wall:.1f} s of wall time)")
    print(f"  baseline (lxml parse only): {n / baseline:10,.0f} documents/s")
    print(
        f"  one payload per document:   {n / per_document:10,.0f} documents/s "
        f"({after_each} leads, {n - after_each} repeats)  ratio {baseline / per_document:.4f}"
    )
    print(
        f"  bulk, one payload:          {n / bulk_time:10,.0f} leads/s     "
        f"({leads - after_each} leads)  ratio {bulk_baseline / bulk_time:.4f}"
    )
    print(
        f"  leads file ({n} rows):      {n / file_time:10,.0f} rows/s      "
        f"({file_leads} leads)  ratio {file_baseline / file_time:.4f}"
    )


if __name__ == "__main__":
    main()
