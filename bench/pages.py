"""Server response time of the manager's board and the scoreboard under 20 concurrent clients,
and (--my-leads) the server time and HTML size of a salesperson's My leads.

One dealer with 30,000 leads a year (about 3 activities each) in a fresh SQLite file, served
by gunicorn on 127.0.0.1; 20 client threads request each page a bounded number of times (and
stop after a time cap). Prints median and p95 per page, and the ratio against the login page
measured the same way in the same run (the baseline: a page that does no work).

    .venv/bin/python bench/pages.py [--leads 30000] [--requests 400] [--clients 20]

--my-leads [--open 200]: one salesperson with that many open leads in every state of urgency;
the page is rendered in this process (Django's test client, no network) 20 times after a warm
request, and its median server time and size are printed with their ratio to the login page
rendered the same way.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIME_CAP_S = 120.0


def setup_django(var: Path) -> None:
    os.environ["SCORELINE_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoreline.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def make_dealer(leads: int) -> str:
    """A dealer with `leads` leads over the last year, answered, worked and partly won."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from scoreline.dealers.models import Dealer, Membership, Role, User
    from scoreline.followup.models import Activity
    from scoreline.leads.models import Lead, LeadStatus, LostReason, Person, Source

    rng = random.Random(7)
    now = timezone.now()
    dealer = Dealer.objects.create(name="Bench Dealer", slug="bench")
    sales = [User.objects.create(username=f"sales{i}", first_name=f"Sales{i}") for i in range(8)]
    for user in sales:
        Membership.objects.create(user=user, dealer=dealer, role=Role.SALESPERSON)
    manager = User.objects.create(username="manager", first_name="Manager", is_staff=False)
    Membership.objects.create(user=manager, dealer=dealer, role=Role.SALES_MANAGER)
    Membership.objects.create(user=manager, dealer=dealer, role=Role.MARKETING)
    sources = [Source.objects.create(name=n, slug=n.lower()) for n in ("Website", "AutoTrack", "Marktplaats", "Importer")]  # noqa: E501  # fmt: skip
    lost = LostReason.objects.create(code="no-interest", label="No interest")
    persons = Person.objects.bulk_create(
        Person(dealer=dealer, first_name=f"P{i}", last_name="Bench", phone=f"+316{i:08d}")
        for i in range(leads)
    )
    rows = []
    for person in persons:
        received = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        answered = received + timedelta(minutes=rng.randrange(2, 600))
        status = rng.choices([LeadStatus.OPEN, LeadStatus.WON, LeadStatus.LOST], [3, 1, 6])[0]
        closed = answered + timedelta(days=rng.randrange(1, 20)) if status != "open" else None
        rows.append(
            Lead(
                dealer=dealer,
                person=person,
                source=rng.choice(sources),
                received_at=received,
                assigned_to=rng.choice(sales),
                status=status,
                first_response_at=answered,
                last_activity_at=answered,
                closed_at=closed,
                lost_reason=lost if status == LeadStatus.LOST else None,
            )  # noqa: E501  # fmt: skip
        )
    created = Lead.objects.bulk_create(rows, batch_size=2000)
    Activity.objects.bulk_create(
        (
            Activity(
                lead=lead,
                kind="call",
                at=lead.first_response_at + timedelta(days=k),
                by=lead.assigned_to,
                outcome=rng.choice(["reached", "no_answer", "voicemail"]),
            )  # noqa: E501  # fmt: skip
            for lead in created
            for k in range(3)
        ),
        batch_size=5000,
    )
    session = SessionStore()
    session["_auth_user_id"] = str(manager.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    session["_auth_user_hash"] = manager.get_session_auth_hash()
    session.create()
    return session.session_key or ""


def serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "scoreline.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],  # noqa: E501  # fmt: skip
        env={**os.environ, "DEBUG": "0", "SECURE_COOKIES": "0"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start within 30 s")


def fetch(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200 or response.url != url:
            raise RuntimeError(f"{url}: HTTP {response.status} at {response.url}")
    return (time.perf_counter() - started) * 1000


def measure(url: str, cookie: str, requests: int, clients: int) -> list[float]:
    """Response times in ms of `requests` GETs from `clients` threads, stopping at the cap."""
    stop = time.monotonic() + TIME_CAP_S

    def one(_: int) -> float | None:
        return fetch(url, cookie) if time.monotonic() < stop else None

    with ThreadPoolExecutor(clients) as pool:
        # Warm every server process: the first request in each computes the cached report.
        list(pool.map(lambda _: fetch(url, cookie), range(clients)))
        return [t for t in pool.map(one, range(requests)) if t is not None]


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def make_salesperson(open_leads: int) -> object:
    """A salesperson with `open_leads` open leads: untouched, overdue, due today, later, none."""
    from django.utils import timezone

    from scoreline.dealers.models import Dealer, Membership, Role, User
    from scoreline.leads.models import Lead, Person, Source

    rng = random.Random(11)
    now = timezone.now()
    dealer = Dealer.objects.create(name="Bench Dealer", slug="bench")
    seller = User.objects.create(username="seller", first_name="Seller")
    Membership.objects.create(user=seller, dealer=dealer, role=Role.SALESPERSON)
    sources = [Source.objects.create(name=n, slug=n.lower()) for n in ("Website", "AutoTrack", "Marktplaats")]  # noqa: E501  # fmt: skip
    persons = Person.objects.bulk_create(
        Person(
            dealer=dealer,
            first_name=f"P{i}",
            last_name="Bench",
            phone=f"+316{i:08d}",
            email=f"p{i}@example.nl",
        )  # noqa: E501  # fmt: skip
        for i in range(open_leads)
    )
    rows = []
    for i, person in enumerate(persons):
        received = now - timedelta(minutes=rng.randrange(10, 30 * 24 * 60))
        answered = None if i % 5 == 0 else received + timedelta(minutes=rng.randrange(2, 300))
        planned = [None, now - timedelta(hours=rng.randrange(1, 72)), now + timedelta(hours=rng.randrange(1, 200))][i % 3]  # noqa: E501  # fmt: skip
        rows.append(
            Lead(
                dealer=dealer,
                person=person,
                source=rng.choice(sources),
                received_at=received,
                response_due_at=received + timedelta(minutes=15),
                assigned_to=seller,
                first_response_at=answered,
                last_activity_at=answered,
                next_follow_up_at=planned if answered else None,
                vehicle_make="Volkswagen",
                vehicle_model="ID.4",
            )  # noqa: E501  # fmt: skip
        )
    Lead.objects.bulk_create(rows)
    return seller


def my_leads_bench(open_leads: int) -> None:
    from django.test import Client

    seller = make_salesperson(open_leads)
    client = Client()
    client.force_login(seller)  # type: ignore[arg-type]

    def render(path: str) -> tuple[float, int]:
        client.get(path)  # warm: caches and compiled templates
        times, size = [], 0
        for _ in range(20):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            size = len(response.content)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
        return statistics.median(times), size

    login_ms, login_size = render("/login/")
    leads_ms, leads_size = render("/leads/")
    print(f"My leads of a salesperson with {open_leads} open leads")
    print(f"{'page':<10}{'median ms':>11}{'HTML KB':>10}{'ms / login':>12}{'KB / login':>12}")
    print(f"{'login':<10}{login_ms:>11.1f}{login_size / 1024:>10.1f}{1:>12.1f}{1:>12.1f}")
    print(f"{'my leads':<10}{leads_ms:>11.1f}{leads_size / 1024:>10.1f}{leads_ms / login_ms:>12.1f}{leads_size / login_size:>12.1f}")  # noqa: E501  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--my-leads", action="store_true")
    parser.add_argument("--open", type=int, default=200)
    parser.add_argument("--leads", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        setup_django(Path(var))
        if args.my_leads:
            my_leads_bench(args.open)
            return
        started = time.perf_counter()
        cookie = make_dealer(args.leads)
        print(f"{args.leads:,} leads generated in {time.perf_counter() - started:.1f} s")
        server = serve(args.port)
        try:
            base = f"http://127.0.0.1:{args.port}"
            baseline = measure(base + "/login/", cookie, args.requests, args.clients)
            print(f"{'page':<12}{'n':>6}{'median ms':>12}{'p95 ms':>10}{'p95 / login':>14}")
            print(f"{'login':<12}{len(baseline):>6}{statistics.median(baseline):>12.1f}{p95(baseline):>10.1f}{1:>14.1f}")  # noqa: E501  # fmt: skip
            for name, path in (("board", "/board/bench/"), ("scoreboard", "/scoreboard/bench/")):
                times = measure(base + path, cookie, args.requests, args.clients)
                ratio = p95(times) / p95(baseline)
                print(f"{name:<12}{len(times):>6}{statistics.median(times):>12.1f}{p95(times):>10.1f}{ratio:>14.1f}")  # noqa: E501  # fmt: skip
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
