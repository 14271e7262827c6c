"""How fast does `scoreline demo` load? Against Django's bulk_create of as many bare rows.

In one process, on one database:
1. the demo at `--scale` (1 = about 50,000 leads over 18 months): generated and written, as
   `scoreline demo` does it, without the progress bar;
2. the baseline: `bulk_create` of as many bare rows as the demo wrote in total (persons with a
   name, 2,000 a batch, one transaction a batch), the ORM's plain way to write that many rows.
It prints wall-clock and CPU seconds (this process only: a PostgreSQL server's own work is not
in it), seconds per 10,000 leads, and demo ÷ baseline. The demo writes wider rows, with many
indexes, and makes up their content, so a ratio near 1 means the writing path is as lean as
the ORM's leanest; more means the demo's own work dominates.

Usage: .venv/bin/python bench/demo.py [--scale 1] [--database-url URL]
Without --database-url a throwaway SQLite file (WAL, as the product runs) in a temp folder is
used. With one, the database is flushed before and after: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

UNTIL = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="scoreline-bench-demo-")
    os.environ["SCORELINE_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = (
        options.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoreline.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    demo_wall, demo_cpu, leads, rows = run_demo(options.scale)
    call_command("flush", interactive=False, verbosity=0)
    base_wall, base_cpu = run_baseline(rows)
    call_command("flush", interactive=False, verbosity=0)
    per_10k = demo_wall / leads * 1e4
    print(f"database: {connection.vendor}, {leads:,} leads, {rows:,} rows written by the demo")
    print(
        f"demo:     {demo_wall:6.1f} s wall, {demo_cpu:6.1f} s CPU, {per_10k:.2f} s per 10k leads"
    )
    print(f"baseline: {base_wall:6.1f} s wall, {base_cpu:6.1f} s CPU, bulk_create of {rows:,} rows")
    print(f"ratio demo / baseline: {demo_wall / base_wall:.2f} wall, {demo_cpu / base_cpu:.2f} CPU")


def run_demo(scale: float) -> tuple[float, float, int, int]:
    from scoreline.demo.generate import DemoConfig, build_world
    from scoreline.demo.load import load_world

    wall, cpu = time.perf_counter(), time.process_time()
    loaded = load_world(build_world(DemoConfig(until=UNTIL, scale=scale)))
    rows = (
        loaded.persons
        + loaded.leads
        + loaded.inquiries
        + loaded.activities
        + loaded.events
        + loaded.orders
    )
    return time.perf_counter() - wall, time.process_time() - cpu, loaded.leads, rows


def run_baseline(rows: int) -> tuple[float, float]:
    from django.db import transaction

    from scoreline.dealers.models import Dealer
    from scoreline.leads.models import Person

    dealer = Dealer.objects.create(name="Bench", slug="bench")
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, rows, 2_000):
        batch = [
            Person(dealer=dealer, last_name=f"Bench {i}")
            for i in range(start, min(rows, start + 2_000))
        ]
        with transaction.atomic():
            Person.objects.bulk_create(batch)
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main()
