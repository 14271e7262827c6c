"""Server time of the salesperson's lead list, the board and the scoreboard, cold and warm, and
an open-loop load test over the three; (--my-leads) the server time and HTML size of My leads.

One dealer with 30,000 leads a year in a fresh SQLite file (shape: 8 salespeople, 4 sources,
leads spread evenly over the last 365 days, 3 calls each; a lead received in the last 60 days
is open with chance 0.3, an older one with chance 0.02; of the closed ones 1 in 7 won). The
worker's figures refresh (`freshness.refresh_due`) fills the cache first, as it does in
production; then gunicorn (2 processes, 4 threads) serves on 127.0.0.1.

- cold: the first request for each page in a freshly started server process (imports,
  templates and connections cold; the figures as the worker left them in the shared cache);
- warm: the median of 20 further requests, alternating with the login page (the baseline:
  a page that does no work), both timed at the client over loopback;
- load: requests sent on a fixed schedule (open loop: a slow answer does not delay the next
  request) at --rate per second, each to one of the three pages at random, for --seconds;
  latency counts from the scheduled send time. Phases alternate with the same load on the
  login page; p50/p95/p99 of each and the p95 ratio are printed.

    .venv/bin/python bench/pages.py [--leads 30000] [--rate 10] [--seconds 60]

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


def setup_django(var: Path) -> None:
    os.environ["SCORELINE_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoreline.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def session_for(user: object) -> str:
    """A logged-in session cookie for `user`, as the login page would leave it."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)  # type: ignore[attr-defined]
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    session["_auth_user_hash"] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    session.create()
    return session.session_key or ""


def make_dealer(leads: int) -> tuple[str, str]:
    """A dealer with `leads` leads over the last year, answered, worked and mostly decided.

    Returns the session cookies of its sales manager and of one of its salespeople.
    """
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
        (
            Person(dealer=dealer, first_name=f"P{i}", last_name="Bench", phone=f"+316{i:08d}")
            for i in range(leads)
        ),
        batch_size=2000,
    )
    rows = []
    for person in persons:
        age = timedelta(minutes=rng.randrange(365 * 24 * 60))
        received = now - age
        answered = received + timedelta(minutes=rng.randrange(2, 600))
        open_chance = 0.3 if age < timedelta(days=60) else 0.02
        status = (
            LeadStatus.OPEN
            if rng.random() < open_chance
            else rng.choices([LeadStatus.WON, LeadStatus.LOST], [1, 6])[0]
        )
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
                closed_at=min(closed, now) if closed else None,
                lost_reason=lost if status == LeadStatus.LOST else None,
            )  # noqa: E501  # fmt: skip
        )
    created = Lead.objects.bulk_create(rows, batch_size=2000)
    answered_at = {lead.pk: lead.first_response_at or now for lead in created}
    Activity.objects.bulk_create(
        (
            Activity(
                lead=lead,
                kind="call",
                at=min(answered_at[lead.pk] + timedelta(days=k), now),
                by=lead.assigned_to,
                outcome=rng.choice(["reached", "no_answer", "voicemail"]),
            )  # noqa: E501  # fmt: skip
            for lead in created
            for k in range(3)
        ),
        batch_size=5000,
    )
    return session_for(manager), session_for(sales[0])


def fill_figures() -> float:
    """What the worker does after leads change: compute the figures the pages read; seconds."""
    from django.utils import timezone

    from scoreline.web import freshness

    started = time.perf_counter()
    freshness.refresh_due(timezone.now())
    return time.perf_counter() - started


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


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def fetch(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200 or response.url != url:
            raise RuntimeError(f"{url}: HTTP {response.status} at {response.url}")
    return (time.perf_counter() - started) * 1000


def percentile(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1]


def server_times(pages: dict[str, tuple[str, str]], base: str, port: int) -> None:
    """Cold (first request in a fresh server) and warm (median of 20) per page, against login."""
    print(f"{'page':<12}{'cold ms':>9}{'warm ms':>9}{'login ms':>10}{'warm / login':>14}")
    for name, (path, cookie) in pages.items():
        server = serve(port)
        try:
            cold = fetch(base + path, cookie)
            fetch(base + path, cookie)  # the other server process, if it takes this one
            warm, login = [], []
            for _ in range(20):
                warm.append(fetch(base + path, cookie))
                login.append(fetch(base + "/login/", cookie))
        finally:
            stop(server)
        ratio = statistics.median(warm) / statistics.median(login)
        print(f"{name:<12}{cold:>9.1f}{statistics.median(warm):>9.1f}{statistics.median(login):>10.1f}{ratio:>14.1f}")  # noqa: E501  # fmt: skip


def open_loop(targets: list[tuple[str, str]], rate: float, seconds: float) -> list[float]:
    """Latencies in ms of requests sent every 1/rate s to a random target, from the schedule."""
    rng = random.Random(3)
    count = int(rate * seconds)
    latencies: list[float] = []
    started = time.perf_counter()

    def one(at: float, url: str, cookie: str) -> None:
        fetch(url, cookie)
        latencies.append((time.perf_counter() - started - at) * 1000)

    with ThreadPoolExecutor(64) as pool:
        futures = []
        for i in range(count):
            at = i / rate
            time.sleep(max(0.0, at - (time.perf_counter() - started)))
            futures.append(pool.submit(one, at, *rng.choice(targets)))
        for future in futures:
            future.result()
    return latencies


def churn(every: float) -> None:
    """The dealer at work while the pages are read: a call logged on a random open lead every
    `every` seconds, and the worker's figures refresh between them (a separate process)."""
    import django

    django.setup()
    from django.utils import timezone

    from scoreline.followup.actions import log_activity
    from scoreline.leads.models import Lead
    from scoreline.web import freshness

    rng = random.Random(5)
    open_leads = list(Lead.objects.filter(status="open").select_related("assigned_to"))
    refreshed = calls = 0
    next_call = time.monotonic()
    while not sys.stdin.closed and os.getppid() != 1:
        if time.monotonic() >= next_call:
            lead = rng.choice(open_leads)
            log_activity(lead, "call", by=lead.assigned_to, outcome="no_answer")
            calls += 1
            next_call += every
        refreshed += freshness.refresh_due(timezone.now())
        print(f"{calls} calls logged, {refreshed} figures refreshed", flush=True)
        time.sleep(1.0)


def load_test(pages: dict[str, tuple[str, str]], base: str, port: int, rate: float, seconds: float, every: float) -> None:  # noqa: E501  # fmt: skip
    """Alternate phases of mixed page load and login-page load at the same rate, while the
    dealer's leads change and the worker refreshes the figures."""
    mixed = [(base + path, cookie) for path, cookie in pages.values()]
    login = [(base + "/login/", cookie) for _path, cookie in pages.values()]
    server = serve(port)
    worker = subprocess.Popen(
        [sys.executable, __file__, "--churn", str(every)], stdout=subprocess.PIPE, text=True
    )
    try:
        for url, cookie in mixed:  # both server processes warm, as after any restart
            fetch(url, cookie)
            fetch(url, cookie)
        got: dict[str, list[float]] = {"pages": [], "login": []}
        for _ in range(3):
            got["pages"] += open_loop(mixed, rate, seconds / 3)
            got["login"] += open_loop(login, rate, seconds / 3)
    finally:
        stop(server)
        worker.terminate()
        said = (worker.communicate()[0] or "").strip().splitlines()
    print(f"open loop, {rate:g} requests/s for {seconds:g} s (plus as long on the login page)")
    print(f"meanwhile, a call every {every:g} s and the worker: {said[-1] if said else '?'}")
    print(f"{'load':<12}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, times in got.items():
        print(f"{name:<12}{len(times):>6}{percentile(times, 50):>9.1f}{percentile(times, 95):>9.1f}{percentile(times, 99):>9.1f}{max(times):>9.1f}")  # noqa: E501  # fmt: skip
    ratio = percentile(got["pages"], 95) / percentile(got["login"], 95)
    print(f"p95 of the pages / p95 of the login page: {ratio:.1f}")


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
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between logged calls")
    parser.add_argument("--churn", type=float, help=argparse.SUPPRESS)  # the load's worker
    args = parser.parse_args()
    if args.churn:
        churn(args.churn)
        return
    with tempfile.TemporaryDirectory() as var:
        setup_django(Path(var))
        if args.my_leads:
            my_leads_bench(args.open)
            return
        started = time.perf_counter()
        manager, seller = make_dealer(args.leads)
        print(f"{args.leads:,} leads generated in {time.perf_counter() - started:.1f} s")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"the worker's figures refresh (cache empty): {fill_figures():.1f} s")
        base = f"http://127.0.0.1:{args.port}"
        pages = {
            "my leads": ("/leads/", seller),
            "board": ("/board/bench/", manager),
            "scoreboard": ("/scoreboard/bench/", manager),
        }
        server = serve(args.port)
        try:  # the pages note which figures they read; the worker keeps those fresh
            for name, (path, cookie) in pages.items():
                print(f"{name}: first request ever (computes its figures): {fetch(base + path, cookie):.0f} ms")  # noqa: E501  # fmt: skip
        finally:
            stop(server)
        print(f"the worker's figures refresh (all pages' figures): {fill_figures():.1f} s")
        server_times(pages, base, args.port)
        load_test(pages, base, args.port, args.rate, args.seconds, args.every)
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
