"""Two workers, or two people, at the same rows at the same moment.

These tests commit for real (transaction=True) so that two threads, each with its own
database connection, race for the same rows as two worker processes would.
"""

import os
import sqlite3
import tempfile
import threading
from contextlib import closing

import pytest
from cast import build_cast
from django.db import connection, connections
from django.db.models import Count

from followup.clock import MONDAY_10, amsterdam, held_to_the_standard
from scoreline.followup.actions import close_lead_lost
from scoreline.followup.errors import InvalidChange
from scoreline.followup.models import Job, JobKind, JobResult, Notification
from scoreline.leads.models import EventKind, LeadEvent
from scoreline.worker.loop import run_due_jobs

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_ESCALATION = amsterdam(2025, 3, 10, 10, 20)


@pytest.fixture
def cast(transactional_db: None):
    return held_to_the_standard(build_cast())


def _in_threads(*targets):
    """Run each target in its own thread and database connection, released together.

    On SQLite the threads share a file copy of the test database, as two worker processes
    share the product's database file: the in-memory test database answers a second writer
    "table is locked" at once, where a file makes it wait its turn. The copy is read back
    afterwards so the test can look at the result.
    """
    on_file = connection.vendor == "sqlite" and connection.is_in_memory_db()
    path = _copy_to_file() if on_file else None
    start = threading.Barrier(len(targets))
    results: list = [None] * len(targets)
    errors: list = []

    def run(index, target):
        try:
            if path is not None:
                _use_file(path)
            start.wait()
            results[index] = target()
        except Exception as error:  # surfaced to the test below
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if path is not None:
        _copy_back(path)
    assert not errors, errors
    return results


def _copy_to_file() -> str:
    handle, path = tempfile.mkstemp(suffix=".sqlite3")
    os.close(handle)
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    return path


def _use_file(path: str) -> None:
    wrapper = connections.create_connection("default")
    wrapper.settings_dict = {**wrapper.settings_dict, "NAME": path}
    connections["default"] = wrapper


def _copy_back(path: str) -> None:
    with closing(sqlite3.connect(path)) as source:
        source.backup(connection.connection)
    os.remove(path)


def test_two_workers_at_once_run_every_due_job_exactly_once(cast, clock):
    for n in range(12):
        cast.arrive(MONDAY_10, name=f"Klant {n}")
    clock.move_to(BEFORE_ESCALATION)

    done = _in_threads(
        lambda: run_due_jobs("worker-a", now=BEFORE_ESCALATION, limit=100),
        lambda: run_due_jobs("worker-b", now=BEFORE_ESCALATION, limit=100),
    )

    assert sum(done) == 24  # 12 reminders and 12 breaches
    due = Job.objects.filter(kind__in=[JobKind.REMINDER, JobKind.BREACH])
    assert set(due.values_list("result", flat=True)) == {JobResult.DONE}
    assert set(due.values_list("attempts", flat=True)) == {1}
    per_job = Notification.objects.values("job").annotate(n=Count("pk"))
    assert {row["n"] for row in per_job} == {1}
    assert Notification.objects.count() == 24


def test_two_people_closing_one_lead_at_once_close_it_once(cast, clock):
    first = cast.arrive(MONDAY_10)
    lead = cast.arrive(MONDAY_10)
    lead.person = first.person
    lead.save(update_fields=["person"])

    def close(by):
        def attempt():
            try:
                close_lead_lost(lead, "duplicate", by=by, duplicate_of=first)
            except InvalidChange:
                return "refused"
            return "closed"

        return attempt

    outcomes = _in_threads(close(cast.sanne), close(cast.marco))

    assert sorted(outcomes) == ["closed", "refused"]
    assert LeadEvent.objects.filter(lead=lead, kind=EventKind.STATUS).count() == 1
    assert lead.activities.filter(kind="lost").count() == 1
