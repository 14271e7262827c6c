"""`scoreline worker`: the long-running process that runs due work until told to stop."""

import logging
import os
import signal
import socket
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from scoreline.followup.worker import Round, run_once

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the worker: intake payloads, response clocks, reminders and e-mails."

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
        stop = threading.Event()
        self._stop_on_signals(stop)
        while True:
            close_old_connections()
            try:
                done = run_once(worker_id, limit=batch)
            except DatabaseError as error:  # a restart or a busy database: wait, try again
                logger.warning("worker round failed: %s", error)
                done = Round(0, 0, 0)
            if done.total or once:
                self.stdout.write(
                    f"{worker_id}: {done.intake} payloads, {done.jobs} jobs, {done.emails} e-mails"
                )
            if once or stop.is_set():
                break
            if done.total < batch:  # more may be waiting when a batch was full
                stop.wait(interval)
            if stop.is_set():
                break
        close_old_connections()

    def _stop_on_signals(self, stop: threading.Event) -> None:
        """Finish the current round on SIGTERM/SIGINT, then exit: no claim is left half done."""
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
