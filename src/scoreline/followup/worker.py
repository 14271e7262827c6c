"""The worker's round: intake payloads, due jobs, pending e-mails — all claimed from rows.

Why rows and not a broker: the due work of a dealer group is a few thousand rows a day, and
the database already guarantees what a queue would be trusted for. A claim is a conditional
UPDATE (only one worker can turn an unclaimed row into its own), the work and the `done_at`
mark commit together (a crash rolls both back, and the row is claimed again after the lease),
and the unique (lead, kind, sequence) key means the same reminder can never be scheduled or
sent twice. A Redis queue would add a second store to keep consistent with this one and is
only worth it well beyond one PostgreSQL node's write rate.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from scoreline.followup.models import Job, JobResult
from scoreline.followup.notifications import send_pending_emails
from scoreline.followup.tasks import HANDLERS
from scoreline.leads.models import Lead

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=getattr(settings, "SCORELINE_JOB_LEASE_SECONDS", 300))
MAX_ATTEMPTS = 5


class LeaseLost(Exception):
    """The claim ran out and another worker took the job; this worker's work is rolled back."""


@dataclass(frozen=True)
class Round:
    intake: int
    jobs: int
    emails: int

    @property
    def total(self) -> int:
        return self.intake + self.jobs + self.emails


def run_once(worker_id: str, *, limit: int = 50, now: datetime | None = None) -> Round:
    """One round of the worker: process intake, run due jobs, send e-mails."""
    intake = process_intake(limit)
    jobs = run_due_jobs(worker_id, now=now or timezone.now(), limit=limit)
    emails = send_pending_emails(now or timezone.now(), limit)
    return Round(intake, jobs, emails)


def run_due_jobs(worker_id: str, *, now: datetime, limit: int = 50) -> int:
    """Claim up to `limit` due jobs and run each; returns how many finished."""
    return sum(finish(job, worker_id, now) for job in claim_due_jobs(worker_id, now, limit))


def claim_due_jobs(worker_id: str, now: datetime, limit: int) -> list[Job]:
    """Claim up to `limit` due, unfinished jobs that are free or whose claim outlived the lease."""
    due = _free(now).filter(due_at__lte=now).order_by("due_at", "pk")
    pks = list(due.values_list("pk", flat=True)[:limit])
    try:
        take(pks, worker_id, now)
    except DatabaseError as error:  # busy or locked: another worker is at it; next round
        log.info("could not claim jobs now: %s", error)
        return []
    mine = Job.objects.filter(pk__in=pks, claimed_by=worker_id, claimed_at=now)
    return list(mine.order_by("due_at", "pk"))


def take(pks: list[int], worker_id: str, now: datetime) -> None:
    """Claim the rows among `pks` that are still free, in one UPDATE.

    The UPDATE re-checks each row as it writes it, so of two workers that read the same free
    rows only the first gets each; the rows taken carry this worker's id and `now`.
    """
    _free(now).filter(pk__in=pks).update(
        claimed_at=now, claimed_by=worker_id, attempts=F("attempts") + 1
    )


def _free(now: datetime) -> QuerySet[Job]:
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE)
    return Job.objects.filter(unclaimed, done_at__isnull=True)


def finish(job: Job, worker_id: str, now: datetime) -> bool:
    """Run a claimed job and mark it done in one transaction; on failure release it."""
    if job.attempts > MAX_ATTEMPTS:
        return _give_up(job, worker_id, now)
    try:
        with transaction.atomic():
            lead = _locked_lead(job.lead_id)
            result = HANDLERS[job.kind](job, lead, now)
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


def process_intake(limit: int) -> int:
    """Intake's pending payloads, when the intake app provides `process_pending`."""
    try:
        from scoreline.intake.processing import (  # type: ignore[import-not-found]
            process_pending,
        )
    except ModuleNotFoundError as error:
        if error.name != "scoreline.intake.processing":
            raise
        return 0
    return int(process_pending(limit) or 0)


def _locked_lead(lead_id: int) -> Lead:
    leads = Lead.objects.select_for_update(of=("self",)).select_related(
        "dealer", "assigned_to", "person", "source"
    )
    return leads.get(pk=lead_id)


def _mark_done(job: Job, worker_id: str, now: datetime, result: JobResult) -> bool:
    mine = Job.objects.filter(
        pk=job.pk, claimed_by=worker_id, claimed_at=job.claimed_at, done_at__isnull=True
    )
    return bool(mine.update(done_at=now, result=result))


def _release(job: Job, worker_id: str, now: datetime, error: Exception) -> None:
    """Let the job be claimed again later, backing off with each attempt."""
    Job.objects.filter(pk=job.pk, claimed_by=worker_id, done_at__isnull=True).update(
        claimed_at=None,
        claimed_by="",
        due_at=now + timedelta(minutes=2**job.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def _put_back(job: Job, worker_id: str) -> None:
    """Unclaim without delay; if even that fails, the lease runs out and frees the job."""
    try:
        Job.objects.filter(pk=job.pk, claimed_by=worker_id, done_at__isnull=True).update(
            claimed_at=None, claimed_by="", attempts=F("attempts") - 1
        )
    except DatabaseError as error:
        log.warning("job %s stays claimed until its lease ends: %s", job.pk, error)


def _give_up(job: Job, worker_id: str, now: datetime) -> bool:
    log.error("job %s failed %s times; giving up", job.pk, MAX_ATTEMPTS)
    Job.objects.filter(pk=job.pk, claimed_by=worker_id, done_at__isnull=True).update(
        done_at=now, result=JobResult.FAILED
    )
    return False
