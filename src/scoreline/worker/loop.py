"""The worker's round: intake payloads, due jobs, daily work, pending e-mails — all claimed
from rows.

Why rows and not a broker: the due work of a dealer group is a few thousand rows a day, and
the database already guarantees what a queue would be trusted for. A claim is a conditional
UPDATE (only one worker can turn an unclaimed row into its own), the work and the `done_at`
mark commit together (a crash rolls both back, and the row is claimed again after the lease),
and the unique (lead, kind, sequence) key means the same reminder can never be scheduled or
sent twice; daily work (`worker.daily`) has its own key, (dealer, kind, day). A Redis
queue would add a second store to keep consistent with this one and is only worth it well
beyond one PostgreSQL node's write rate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from scoreline.followup.models import DailyJob, Job, JobResult
from scoreline.followup.notifications import send_pending_emails
from scoreline.intake.processing import process_pending
from scoreline.leads.models import Lead
from scoreline.web import freshness
from scoreline.worker import daily
from scoreline.worker.tasks import HANDLERS

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=getattr(settings, "SCORELINE_JOB_LEASE_SECONDS", 300))
MAX_ATTEMPTS = 5
FIGURES_BUDGET = 10.0  # seconds of figures per round; the rest waits for the next round

# Jobs on leads and daily jobs are claimed and finished the same way.
Row = TypeVar("Row", Job, DailyJob)


class LeaseLost(Exception):
    """The claim ran out and another worker took the job; this worker's work is rolled back."""


@dataclass(frozen=True)
class Round:
    intake: int
    jobs: int
    emails: int
    daily: int = 0
    figures: int = 0

    @property
    def total(self) -> int:
        return self.intake + self.jobs + self.emails + self.daily + self.figures


def run_once(worker_id: str, *, limit: int = 50, now: datetime | None = None) -> Round:
    """One round of the worker: process intake, run due jobs and daily work, send e-mails,
    then refresh the pages' figures that changed (last: the clocks and mails cannot wait)."""
    intake = process_intake(limit)
    jobs = run_due_jobs(worker_id, now=now or timezone.now(), limit=limit)
    done_daily = run_daily_jobs(worker_id, now=now or timezone.now(), limit=limit)
    emails = send_pending_emails(now or timezone.now(), limit)  # with this round's warnings
    figures = freshness.refresh_due(now or timezone.now(), budget_seconds=FIGURES_BUDGET)
    return Round(intake, jobs, emails, done_daily, figures)


def run_due_jobs(worker_id: str, *, now: datetime, limit: int = 50) -> int:
    """Claim up to `limit` due jobs on leads and run each; returns how many finished."""
    return sum(finish(job, worker_id, now) for job in claim_due_jobs(worker_id, now, limit))


def run_daily_jobs(worker_id: str, *, now: datetime, limit: int = 50) -> int:
    """Add today's daily rows where missing, then claim and run the due ones like lead jobs."""
    try:
        daily.ensure_daily_jobs(now)
    except DatabaseError as error:  # busy: the next round (this worker's or another's) adds them
        log.info("could not add today's daily jobs now: %s", error)
    claimed = claim_due(DailyJob, worker_id, now, limit)
    return sum(finish(job, worker_id, now) for job in claimed)


def claim_due_jobs(worker_id: str, now: datetime, limit: int) -> list[Job]:
    """Claim up to `limit` due jobs on leads (see `claim_due`)."""
    return claim_due(Job, worker_id, now, limit)


def claim_due(model: type[Row], worker_id: str, now: datetime, limit: int) -> list[Row]:
    """Claim up to `limit` due, unfinished rows that are free or whose claim outlived the lease."""
    due = _free(model, now).filter(due_at__lte=now).order_by("due_at", "pk")
    pks = list(due.values_list("pk", flat=True)[:limit])
    try:
        take(pks, worker_id, now, model)
    except DatabaseError as error:  # busy or locked: another worker is at it; next round
        log.info("could not claim jobs now: %s", error)
        return []
    mine = model.objects.filter(pk__in=pks, claimed_by=worker_id, claimed_at=now)
    return list(mine.order_by("due_at", "pk"))


def take(pks: list[int], worker_id: str, now: datetime, model: type[Row]) -> None:
    """Claim the rows among `pks` that are still free, in one UPDATE.

    The UPDATE re-checks each row as it writes it, so of two workers that read the same free
    rows only the first gets each; the rows taken carry this worker's id and `now`.
    """
    _free(model, now).filter(pk__in=pks).update(
        claimed_at=now, claimed_by=worker_id, attempts=F("attempts") + 1
    )


def _free(model: type[Row], now: datetime) -> QuerySet[Row]:
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE)
    return model.objects.filter(unclaimed, done_at__isnull=True)


def finish(job: Row, worker_id: str, now: datetime) -> bool:
    """Run a claimed job and mark it done in one transaction; on failure release it."""
    if job.attempts > MAX_ATTEMPTS:
        return _give_up(job, worker_id, now)
    try:
        work = _prepare(job, now)
        with transaction.atomic():
            result = work()
            if not _mark_done(job, worker_id, now, result):
                raise LeaseLost(f"job {job.pk} was claimed by another worker")
    except LeaseLost as error:
        log.warning("%s", error)
        return False
    except DatabaseError as error:  # the database's trouble, not the job's: retry next round
        log.warning("job %s put back: %s", job.pk, error)
        _put_back(job, worker_id)
        return False
    except Exception as error:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _release(job, worker_id, now, error)
        return False
    return True


def _prepare(job: Job | DailyJob, now: datetime) -> Callable[[], JobResult]:
    """The job's work, to run in the transaction that marks it done.

    Daily work reads and computes here, outside the transaction; a job on a lead does all of
    its work inside it, with the lead locked.
    """
    if isinstance(job, DailyJob):
        return daily.prepare(job, now)
    return partial(_run_on_lead, job, now)


def _run_on_lead(job: Job, now: datetime) -> JobResult:
    return HANDLERS[job.kind](job, _locked_lead(job.lead_id), now)


def process_intake(limit: int) -> int:
    """Intake's pending payloads: stored first, made into leads here."""
    return int(process_pending(limit) or 0)


def _locked_lead(lead_id: int) -> Lead:
    leads = Lead.objects.select_for_update(of=("self",)).select_related(
        "dealer", "assigned_to", "person", "source"
    )
    return leads.get(pk=lead_id)


def _mark_done(job: Row, worker_id: str, now: datetime, result: JobResult) -> bool:
    mine = type(job).objects.filter(
        pk=job.pk, claimed_by=worker_id, claimed_at=job.claimed_at, done_at__isnull=True
    )
    return bool(mine.update(done_at=now, result=result))


def _release(job: Row, worker_id: str, now: datetime, error: Exception) -> None:
    """Let the job be claimed again later, backing off with each attempt."""
    type(job).objects.filter(pk=job.pk, claimed_by=worker_id, done_at__isnull=True).update(
        claimed_at=None,
        claimed_by="",
        due_at=now + timedelta(minutes=2**job.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def _put_back(job: Row, worker_id: str) -> None:
    """Unclaim without delay; if even that fails, the lease runs out and frees the job."""
    try:
        type(job).objects.filter(pk=job.pk, claimed_by=worker_id, done_at__isnull=True).update(
            claimed_at=None, claimed_by="", attempts=F("attempts") - 1
        )
    except DatabaseError as error:
        log.warning("job %s stays claimed until its lease ends: %s", job.pk, error)


def _give_up(job: Row, worker_id: str, now: datetime) -> bool:
    log.error("job %s failed %s times; giving up", job.pk, MAX_ATTEMPTS)
    type(job).objects.filter(pk=job.pk, claimed_by=worker_id, done_at__isnull=True).update(
        done_at=now, result=JobResult.FAILED
    )
    return False
