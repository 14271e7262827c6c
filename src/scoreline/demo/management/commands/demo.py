"""`scoreline demo`: load the demo dealer group, deterministic from its seed."""

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scoreline.dealers.models import Dealer, User
from scoreline.demo.generate import DemoConfig, build_world, until_from_text
from scoreline.demo.load import Loaded, load_world
from scoreline.demo.story import LOGINS, login_lines


class Command(BaseCommand):
    help = "Load the demo dealer group: 3 dealers, their people and 18 months of leads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same demo.")
        parser.add_argument("--months", type=int, default=18, help="Months of history (18).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Lead volume: 1 is about 50,000 in 18 months."
        )
        parser.add_argument(
            "--until", help="The story's 'now': YYYY-MM-DD (16:00) or an ISO date and time."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when there are dealers already."
        )
        parser.add_argument(
            "--flush", action="store_true", help="Empty the whole database first (Django flush)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        config = self._config(options)
        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
        existing = Dealer.objects.count()
        if existing and options["if_empty"]:
            self.stdout.write(f"The database has {existing} dealers already: demo not loaded.")
            self._print_logins()
            return
        if existing:
            raise CommandError(
                f"The database has {existing} dealers already: use --if-empty to leave them, "
                "or --flush to empty the database first."
            )
        started = time.perf_counter()
        loaded = self._load(config, show_progress=options["verbosity"] > 0)
        self._report(loaded, time.perf_counter() - started)
        self._print_logins()

    def _config(self, options: dict[str, Any]) -> DemoConfig:
        try:
            until = until_from_text(options["until"]) if options["until"] else timezone.now()
            return DemoConfig(
                until=until.replace(second=0, microsecond=0),
                seed=options["seed"],
                months=options["months"],
                scale=options["scale"],
            )
        except ValueError as error:
            raise CommandError(f"--{error}") from None

    def _load(self, config: DemoConfig, show_progress: bool) -> Loaded:
        world = build_world(config)
        columns = (
            TextColumn("Loading leads"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), disable=not show_progress) as bar:
            task = bar.add_task("leads", total=len(world.arrivals))
            return load_world(world, progress=lambda done: bar.advance(task, done))

    def _report(self, loaded: Loaded, seconds: float) -> None:
        self.stdout.write(
            f"Loaded the demo in {seconds:.1f} s: {loaded.dealers} dealers, {loaded.users} logins, "
            f"{loaded.persons:,} persons, {loaded.leads:,} leads, {loaded.inquiries:,} inquiries, "
            f"{loaded.activities:,} activities, {loaded.events:,} events, "
            f"{loaded.orders:,} orders, {loaded.plans} plans saved, "
            f"{loaded.pace_warnings} pace warnings raised."
        )

    def _print_logins(self) -> None:
        if User.objects.filter(username__in=[login.username for login in LOGINS]).exists():
            self.stdout.write("Demo logins (username, password, role, where, what to look for):")
            for line in login_lines():
                self.stdout.write(f"  {line}")
