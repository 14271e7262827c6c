"""The follow-up standard applied to one lead at one moment: met, still possible, or missed.

Two parts, judged differently (DESIGN.md):
- the first-response limit is a clock: measured against the deadline in business time, and
  once missed it cannot be made good; it stops at the first outbound human call or message
  or the first contact, whichever comes first (`is_response`), so a phone call answered or
  a showroom visit at arrival is answered at once;
- the follow-up effort (call attempts on distinct days and a written message, until the
  person is contacted) is the guard: it decides whether a lead may be closed as lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from scoreline.analytics.standard import RequiredEffort, effort_for
from scoreline.dealers.models import Dealer
from scoreline.followup.calendars import calendar_for
from scoreline.followup.models import (
    RESPONSE_KINDS,
    WRITTEN_KINDS,
    ActivityKind,
    CallOutcome,
    Direction,
    Evidence,
    FollowUpStandard,
)
from scoreline.hours import BusinessCalendar
from scoreline.leads.models import Lead, LeadStatus

# A visit, an appointment or a test drive means the person and the dealer met or agreed to.
MEETING_KINDS = (
    ActivityKind.APPOINTMENT,
    ActivityKind.VISIT,
    ActivityKind.TEST_DRIVE,
    ActivityKind.ORDER,
)
# An inbound call with one of these outcomes rang but nobody spoke.
UNANSWERED = (CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL, CallOutcome.BUSY)


class ActivityLike(Protocol):
    """What the standard reads of an activity: an `Activity` row or a plain record."""

    kind: str
    at: datetime
    direction: str
    outcome: str
    is_automatic: bool


class Verdict(models.TextChoices):
    MET = "met", gettext_lazy("Met")
    POSSIBLE = "possible", gettext_lazy("Still possible")
    MISSED = "missed", gettext_lazy("Missed")


class Clock(models.TextChoices):
    RUNNING = "running", gettext_lazy("Running")
    WITHIN = "within", gettext_lazy("Answered in time")
    LATE = "late", gettext_lazy("Answered late")
    OVERDUE = "overdue", gettext_lazy("No response, past the limit")
    STOPPED = "stopped", gettext_lazy("Closed before the limit")


class Effort(models.TextChoices):
    CONTACTED = "contacted", gettext_lazy("Contacted")
    DONE = "done", gettext_lazy("Effort made")
    TO_DO = "to_do", gettext_lazy("Effort still to make")
    NOT_DONE = "not_done", gettext_lazy("Closed without the effort")
    WAIVED = "waived", gettext_lazy("Not needed")


_UNMADE = (Effort.TO_DO, Effort.NOT_DONE)


def is_outreach(activity: ActivityLike) -> bool:
    """Whether an activity is a human outbound call, e-mail, SMS or WhatsApp.

    The standard's effort counts these (call attempts, the written message); automatic
    acknowledgements are not outreach.
    """
    return (
        activity.kind in RESPONSE_KINDS
        and activity.direction == Direction.OUTBOUND
        and not activity.is_automatic
    )


def is_response(activity: ActivityLike) -> bool:
    """Whether an activity answers the lead; the first one is the lead's first response.

    The first response is the first outbound human call, e-mail, SMS or WhatsApp
    (`is_outreach`) or the first contact (`is_contact`: a reached call, an answered inbound
    call, a reply, an appointment, a visit, a test drive, an order), whichever comes first.
    Someone who calls in and is answered, or walks into the showroom, is in conversation at
    arrival: nobody owes them a call back, so the clock stops then.
    """
    return is_outreach(activity) or is_contact(activity)


def is_contact(activity: ActivityLike) -> bool:
    """Whether a two-way conversation happened: a reached call, a reply, a meeting."""
    if activity.kind in MEETING_KINDS:
        return True
    if activity.kind == ActivityKind.CALL:
        if activity.outcome == CallOutcome.REACHED:
            return True
        return activity.direction == Direction.INBOUND and activity.outcome not in UNANSWERED
    return activity.kind in WRITTEN_KINDS and activity.direction == Direction.INBOUND


def standard_for(dealer: Dealer) -> FollowUpStandard:
    """The dealer's standard, or the product's default (unsaved) when it has none yet."""
    try:
        return dealer.standard
    except FollowUpStandard.DoesNotExist:
        return FollowUpStandard(dealer=dealer)


@dataclass(frozen=True)
class Progress:
    """The follow-up effort counted from the activities up to a moment."""

    first_response_at: datetime | None
    contacted_at: datetime | None
    call_attempts: int
    call_days: int
    written_messages: int
    written_days: int = 0


@dataclass(frozen=True)
class StandardStatus:
    """A lead against its dealer's standard at `at`, for the page, the API and the guard.

    `missing` says in words what the follow-up effort still needs (empty when the person was
    contacted or the effort made); `reasons` say why the standard was missed.
    """

    at: datetime
    verdict: Verdict
    clock: Clock
    effort: Effort
    response_due_at: datetime
    first_response_at: datetime | None
    response_minutes: int | None
    contacted_at: datetime | None
    call_attempts: int
    call_days: int
    written_messages: int
    required_attempts: int
    required_days: int
    written_required: bool
    required_written: int = 0
    required_written_days: int = 0
    written_days: int = 0
    missing: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default=())

    @property
    def effort_made(self) -> bool:
        """The guard's test: contacted, or the attempts, days and written message made."""
        return self.effort in (Effort.CONTACTED, Effort.DONE, Effort.WAIVED)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for the API and exports (words in the active language)."""
        return {
            "at": self.at.isoformat(),
            "verdict": self.verdict.value,
            "clock": self.clock.value,
            "effort": self.effort.value,
            "response_due_at": self.response_due_at.isoformat(),
            "first_response_at": _iso(self.first_response_at),
            "response_minutes": self.response_minutes,
            "contacted_at": _iso(self.contacted_at),
            "call_attempts": self.call_attempts,
            "call_days": self.call_days,
            "written_messages": self.written_messages,
            "missing": list(self.missing),
            "reasons": list(self.reasons),
        }


def standard_status(lead: Lead, at: datetime | None = None) -> StandardStatus:
    """Load what the evaluation needs for one lead (2 queries) and evaluate it at `at`."""
    at = at or timezone.now()
    activities = list(lead.activities.filter(at__lte=at))  # type: ignore[attr-defined]
    dealer = lead.dealer
    return evaluate(lead, activities, standard_for(dealer), calendar_for(dealer), at)


def evaluate(
    lead: Lead,
    activities: Sequence[ActivityLike],
    standard: FollowUpStandard,
    calendar: BusinessCalendar,
    at: datetime,
) -> StandardStatus:
    """Judge a lead at `at` from its activities; what happened later is not looked at.

    1. Count the effort from the activities up to `at`.
    2. Read the clock: the first response against the deadline in business time.
    3. Read the effort: contacted, made, still to make, abandoned by a close, or waived.
    4. Missed when the clock was broken or the lead closed without the effort; met when
       both parts hold; otherwise still possible.
    """
    until = [a for a in activities if a.at <= at]
    timed = count_progress(until, calendar)
    progress = count_progress([a for a in until if counts_for_guard(a, standard)], calendar)
    due = lead.response_due_at or calendar.add_minutes(lead.received_at, _limit(standard))
    owed = effort_owed(lead, progress, standard)
    clock = _read_clock(lead, timed, due, at)
    effort = _read_effort(lead, progress, owed, at)
    missing = missing_effort(progress, owed) if effort in _UNMADE else []
    reasons = _reasons(clock, effort, standard, missing)
    if clock == Clock.RUNNING:
        missing.insert(0, _("a first response by %(due)s") % {"due": _local(due, calendar)})
    return StandardStatus(
        at=at,
        verdict=_verdict(clock, effort),
        clock=clock,
        effort=effort,
        response_due_at=due,
        first_response_at=timed.first_response_at,
        response_minutes=_response_minutes(lead, timed, calendar),
        contacted_at=progress.contacted_at,
        call_attempts=progress.call_attempts,
        call_days=progress.call_days,
        written_messages=progress.written_messages,
        required_attempts=owed.call_attempts,
        required_days=owed.call_days,
        written_required=owed.written_messages > 0,
        required_written=owed.written_messages,
        required_written_days=owed.written_days,
        written_days=progress.written_days,
        missing=tuple(missing),
        reasons=tuple(reasons),
    )


def counts_for_guard(activity: ActivityLike, standard: FollowUpStandard) -> bool:
    """Whether the guard counts this activity: every one, except that a dealer whose standard
    asks for confirmed calls counts only the calls the phone system recorded (DESIGN.md,
    "evidence"). The response clock counts every call either way."""
    if not standard.confirmed_calls_only or activity.kind != ActivityKind.CALL:
        return True
    return getattr(activity, "evidence", Evidence.HAND) == Evidence.PHONE_SYSTEM


def count_progress(activities: Iterable[ActivityLike], calendar: BusinessCalendar) -> Progress:
    """First response, first contact, and the outreach (calls before contact, messages).

    The first response is the first outreach or contact, whichever comes first (see
    `is_response`). Days are the dealer's local calendar days, so an evening and the next
    morning are two.
    """
    ordered = sorted(activities, key=lambda activity: activity.at)
    contacted_at = next((a.at for a in ordered if is_contact(a)), None)
    responded_at = next((a.at for a in ordered if is_response(a)), None)
    before_contact = [a for a in ordered if contacted_at is None or a.at <= contacted_at]
    calls = [a for a in before_contact if is_outreach(a) and a.kind == ActivityKind.CALL]
    written = [a for a in ordered if is_outreach(a) and a.kind in WRITTEN_KINDS]
    return Progress(
        first_response_at=responded_at,
        contacted_at=contacted_at,
        call_attempts=len(calls),
        call_days=len({call.at.astimezone(calendar.tz).date() for call in calls}),
        written_messages=len(written),
        written_days=len({message.at.astimezone(calendar.tz).date() for message in written}),
    )


def effort_owed(lead: Lead, progress: Progress, standard: FollowUpStandard) -> RequiredEffort:
    """The effort this lead is held to: the standard fitted to its channels (`effort_for`,
    the analytics core's rule, so the guard and the figures agree)."""
    person = lead.person
    return effort_for(
        standard.rule(),
        has_phone=bool(person.phone) or progress.call_attempts > 0,
        has_email=bool(person.email) or progress.written_messages > 0,
    )


def _limit(standard: FollowUpStandard) -> int:
    return standard.first_response_minutes


def _read_clock(lead: Lead, progress: Progress, due: datetime, at: datetime) -> Clock:
    if progress.first_response_at is not None:
        return Clock.WITHIN if progress.first_response_at <= due else Clock.LATE
    closed_at = lead.closed_at if lead.status != LeadStatus.OPEN else None
    if closed_at is not None and closed_at <= min(at, due):
        return Clock.STOPPED
    if lead.status == LeadStatus.SPAM:
        return Clock.STOPPED
    return Clock.RUNNING if at < due else Clock.OVERDUE


def _read_effort(lead: Lead, progress: Progress, owed: RequiredEffort, at: datetime) -> Effort:
    if progress.contacted_at is not None:
        return Effort.CONTACTED
    if not missing_effort(progress, owed):
        return Effort.DONE
    if lead.status == LeadStatus.SPAM or lead.status == LeadStatus.WON:
        return Effort.WAIVED
    closed_lost = lead.status == LeadStatus.LOST and lead.closed_at and lead.closed_at <= at
    if closed_lost:
        reason = lead.lost_reason
        if reason is not None and not reason.needs_follow_up_standard:
            return Effort.WAIVED
        return Effort.NOT_DONE
    return Effort.TO_DO


def missing_effort(progress: Progress, owed: RequiredEffort) -> list[str]:
    """What the effort still needs, in words: "2 more call attempts, on another day"."""
    if progress.contacted_at is not None:
        return []
    missing = []
    attempts = max(0, owed.call_attempts - progress.call_attempts)
    days = max(0, owed.call_days - progress.call_days)
    calls = max(attempts, days)  # each extra day needs a call on it
    if calls:
        words = ngettext("%(n)d more call attempt", "%(n)d more call attempts", calls) % {
            "n": calls
        }
        if days == 1:
            words = _("%(calls)s, on another day") % {"calls": words}
        elif days > 1:
            words = _("%(calls)s, on %(days)d other days") % {"calls": words, "days": days}
        missing.append(words)
    written = max(0, owed.written_messages - progress.written_messages)
    written_days = max(0, owed.written_days - progress.written_days)
    if owed.written_days and max(written, written_days):
        n = max(written, written_days)
        missing.append(
            ngettext(
                "%(n)d more written message (e-mail, SMS or WhatsApp), on another day",
                "%(n)d more written messages (e-mail, SMS or WhatsApp), each on another day",
                n,
            )
            % {"n": n}
        )
    elif written:
        missing.append(_("a written message (e-mail, SMS or WhatsApp)"))
    return missing


def _verdict(clock: Clock, effort: Effort) -> Verdict:
    if clock in (Clock.LATE, Clock.OVERDUE) or effort == Effort.NOT_DONE:
        return Verdict.MISSED
    if clock in (Clock.WITHIN, Clock.STOPPED) and effort != Effort.TO_DO:
        return Verdict.MET
    return Verdict.POSSIBLE


def _reasons(
    clock: Clock, effort: Effort, standard: FollowUpStandard, missing: list[str]
) -> list[str]:
    reasons = []
    limit = _limit(standard)
    if clock == Clock.LATE:
        reasons.append(
            _("the first response came after the %(limit)d business minutes of the standard")
            % {"limit": limit}
        )
    elif clock == Clock.OVERDUE:
        reasons.append(_("no first response within %(limit)d business minutes") % {"limit": limit})
    if effort == Effort.NOT_DONE:
        reasons.append(
            _("closed as lost before the follow-up effort was made (missing: %(missing)s)")
            % {"missing": "; ".join(missing)}
        )
    return reasons


def _response_minutes(lead: Lead, progress: Progress, calendar: BusinessCalendar) -> int | None:
    if progress.first_response_at is None:
        return None
    return calendar.minutes_between(lead.received_at, progress.first_response_at)


def _local(moment: datetime, calendar: BusinessCalendar) -> str:
    return date_format(moment.astimezone(calendar.tz), "D j M H:i")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
