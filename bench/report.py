"""How fast is `scoreline report`? The analytics core against pandas and DuckDB SQL.

Generates N seeded leads (about six activities each) as an exchange folder of CSV files and
as Parquet, then, on the same data and in one run, times:
- core figures (leads, won, conversion, response, contact, attempts, funnel, lost, cost by
  source, salesperson, dealer and month): the core from Parquet, against an idiomatic pandas
  implementation and a DuckDB SQL query of the same figures;
- the full report with verdicts, from Parquet;
- `scoreline report DIR` from the CSV files, against DuckDB reading the same CSV files and
  computing the core figures.
Each step runs in a fresh process so its peak memory (max RSS) is its own. The core does more
than the baselines (business minutes, Kaplan–Meier, stale and untouched, cost shares), so the
ratios are conservative. The CSV comparison runs alternately (`--rounds`, medians) because
this machine is shared. The generated export's shape is printed with every size: several
activities per lead with text columns, ISO timestamps with offsets, repeat inquiries and
monthly costs, like a dealer's export.

    .venv/bin/python bench/report.py [--n 1000000] [--dir DIR] [--only] [--csv-only]

Past a million (`--leads 10000000`, or `--n`), the report alone is run at 1M and at N leads
(the folder written a million at a time), printing the growth in time and the peak memory.

With --database: the same data is loaded into a SQLite file and into PostgreSQL (`--pg-url`,
a scratch database: it is flushed), written back out as an exchange folder, and `scoreline
report` from each database is timed against `scoreline report DIR` on that folder,
alternately. The data: `--leads N` seeded leads written in bulk (tests/synthetic/database.py,
a few minutes per million; kept and reused when the database and `--dir` already hold
them), else the demo dealer group at `--scale` (about 30 minutes per million leads).

    .venv/bin/python bench/report.py --database --leads 1000000 --pg-url postgres://…/scratch
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The seeded generators live with the tests (tests/synthetic): the product never needs them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

AS_OF = datetime(2026, 3, 1, tzinfo=UTC)
CUT_KEYS = ("source", "salesperson", "dealer", "month")
GENERATED_PART = 1_000_000  # leads generated at a time (`prepare`)


def prepare(n: int, folder: Path, parquet: bool = True) -> None:
    """Write the exchange CSVs and the Parquet frames the core reads (kept when there)."""
    from synthetic.leads import Story, generate, write_folder

    from scoreline.analytics.exchange import read_folder

    if not (folder / "csv" / "leads.csv").is_file():
        dealers = tuple(f"Dealer {i:02d}" for i in range(max(3, min(20, n // 20_000))))
        # Past a million the folder is written a million leads at a time (the generator
        # holds a part's text several times over: 2 GB per million), each part seeded apart
        # and numbered on; costs and dealers come from the first part. One part is the
        # folder as before, so the 1M data is unchanged.
        for part, first in enumerate(range(0, n, GENERATED_PART)):
            story = Story(
                n_leads=min(GENERATED_PART, n - first),
                months=24,
                dealers=dealers,
                seed=11 + part,
                first_lead=first,
            )
            tables = generate(story)
            if part:
                tables = {k: v for k, v in tables.items() if k not in ("costs", "dealers")}
            write_folder(tables, folder / "csv", append=part > 0)
    if not parquet or (folder / "parquet" / "leads.parquet").is_file():
        return
    inputs = read_folder(folder / "csv")
    (folder / "parquet").mkdir(exist_ok=True)
    for name in ("leads", "activities", "dealers", "costs", "sales"):
        frame = getattr(inputs, name)
        if frame is not None:
            frame.write_parquet(folder / "parquet" / f"{name}.parquet")


def shape(folder: Path) -> str:
    """What the generated export looks like, so its likeness to a dealer's can be judged."""
    import polars as pl

    csv = folder / "csv"
    leads = pl.scan_csv(csv / "leads.csv", infer_schema=False)
    acts = pl.scan_csv(csv / "activities.csv", infer_schema=False)
    n_leads = leads.select(pl.len()).collect().item()
    repeats = leads.filter(pl.col("lead_id").str.starts_with("R")).select(pl.len()).collect()
    kinds = acts.group_by("kind").len().sort("len", descending=True).collect()
    n_acts = int(kinds["len"].sum())
    size = sum(f.stat().st_size for f in csv.glob("*.csv")) / 1e6
    costs = pl.read_csv(csv / "costs.csv", infer_schema=False)
    mix = ", ".join(f"{k} {c / n_acts:.0%}" for k, c in kinds.iter_rows())
    return (
        f"  shape: {size:,.0f} MB of CSV; {n_leads:,} lead rows ({repeats.item() / n_leads:.0%}"
        f" repeat inquiries of an earlier person), {len(leads.collect_schema())} columns"
        f" (names, e-mail, phone in four notations, car, status, closed_at, lost reason);\n"
        f"  {n_acts:,} activities ({n_acts / n_leads:.1f} per lead; {mix}) with salesperson,"
        f" outcome, duration and script;\n  timestamps ISO 8601 with the local offset"
        f" (2024-04-02T04:57:29+02:00); {costs.height} monthly cost rows"
        f" ({costs['month'].n_unique()} months, by dealer and source, one shared)"
    )


def load_parquet(folder: Path) -> Any:
    import polars as pl

    from scoreline.analytics.frames import Inputs

    read = lambda name: pl.read_parquet(folder / "parquet" / f"{name}.parquet")  # noqa: E731
    return Inputs(read("leads"), read("activities"), read("dealers"), read("costs"), read("sales"))


def core_polars(folder: Path) -> int:
    """The core's figures (no verdicts) from Parquet."""
    import polars as pl

    from scoreline.analytics import costs, cuts
    from scoreline.analytics.figures import context_for, lead_facts

    inputs = load_parquet(folder)
    facts = lead_facts(inputs, context_for(inputs, AS_OF))
    facts = facts.with_columns(pl.lit(0.1).alias("expected_conversion"))
    spent = costs.unallocated(facts, inputs.costs)
    tables = [cuts.figures(facts, [key], unallocated=spent) for key in CUT_KEYS]
    return sum(t.height for t in tables)


def full_report(folder: Path) -> int:
    from scoreline.analytics.report import build_report

    report = build_report(load_parquet(folder), AS_OF)
    return sum(len(report[f"by_{k}"]) for k in CUT_KEYS)


def report_from_csv(folder: Path) -> int:
    """What `scoreline report DIR --format json` does, without printing."""
    from scoreline.analytics.exchange import read_folder
    from scoreline.analytics.render import render_json
    from scoreline.analytics.report import build_report

    return len(render_json(build_report(read_folder(folder / "csv"), AS_OF)))


def core_pandas(folder: Path) -> int:
    """Idiomatic pandas: per-lead facts by groupby, then one groupby per cut."""
    import pandas as pd

    leads = pd.read_parquet(folder / "parquet" / "leads.parquet")
    acts = pd.read_parquet(folder / "parquet" / "activities.parquet")
    costs = pd.read_parquet(folder / "parquet" / "costs.parquet")
    acts["response"] = acts["kind"].isin(["call", "email", "sms", "whatsapp"])
    acts["contact"] = ((acts["kind"] == "call") & (acts["outcome"] == "reached")) | acts[
        "kind"
    ].isin(["appointment", "visit", "test_drive", "quote", "order"])
    acts["response_at"] = acts["at"].where(acts["response"])
    acts["contact_at"] = acts["at"].where(acts["contact"])
    for kind in ("appointment", "test_drive", "quote", "order"):
        acts[kind] = acts["kind"] == kind
    per = acts.groupby("lead_key").agg(
        first_response_at=("response_at", "min"),
        contacted_at=("contact_at", "min"),
        appointment=("appointment", "any"),
        test_drive=("test_drive", "any"),
        quote=("quote", "any"),
        order=("order", "any"),
    )
    acts = acts.merge(
        per["contacted_at"].rename("contacted_at_lead"), left_on="lead_key", right_index=True
    )
    acts["attempt"] = (acts["kind"] == "call") & (
        acts["contacted_at_lead"].isna() | (acts["at"] <= acts["contacted_at_lead"])
    )
    per["attempts"] = acts.groupby("lead_key")["attempt"].sum()
    facts = leads.join(per, on="lead_key")
    facts["won"] = (facts["status"] == "won") | (facts["order"] == True)  # noqa: E712
    facts["responded"] = facts["first_response_at"].notna()
    facts["contacted"] = facts["contacted_at"].notna()
    facts["response_min"] = (
        facts["first_response_at"] - facts["received_at"]
    ).dt.total_seconds() / 60
    facts["month"] = facts["received_at"].dt.tz_convert("Europe/Amsterdam").dt.strftime("%Y-%m")
    facts["lost"] = facts["status"] == "lost"
    counts = facts.groupby(["dealer", "source", "month"]).size().rename("n").reset_index()
    shares = (
        costs.groupby(["dealer", "source", "month"])["amount"].sum().reset_index().merge(counts)
    )
    shares["cost"] = shares["amount"] / shares["n"]
    facts = facts.merge(shares[["dealer", "source", "month", "cost"]], how="left")
    total = 0
    for key in CUT_KEYS:
        g = facts.groupby(key).agg(
            leads=("lead_key", "size"),
            won=("won", "sum"),
            responded=("responded", "sum"),
            response_median_min=("response_min", "median"),
            contacted=("contacted", "sum"),
            attempts=("attempts", "mean"),
            appointments=("appointment", "sum"),
            test_drives=("test_drive", "sum"),
            quotes=("quote", "sum"),
            closed_lost=("lost", "sum"),
            cost=("cost", "sum"),
        )
        g["conversion"] = g["won"] / g["leads"]
        g["response_rate"] = g["responded"] / g["leads"]
        g["contact_rate"] = g["contacted"] / g["leads"]
        g["cost_per_lead"] = g["cost"] / g["leads"]
        total += len(g)
    return total


def _duckdb_sql(leads: str, acts: str, costs: str) -> str:
    cut = """
        SELECT {key} AS key, count(*) AS leads, sum(won::INT) AS won, avg(won::INT) AS conversion,
               sum(responded::INT) AS responded, avg(responded::INT) AS response_rate,
               median(response_min) AS response_median_min, sum(contacted::INT) AS contacted,
               avg(contacted::INT) AS contact_rate, avg(attempts) AS attempts,
               sum(appointment::INT) AS appointments, sum(test_drive::INT) AS test_drives,
               sum(quote::INT) AS quotes, sum(lost::INT) AS closed_lost, sum(cost) AS cost,
               sum(cost) / count(*) AS cost_per_lead
        FROM facts GROUP BY {key}"""
    return f"""
    WITH l AS (SELECT * FROM {leads}), a AS (SELECT * FROM {acts}),
    per AS (
        SELECT lead_key,
               min("at") FILTER (WHERE kind IN ('call','email','sms','whatsapp'))
                   AS first_response_at,
               min("at") FILTER (WHERE (kind = 'call' AND outcome = 'reached')
                   OR kind IN ('appointment','visit','test_drive','quote','order'))
                   AS contacted_at,
               bool_or(kind = 'appointment') AS appointment,
               bool_or(kind = 'test_drive') AS test_drive,
               bool_or(kind = 'quote') AS quote, bool_or(kind = 'order') AS ordered
        FROM a GROUP BY lead_key),
    att AS (
        SELECT a.lead_key, count(*) FILTER (WHERE a.kind = 'call'
               AND (per.contacted_at IS NULL OR a."at" <= per.contacted_at)) AS attempts
        FROM a JOIN per USING (lead_key) GROUP BY a.lead_key),
    base AS (
        SELECT l.*, per.*, att.attempts,
               strftime(timezone('Europe/Amsterdam', l.received_at), '%Y-%m') AS month,
               (l.status = 'won' OR coalesce(per.ordered, false)) AS won,
               per.first_response_at IS NOT NULL AS responded,
               per.contacted_at IS NOT NULL AS contacted,
               date_diff('second', l.received_at, per.first_response_at) / 60.0 AS response_min,
               l.status = 'lost' AS lost
        FROM l LEFT JOIN per USING (lead_key) LEFT JOIN att USING (lead_key)),
    shares AS (
        SELECT b.dealer, b.source, b.month, sum(c.amount) / any_value(b.n) AS cost
        FROM (SELECT dealer, source, month, count(*) AS n FROM base GROUP BY ALL) b
        JOIN {costs} c ON c.dealer = b.dealer AND c.source = b.source AND c.month = b.month
        GROUP BY ALL),
    facts AS (SELECT base.*, shares.cost FROM base LEFT JOIN shares USING (dealer, source, month))
    {" UNION ALL ".join(cut.format(key=k) for k in CUT_KEYS)}
    """


def core_duckdb(folder: Path) -> int:
    import duckdb

    p = folder / "parquet"
    sql = _duckdb_sql(f"'{p}/leads.parquet'", f"'{p}/activities.parquet'", f"'{p}/costs.parquet'")
    return len(duckdb.sql(sql).fetchall())


def core_duckdb_csv(folder: Path) -> int:
    """DuckDB reads the exchange CSVs (parsing the timestamps) and computes the figures."""
    import duckdb

    c = folder / "csv"
    raw = f"read_csv('{c}/leads.csv', all_varchar=true)"
    leads = f"(SELECT *, row_number() OVER () AS lead_key FROM {raw}) AS raw_leads"
    typed = "received_at::TIMESTAMPTZ AS received_at, lower(source) AS source"
    leads = f"(SELECT * REPLACE ({typed}) FROM {leads})"
    ids = f"(SELECT lead_id, row_number() OVER () AS lead_key FROM {raw})"
    acts = (
        f'(SELECT a.* REPLACE (a."at"::TIMESTAMPTZ AS "at"), l.lead_key'
        f" FROM read_csv('{c}/activities.csv', all_varchar=true) a JOIN {ids} l USING (lead_id))"
    )
    costs = f"read_csv('{c}/costs.csv', all_varchar=true, types={{'amount': 'DOUBLE'}})"
    duckdb.sql("SET TimeZone = 'UTC'")
    return len(duckdb.sql(_duckdb_sql(leads, acts, costs)).fetchall())


def _warm_up() -> None:
    """Import what every step uses, so the clock sees the work, not the imports."""
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    from scoreline.analytics import exchange, report  # noqa: F401

    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        import django

        django.setup()
        from scoreline.reports import assembly, extract  # noqa: F401


def _peak_gb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024**2
    return float("nan")


def _child(target: Callable[[Path], int], folder: Path, queue: Any) -> None:
    try:
        _warm_up()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        start = time.perf_counter()
        result = target(folder)
        elapsed = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        queue.put((elapsed, usage.ru_utime + usage.ru_stime - cpu, _peak_gb(), result))
    except BaseException as error:
        queue.put((float("nan"), float("nan"), float("nan"), repr(error)))
        raise


def measure(target: Callable[[Path], int], folder: Path) -> tuple[float, float, float]:
    """Wall time, CPU time (all threads) and peak memory (GB) of one step, in a fresh
    process. CPU time is shown because a shared machine's load stretches wall time."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(target, folder, queue))
    process.start()
    elapsed, cpu, peak, result = queue.get()
    process.join()
    if isinstance(result, str):
        raise RuntimeError(f"{target.__name__} failed: {result}")
    return elapsed, cpu, peak


CPU: dict[str, float] = {}  # median CPU seconds of each step measured by `alternate`


def alternate(
    steps: dict[str, Callable[[Path], int]], folder: Path, rounds: int
) -> dict[str, float]:
    """Median wall time of each step, run in turn `rounds` times (A B A B …), so a change in
    the machine's load falls on both sides of a ratio; the median CPU time goes to CPU."""
    seen: dict[str, list[float]] = {label: [] for label in steps}
    used: dict[str, list[float]] = {label: [] for label in steps}
    for _ in range(rounds):
        for label, step in steps.items():
            elapsed, cpu, peak = measure(step, folder)
            seen[label].append(elapsed)
            used[label].append(cpu)
            print(f"  {label:<40} {elapsed:7.2f} s  (cpu {cpu:6.2f} s)  peak {peak:5.2f} GB")
    CPU.update({label: statistics.median(times) for label, times in used.items()})
    return {label: statistics.median(times) for label, times in seen.items()}


def _ratio(label: str, over: str, under: str, times: dict[str, float]) -> None:
    """A ratio of medians, by wall time and by CPU time (a loaded machine stretches wall
    time; CPU time counts every thread's work)."""
    wall, cpu = times[over] / times[under], CPU[over] / CPU[under]
    print(f"  {label:<52} {wall:7.2f}x  (cpu {cpu:.2f}x)")


def run(n: int, root: Path, rounds: int, csv_only: bool) -> None:
    folder = root / f"n{n}"
    start = time.perf_counter()
    prepare(n, folder, parquet=not csv_only)
    print(f"\n{n:,} leads (data ready in {time.perf_counter() - start:.1f} s)")
    print(shape(folder))
    times = {}
    if not csv_only:
        times = alternate(
            {
                "core figures, Polars core (Parquet)": core_polars,
                "core figures, pandas (Parquet)": core_pandas,
                "core figures, DuckDB SQL (Parquet)": core_duckdb,
                "full report with verdicts (Parquet)": full_report,
            },
            folder,
            1,
        )
    times |= alternate(
        {
            "scoreline report DIR (CSV)": report_from_csv,
            "core figures, DuckDB SQL (CSV)": core_duckdb_csv,
        },
        folder,
        rounds,
    )
    _ratio(
        f"report DIR / DuckDB CSV, median of {rounds} (goal ≤ 1.5x)",
        "scoreline report DIR (CSV)",
        "core figures, DuckDB SQL (CSV)",
        times,
    )
    ratios: dict[str, float] = {}
    if not csv_only:
        core = times["core figures, Polars core (Parquet)"]
        ratios["core / DuckDB SQL (goal ≤ 1.5x)"] = (
            core / times["core figures, DuckDB SQL (Parquet)"]
        )
        ratios["pandas / core (goal ≥ 2x)"] = times["core figures, pandas (Parquet)"] / core
    for label, ratio in ratios.items():
        print(f"  {label:<52} {ratio:7.2f}x")
    print(f"  (load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


def growth(n: int, root: Path) -> None:
    """`scoreline report DIR` at n leads against the same at 1,000,000 (the same generator,
    fresh processes, one after the other): time, CPU, peak memory and the growth."""
    one, big = root / "n1000000", root / f"n{n}"
    for size, folder in ((1_000_000, one), (n, big)):
        start = time.perf_counter()
        prepare(size, folder, parquet=False)
        print(f"\n{size:,} leads (data ready in {time.perf_counter() - start:.1f} s)")
        print(shape(folder), flush=True)
    print(f"\nscoreline report DIR, 1,000,000 then {n:,} leads ({_load()})")
    seen = {}
    for size, folder in ((1_000_000, one), (n, big)):
        seen[size] = measure(report_from_csv, folder)
        elapsed, cpu, peak = seen[size]
        print(f"  {size:>12,} leads {elapsed:8.1f} s  (cpu {cpu:7.1f} s)  peak {peak:5.2f} GB")
    (t1, c1, _), (tn, cn, peak) = seen[1_000_000], seen[n]
    print(f"  growth {n // 1_000_000}x the leads: {tn / t1:.2f}x the time (cpu {cn / c1:.2f}x)")
    print(
        f"  peak memory at {n:,} leads: {peak:.2f} GiB = {peak * 1.073741824:.2f} GB (goal < 8 GB)"
    )
    print(f"  ({_load()} after measuring, on {os.cpu_count()} cores)")


# --- the report from the database -----------------------------------------------------------


def report_from_database(folder: Path) -> int:
    """What `scoreline report --format json` (no folder: the database) does, without printing."""
    from scoreline.analytics.render import render_json
    from scoreline.reports.assembly import database_report

    return len(render_json(database_report((), AS_OF).report))


def bench_story(leads: int) -> Any:
    """The seeded story `--leads` loads: as the CSV bench's (`prepare`), over 24 months."""
    from synthetic.leads import Story

    dealers = tuple(f"Dealer {i:02d}" for i in range(max(3, min(20, leads // 20_000))))
    return Story(n_leads=leads, months=24, dealers=dealers, seed=11)


def load_database(scale: float, leads: int, folder: Path) -> int:
    """Flush the database, load `leads` seeded leads in bulk (or, without, the demo dealer
    group at `scale`) and write the same data as an exchange folder (from the extract's
    frames: one row per stored lead, matched orders as order activities, every DMS order in
    sales.csv as the extract hands them to the core). Returns the lead count.

    With `leads`, a database already holding the same story (and its folder) is reused."""
    import django

    django.setup()
    from django.core.management import call_command

    from scoreline.leads.models import Lead
    from scoreline.reports.extract import read_database

    call_command("migrate", verbosity=0)
    if leads:
        from synthetic import database

        story = bench_story(leads)
        if database.holds(story) and (folder / "csv" / "leads.csv").is_file():
            print(f"  reusing the {Lead.objects.count():,} leads already loaded", flush=True)
            return Lead.objects.count()
        call_command("flush", interactive=False, verbosity=0)
        start = time.perf_counter()
        rows = database.load(story)
        written = ", ".join(f"{n:,} {table}" for table, n in rows.items())
        print(f"  loaded in bulk in {time.perf_counter() - start:.0f} s: {written}", flush=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
        quiet = io.StringIO()
        call_command("demo", scale=scale, until=AS_OF.date().isoformat(), verbosity=0, stdout=quiet)
    inputs = read_database()
    write_exchange(inputs, folder / "csv")
    return inputs.leads.height


def write_exchange(inputs: Any, folder: Path) -> None:
    import polars as pl

    folder.mkdir(parents=True, exist_ok=True)
    iso = "%Y-%m-%dT%H:%M:%S%:z"
    lead_id = pl.col("lead_key").cast(pl.String).alias("lead_id")
    inputs.leads.select(
        lead_id,
        *("dealer", "source", "campaign"),
        pl.col("received_at").dt.to_string(iso),
        *("email", "phone", "vehicle_make", "vehicle_model", "vehicle_condition"),
        *("salesperson", "status"),
        pl.col("closed_at").dt.to_string(iso),
        "lost_reason",
    ).write_csv(folder / "leads.csv")
    inputs.activities.select(
        lead_id,
        pl.col("at").dt.to_string(iso),
        *("kind", "outcome", "duration_s", "salesperson", "script"),
    ).write_csv(folder / "activities.csv")
    inputs.dealers.write_csv(folder / "dealers.csv")
    if inputs.costs is not None:
        inputs.costs.write_csv(folder / "costs.csv")
    if inputs.sales is not None:
        inputs.sales.select(
            "dealer", pl.col("ordered_at").dt.to_string(iso), "email", "phone", "order_id"
        ).write_csv(folder / "sales.csv")


def _load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def run_database(name: str, url: str, scale: float, leads: int, root: Path, rounds: int) -> None:
    """The report from the database against the report from the same data's folder."""
    folder = root / (f"db-{name}-{leads}" if leads else f"db-{name}")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "scoreline.config.settings"
    start = time.perf_counter()
    what = f"{leads:,} seeded leads in bulk" if leads else f"the demo at scale {scale}"
    print(f"\n{name}: {what}", flush=True)
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        count = pool.apply(load_database, (scale, leads, folder))
    print(f"  {count:,} leads, loaded and written as a folder in")
    print(f"  {time.perf_counter() - start:.0f} s ({_load()})")
    times = alternate(
        {
            f"scoreline report ({name})": report_from_database,
            "scoreline report DIR (same data)": report_from_csv,
        },
        folder,
        rounds,
    )
    goal = "2" if name == "PostgreSQL" else "3"
    label = f"{name} / folder, median of {rounds} (goal ≤ {goal}x)"
    _ratio(label, f"scoreline report ({name})", "scoreline report DIR (same data)", times)
    print(f"  ({_load()} after measuring, on {os.cpu_count()} cores)")
    del os.environ["DJANGO_SETTINGS_MODULE"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="keep the generated data here (and reuse it)")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of report and DuckDB")
    parser.add_argument("--only", action="store_true", help="only --n, not also 100k and 10k")
    parser.add_argument(
        "--csv-only", action="store_true", help="only the report DIR against DuckDB on the CSVs"
    )
    parser.add_argument(
        "--database",
        action="store_true",
        help="instead: the report from SQLite and PostgreSQL against the same data's folder",
    )
    parser.add_argument("--scale", type=float, default=2.0, help="demo scale (1: ~50,000 leads)")
    parser.add_argument(
        "--leads",
        type=int,
        default=0,
        help="as --n; with --database: N seeded leads in bulk, not the demo; past 1,000,000:"
        " the report's time and peak memory against 1,000,000 (the growth)",
    )
    parser.add_argument("--pg-url", help="with --database: a scratch database (it is flushed)")
    parser.add_argument(
        "--only-db", choices=("sqlite", "postgresql"), help="with --database: only this one"
    )
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="scoreline-bench-"))
    try:
        if args.database:
            if not args.pg_url and args.only_db != "sqlite":
                parser.error("--database needs --pg-url: a scratch database, it is flushed")
            os.environ.setdefault("SCORELINE_VAR_DIR", str(root))
            name = f"bench-{args.leads}.sqlite3" if args.leads else "bench.sqlite3"
            sqlite = f"sqlite:///{root / name}"
            if args.only_db != "postgresql":
                run_database("SQLite", sqlite, args.scale, args.leads, root, args.rounds)
            if args.only_db != "sqlite":
                run_database("PostgreSQL", args.pg_url, args.scale, args.leads, root, args.rounds)
            return
        n = args.leads or args.n
        if n > 1_000_000:  # ten million: the report's growth and peak, not every baseline
            growth(n, root)
            return
        sizes = {n} if args.only else {n, 100_000, 10_000}
        for n in sorted(sizes, reverse=True):
            run(n, root, args.rounds, args.csv_only)
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
