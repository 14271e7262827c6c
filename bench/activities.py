"""An exchange folder's activities file imported in bulk against row by row, in one process.

The folder holds `--leads` leads (default 5,000) and four activities each (20,000): a call
not answered, an e-mail, a call that reached the person by a script, a note; salespeople by
user name, by full name and unknown. The leads are imported once; the activities file is then
imported in bulk and row by row (`bulk.BULK_MIN` raised), each in a transaction rolled back
afterwards, through `processing` as `scoreline import` does. Printed for each: the database
statements per activity row (an `executemany` counts once), wall and CPU seconds, and the
ratio of row by row to bulk. The database is a fresh test database (created, dropped).

    .venv/bin/python bench/activities.py [--database sqlite|postgres] [--leads 5000]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

PG_URL = "postgres://postgres@127.0.0.1:5432/scoreline"
START = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
SELLERS = ("anna", "Bram Bakker", "Onbekend")  # by user name, by full name, nobody known


def leads_file(n: int) -> bytes:
    lines = ["lead_id,dealer,source,received_at,first_name,last_name,email,salesperson,status"]
    for i in range(n):
        at = (START + timedelta(minutes=10 * i)).isoformat()
        lines.append(f"L{i},Autohuis Bench,bench,{at},Klant,Rij {i},rij{i}@example.nl,anna,open")
    return "\n".join(lines).encode()


def activities_file(n: int) -> bytes:
    """Four activities per lead, within its first two days."""
    lines = ["lead_id,at,kind,outcome,duration_s,salesperson,script"]
    for i in range(n):
        received, seller = START + timedelta(minutes=10 * i), SELLERS[i % 3]
        at = [(received + timedelta(hours=h)).isoformat() for h in (1, 2, 25, 26)]
        lines += [
            f"L{i},{at[0]},call,no_answer,,{seller},",
            f"L{i},{at[1]},email,,,{seller},",
            f"L{i},{at[2]},call,reached,180,{seller},Eerste bel",
            f"L{i},{at[3]},note,,,{seller},",
        ]
    return "\n".join(lines).encode()


@dataclass
class Run:
    statements: int
    wall: float
    cpu: float


@contextmanager
def counted() -> Iterator[list[int]]:
    """The statements sent to the database inside, counted as the driver is called."""
    from django.db import connection

    count = [0]

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, *rest: Any) -> Any:
        count[0] += 1
        return execute(sql, params, *rest)

    with connection.execute_wrapper(wrapper):
        yield count


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--leads", type=int, default=5000)
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
        run(options.leads, connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(n: int, vendor: str) -> None:
    from django.db import transaction

    from scoreline.dealers.models import Dealer, Membership, Role, User
    from scoreline.followup.models import Activity, CallScript
    from scoreline.intake import bulk, processing
    from scoreline.intake.models import Format, Payload, ResultStatus
    from scoreline.intake.rows import Options
    from scoreline.leads.models import Channel, Source

    dealer = Dealer.objects.create(name="Autohuis Bench", slug="bench")
    Source.objects.create(name="Bench", slug="bench")
    for name, first, last in (("anna", "Anna", "Arts"), ("bram", "Bram", "Bakker")):
        user = User.objects.create(username=name, first_name=first, last_name=last)
        Membership.objects.create(user=user, dealer=dealer, role=Role.SALESPERSON)
    CallScript.objects.create(dealer=dealer, name="Eerste bel", body="Goedemorgen")

    def exchange_file(kind: str, body: bytes) -> Payload:
        payload = processing.receive(
            body,
            channel=Channel.SPREADSHEET,
            format=Format.EXCHANGE,
            whole_duplicates=False,
            meta={"file": f"{kind}.csv", "kind": kind, "options": Options().as_meta()},
        )
        processing.claim(payload.pk)
        return processing.process(payload)

    exchange_file("leads", leads_file(n))
    body = activities_file(n)
    rows = 4 * n

    def imported(bulk_min: int) -> tuple[Run, int]:
        bulk.BULK_MIN = bulk_min
        with transaction.atomic(), counted() as count:
            wall, cpu = time.perf_counter(), time.process_time()
            payload = exchange_file("activities", body)
            took = Run(count[0], time.perf_counter() - wall, time.process_time() - cpu)
            recorded = payload.results.filter(status=ResultStatus.RECORDED).count()
            assert Activity.objects.count() == recorded == rows, "every row must be recorded"
            transaction.set_rollback(True)
        return took, recorded

    default = bulk.BULK_MIN
    in_bulk, _ = imported(default)
    row_by_row, _ = imported(10**9)
    bulk.BULK_MIN = default

    print(f"activities file, {vendor}: {n} leads, {rows} activities (4 per lead)")
    for name, taken in (("row by row", row_by_row), ("bulk", in_bulk)):
        print(
            f"  {name:<11} {taken.statements / rows:6.2f} statements/row "
            f"({taken.statements} in all)  {taken.wall:7.2f} s wall  {taken.cpu:7.2f} s CPU"
        )
    print(
        f"  bulk is {row_by_row.wall / in_bulk.wall:.1f}x faster by wall time, "
        f"{row_by_row.cpu / in_bulk.cpu:.1f}x by CPU time of this process"
    )


if __name__ == "__main__":
    main()
