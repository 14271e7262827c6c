"""`scoreline worker`: the long-running process that runs due work until told to stop."""

import logging
import os
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connection

from scoreline.worker.loop import Round, run_once

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the worker: intake payloads, response clocks, reminders, each dealer's daily pace "
        "check, the daily retention rule and e-mails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds to wait when idle (5)."
        )
        parser.add_argument("--batch", type=int, default=50, help="Rows per kind per round (50).")
        parser.add_argument(
            "--worker-id", default=f"{socket.gethostname()}:{os.getpid()}", help="Name on claims."
        )

    def handle(
        self, *args: Any, once: bool, interval: float, batch: int, worker_id: str, **options: Any
    ) -> None:
        with _stop_on_signals() as stop:
            while not stop.is_set():
                done = self._round(worker_id, batch)
                if once or done.total:
                    self.stdout.write(
                        f"{worker_id}: {done.intake} payloads, {done.jobs} jobs, "
                        f"{done.daily} daily jobs, {done.emails} e-mails"
                    )
                if once:
                    return
                if done.total < batch:  # a full batch means more may be waiting: no pause
                    stop.wait(interval)
        self.stdout.write(f"{worker_id}: stopped")

    def _round(self, worker_id: str, batch: int) -> Round:
        if not connection.in_atomic_block:  # drop a dead or old connection between rounds
            close_old_connections()
        try:
            done = run_once(worker_id, limit=batch)
        except DatabaseError as error:  # a restart or a busy database: wait, then try again
            logger.warning("worker round failed: %s", error)
            return Round(0, 0, 0)
        return done


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """SIGTERM or SIGINT lets the current round finish, then the loop ends: a job is either
    done and marked, or untouched (its claim lapses after the lease)."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    signals = (signal.SIGTERM, signal.SIGINT)
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in signals}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
