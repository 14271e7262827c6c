"""Load without loss: bursts of webhook leads and page requests against gunicorn + the worker.

For each database (SQLite file, PostgreSQL) in its own child process:

1. a fresh database, migrated; one dealer, a JSON webhook endpoint, a manager, an API token;
2. gunicorn (`scoreline serve`) and the worker (`scoreline worker`) as real processes;
3. a baseline: a few webhook posts and page requests one at a time, on an idle server;
4. the burst: N webhook leads (5 % of them delivered twice, as portals do) and page and API
   requests from C threads at once; a third of the way in the worker is killed with SIGKILL
   (no chance to finish its round) and started again;
5. wait until the inbox is drained (claims orphaned by the kill are retaken after their lease,
   which the bench fast-forwards instead of waiting ten minutes);
6. count: every accepted lead must be in the database exactly once.

It prints throughput, p50/p99 latency and their ratio to the idle baseline, lost and doubled.
Exit status 1 when anything was lost or doubled.

    .venv/bin/python bench/load.py [--db sqlite postgres] [--leads 400] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "scoreline_load"
PASSWORD = "load-test-passphrase-1"


@dataclass
class Timings:
    samples: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)

    def pct(self, kind: str, q: float) -> float:
        values = sorted(self.samples.get(kind, [0.0]))
        return values[min(len(values) - 1, int(q * len(values)))] * 1000


# ---------------------------------------------------------------- the parent: one child per db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--leads", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--timeout", type=float, default=240.0, help="Seconds per database")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.exit(run_child(args))
    failed = False
    for db in args.db:
        command = [sys.executable, __file__, "--child", db, "--leads", str(args.leads),
                   "--concurrency", str(args.concurrency), "--pages", str(args.pages),
                   "--timeout", str(args.timeout)]  # fmt: skip
        failed |= subprocess.run(command, timeout=args.timeout + 120).returncode != 0
    sys.exit(1 if failed else 0)


# ---------------------------------------------------------------- the child: one database


def run_child(args: argparse.Namespace) -> int:
    var = Path(tempfile.mkdtemp(prefix=f"scoreline-load-{args.child}-"))
    env = environment(args.child, var)
    os.environ.update(env)
    migrate(env)
    import django

    django.setup()
    token, api_token = setup_data()
    port = free_port()
    web = start(["serve", "--port", str(port), "--workers", "3", "--threads", "4"], env, var)
    worker = start(["worker", "--interval", "0.2", "--batch", "50"], env, var)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        return burst(args, base, token, api_token, env, var, worker)
    finally:
        for process in (web, worker_box.get("worker", worker)):
            stop(process)


worker_box: dict[str, subprocess.Popen] = {}


def environment(db: str, var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "SCORELINE_VAR_DIR": str(var),
        "DEBUG": "0",
        "SECRET_KEY": "load-bench-" + "k" * 50,
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "scoreline.config.settings",
    }
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        fresh_postgres()
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    return env


def fresh_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DB}")


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [str(BIN / "scoreline"), "migrate", "--no-input", "-v", "0"], env=env, check=True
    )


def setup_data() -> tuple[str, str]:
    """A dealer with a JSON webhook endpoint, a manager who opens pages, an API token."""
    from scoreline.api.tokens import issue_token
    from scoreline.dealers.models import Dealer, Membership, Role, User
    from scoreline.intake.models import Format, IntakeEndpoint
    from scoreline.leads.models import Source

    dealer = Dealer.objects.create(name="Load Dealer", slug="load")
    source = Source.objects.create(name="Load Portal", slug="load-portal")
    endpoint = IntakeEndpoint(dealer=dealer, source=source, format=Format.JSON)
    token = endpoint.set_token()
    endpoint.save()
    manager = User.objects.create_user("manager", password=PASSWORD)
    Membership.objects.create(user=manager, dealer=dealer, role=Role.SALES_MANAGER)
    seller = User.objects.create_user("seller", password=PASSWORD)
    Membership.objects.create(user=seller, dealer=dealer, role=Role.SALESPERSON)
    _, api_token = issue_token("load", [dealer])
    return token, api_token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(command: list[str], env: dict[str, str], var: Path) -> subprocess.Popen:
    log = open(var / f"{command[0]}.log", "ab")  # noqa: SIM115 (kept open for the process)
    return subprocess.Popen(
        [str(BIN / "scoreline"), *command], env=env, stdout=log, stderr=log, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_until_up(base: str) -> None:
    import requests

    # The first requests load Django and the analytics libraries in each gunicorn worker.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/login/", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not come up within 180 s")


# ---------------------------------------------------------------- the burst


def lead_body(i: int) -> bytes:
    return json.dumps({
        "lead_id": f"L-{i}", "received_at": datetime.now(UTC).isoformat(),
        "first_name": "Load", "last_name": f"Person {i}",
        "email": f"person{i}@load.example", "phone": f"+3161{i:07d}",
        "vehicle_make": "Kia", "vehicle_model": "Niro",
    }).encode()  # fmt: skip


class Client:
    """Thread-local HTTP sessions; a signed-in one for pages."""

    def __init__(self, base: str, token: str, api_token: str, timings: Timings) -> None:
        self.base, self.token, self.api_token, self.timings = base, token, api_token, timings
        self.local = threading.local()
        self.ready: list = []  # signed-in sessions made before the clock starts
        self.accepted: set[int] = set()
        self.refused: list[str] = []
        self.lock = threading.Lock()

    def session(self):  # type: ignore[no-untyped-def]
        import requests

        if not hasattr(self.local, "session"):
            with self.lock:
                if self.ready:
                    self.local.session = self.ready.pop()
                    return self.local.session
            session = requests.Session()
            session.get(f"{self.base}/login/", timeout=30)
            session.post(
                f"{self.base}/login/",
                data={"username": "manager", "password": PASSWORD,
                      "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
                headers={"Referer": f"{self.base}/login/"}, timeout=30,
            )  # fmt: skip
            self.local.session = session
        return self.local.session

    def guarded(self, call, value: int) -> None:  # type: ignore[no-untyped-def]
        """A request that failed outright (timeout, reset) is counted as refused, with why."""
        try:
            call(value)
        except Exception as error:  # noqa: BLE001 (every failure is reported, none is raised)
            with self.lock:
                self.refused.append(f"{call.__name__}({value}): {error!r}"[:300])

    def sign_in(self, count: int) -> None:
        for _ in range(count):
            self.ready.append(self.session())
            del self.local.session

    def post_lead(self, i: int) -> None:
        session = self.session()
        started = time.perf_counter()
        response = session.post(
            f"{self.base}/intake/{self.token}/", data=lead_body(i),
            headers={"Content-Type": "application/json"}, timeout=60,
        )  # fmt: skip
        self.timings.add("webhook", time.perf_counter() - started)
        with self.lock:
            if response.status_code in (200, 202):
                self.accepted.add(i)
            else:
                self.refused.append(f"L-{i}: {response.status_code} {response.text[:120]}")

    def get_page(self, n: int) -> None:
        path = ["/leads/", "/board/", "/api/v1/leads?limit=20"][n % 3]
        headers = {"Authorization": f"Bearer {self.api_token}"} if "api" in path else {}
        session = self.session()
        started = time.perf_counter()
        response = session.get(f"{self.base}{path}", headers=headers, timeout=60)
        self.timings.add("page", time.perf_counter() - started)
        if response.status_code >= 500:
            with self.lock:
                self.refused.append(f"{path}: {response.status_code}")


def burst(args, base, token, api_token, env, var, worker) -> int:  # type: ignore[no-untyped-def]
    worker_box["worker"] = worker
    idle, loaded = Timings(), Timings()
    baseline = Client(base, token, api_token, idle)
    for i in range(20):
        baseline.post_lead(1_000_000 + i)
        baseline.get_page(i)
    client = Client(base, token, api_token, loaded)
    client.sign_in(args.concurrency)
    n = args.leads
    repeats = list(range(0, n, 20))  # 5 % delivered twice
    jobs = [("lead", i) for i in range(n)] + [("lead", i) for i in repeats]
    jobs += [("page", k) for k in range(args.pages)]
    jobs.sort(key=lambda job: (job[1] * 7919) % (n + 1))  # interleave deterministically
    killed_at = len(jobs) // 3
    started = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        for index, (kind, value) in enumerate(jobs):
            if index == killed_at:
                pool.submit(kill_and_restart_worker, env, var)
            pool.submit(
                client.guarded, client.post_lead if kind == "lead" else client.get_page, value
            )
    burst_s = time.perf_counter() - started
    drained_s = drain(args.timeout)
    return report(args.child, n, client, baseline, idle, loaded, burst_s, drained_s)


def kill_and_restart_worker(env: dict[str, str], var: Path) -> None:
    """SIGKILL: the worker gets no chance to finish its round; then a new one starts."""
    old = worker_box["worker"]
    os.killpg(old.pid, signal.SIGKILL)
    old.wait()
    time.sleep(0.5)
    worker_box["worker"] = start(["worker", "--interval", "0.2", "--batch", "50"], env, var)


def drain(timeout: float) -> float:
    """Wait for the inbox to empty; orphaned claims are retaken as after their lease."""
    from datetime import timedelta

    from django.db import close_old_connections
    from django.utils import timezone

    from scoreline.intake.models import Payload, PayloadStatus
    from scoreline.intake.processing import STALE_CLAIM, release_stale_claims

    started = time.perf_counter()
    waiting = [PayloadStatus.PENDING, PayloadStatus.PROCESSING]
    while time.perf_counter() - started < timeout:
        close_old_connections()
        if not Payload.objects.filter(status__in=waiting).exists():
            break
        stuck = Payload.objects.filter(
            status=PayloadStatus.PROCESSING, claimed_at__lt=timezone.now() - timedelta(seconds=5)
        )
        if stuck.exists():
            retaken = release_stale_claims(now=timezone.now() + STALE_CLAIM)
            print(f"  retook {retaken} claim(s) orphaned by the kill (lease fast-forwarded)")
        time.sleep(0.3)
    return time.perf_counter() - started


def report(db, n, client, baseline, idle, loaded, burst_s, drained_s) -> int:  # type: ignore[no-untyped-def]
    from django.db.models import Count

    from scoreline.leads.models import Inquiry, Lead

    wanted = {f"L-{i}" for i in client.accepted}
    found = dict(
        Inquiry.objects.filter(provider_id__in=wanted)
        .values_list("provider_id")
        .annotate(n=Count("pk"))
        .values_list("provider_id", "n")
    )
    leads_per_person = (
        Lead.objects.filter(person__email__endswith="@load.example")
        .values("person__email")
        .annotate(n=Count("pk"))
    )
    lost = len(wanted - set(found))
    doubled = sum(1 for v in found.values() if v > 1) + sum(
        1 for r in leads_per_person if r["n"] > 1
    )
    accepted = len(client.accepted)
    requests_sent = sum(len(v) for v in loaded.samples.values())
    print(f"== {db}: {n} leads (+{len(range(0, n, 20))} redelivered), worker killed once")
    print(f"  accepted {accepted}, refused {len(client.refused)}, lost {lost}, doubled {doubled}")
    rate, leads_rate = requests_sent / burst_s, accepted / burst_s
    print(f"  burst {burst_s:.1f} s: {rate:.0f} requests/s, {leads_rate:.0f} leads/s accepted; "
          f"inbox drained {drained_s:.1f} s later")  # fmt: skip
    for kind in ("webhook", "page"):
        p50, p99 = loaded.pct(kind, 0.5), loaded.pct(kind, 0.99)
        base50 = idle.pct(kind, 0.5) or 1e-9
        print(f"  {kind:8} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
              f"(p50 {p50 / base50:.1f}x the idle baseline of {base50:.1f} ms)")  # fmt: skip
    for line in client.refused[:5]:
        print("  refused:", line)
    return 0 if lost == 0 and doubled == 0 and accepted == n else 1


if __name__ == "__main__":
    main()
