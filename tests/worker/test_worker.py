"""The worker's claim, step by step: a crash, a restart, a failure — no clock lost, no duplicate."""

import os
import signal
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from followup.clock import MONDAY_10, amsterdam

from scoreline.followup import notifications
from scoreline.followup.models import EmailState, Job, JobKind, JobResult, Notification
from scoreline.worker import loop as worker
from scoreline.worker.loop import LEASE, claim_due_jobs, finish, run_due_jobs

BEFORE_ESCALATION = amsterdam(2025, 3, 10, 10, 20)


def test_of_two_workers_who_read_the_same_free_job_only_one_claims_it(cast, clock):
    cast.arrive(MONDAY_10)
    due = amsterdam(2025, 3, 10, 10, 10)
    job = Job.objects.get(kind=JobKind.REMINDER)

    # Both read the job as free; then each tries to take it.
    worker.take([job.pk], "worker-a", due, Job)
    worker.take([job.pk], "worker-b", due, Job)

    job.refresh_from_db()
    assert (job.claimed_by, job.attempts) == ("worker-a", 1)


def test_a_crashed_workers_job_is_taken_over_after_the_lease_and_sent_once(cast, clock):
    cast.arrive(MONDAY_10)
    due = amsterdam(2025, 3, 10, 10, 10)
    clock.move_to(due)
    (stranded,) = claim_due_jobs("crashed", due, limit=10)  # claimed, then the worker died

    assert run_due_jobs("survivor", now=due) == 0  # still within the lease
    later = due + LEASE + timedelta(seconds=1)
    clock.move_to(later)
    assert run_due_jobs("survivor", now=later) == 2  # the stranded reminder, and the breach

    assert finish(stranded, "crashed", later) is False  # the old worker wakes up: rolled back
    assert Notification.objects.filter(job=stranded).count() == 1
    job = Job.objects.get(pk=stranded.pk)
    assert (job.claimed_by, job.attempts, job.result) == ("survivor", 2, JobResult.DONE)


def test_a_crash_between_the_work_and_its_done_mark_leaves_nothing_half_done(
    cast, clock, monkeypatch
):
    cast.arrive(MONDAY_10)
    due = amsterdam(2025, 3, 10, 10, 10)
    clock.move_to(due)
    real_mark_done = worker._mark_done

    def power_cut(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(worker, "_mark_done", power_cut)
    assert run_due_jobs("w1", now=due) == 0
    assert not Notification.objects.exists()  # the notification rolled back with the job
    job = Job.objects.get(kind=JobKind.REMINDER)
    assert (job.claimed_at, job.due_at, job.last_error) == (
        None,
        due + timedelta(minutes=2),
        "RuntimeError: power cut",
    )

    monkeypatch.setattr(worker, "_mark_done", real_mark_done)
    retry = due + timedelta(minutes=2)
    clock.move_to(retry)
    assert run_due_jobs("w2", now=retry) == 1
    assert Notification.objects.count() == 1


def test_an_e_mail_claimed_by_a_crashed_worker_is_never_sent_twice(cast, clock, monkeypatch):
    cast.arrive(MONDAY_10)
    clock.move_to(amsterdam(2025, 3, 10, 10, 10))
    run_due_jobs("w1", now=amsterdam(2025, 3, 10, 10, 10))

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies mid-send

    monkeypatch.setattr(notifications, "send_mail", killed)
    with pytest.raises(KeyboardInterrupt):
        notifications.send_pending_emails(amsterdam(2025, 3, 10, 10, 10))
    monkeypatch.undo()

    assert notifications.send_pending_emails(amsterdam(2025, 3, 10, 10, 11)) == 0
    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.SENDING


def test_a_failing_job_is_retried_with_backoff_then_given_up(cast, clock):
    lead = cast.arrive(MONDAY_10)
    broken = Job.objects.create(lead=lead, kind="no-such-kind", due_at=MONDAY_10)
    moment = MONDAY_10
    for _attempt in range(worker.MAX_ATTEMPTS + 1):
        moment = Job.objects.get(pk=broken.pk).due_at
        run_due_jobs("w", now=moment, limit=10)

    broken.refresh_from_db()
    assert (broken.result, broken.attempts) == (JobResult.FAILED, worker.MAX_ATTEMPTS + 1)
    assert broken.last_error == "KeyError: 'no-such-kind'"


def test_the_worker_command_runs_one_round(cast, clock):
    cast.arrive(MONDAY_10)
    clock.move_to(BEFORE_ESCALATION)
    out = StringIO()

    call_command("worker", "--once", "--worker-id", "cli", stdout=out)

    assert out.getvalue() == "cli: 0 payloads, 2 jobs, 4 daily jobs, 2 e-mails\n"


def test_sigterm_lets_the_worker_finish_its_round_and_stop(cast):
    out = StringIO()
    threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGTERM)).start()
    before = signal.getsignal(signal.SIGTERM)

    started = time.monotonic()
    call_command("worker", "--interval", "30", "--worker-id", "w", stdout=out)

    assert time.monotonic() - started < 10  # woke from its 30 s pause
    assert out.getvalue().endswith("w: stopped\n")
    assert signal.getsignal(signal.SIGTERM) is before
