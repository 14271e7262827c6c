"""Every change to a lead's follow-up, as one plain function each.

The page, the API, the CLI and the worker call these same functions, so the guard, the
audit trail and the lead's tracked times hold whichever way a change comes. Each locks the
lead row for the length of its transaction: two people acting on one lead at once are
served one after the other, and the second sees what the first did. An import of many
activities (`log_imported_many`) is recorded by the same rules in a few statements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from scoreline.dealers.models import Dealer, User
from scoreline.dealers.roles import is_manager, works_at
from scoreline.followup.calendars import calendar_for
from scoreline.followup.clocks import schedule_job
from scoreline.followup.errors import FollowUpStandardNotMet, InvalidChange, OverrideNotAllowed
from scoreline.followup.evidence import counterpart
from scoreline.followup.models import (
    Activity,
    ActivityKind,
    CallOutcome,
    CallScript,
    Direction,
    Evidence,
    Job,
    JobKind,
    Notification,
    NotificationKind,
)
from scoreline.followup.next_step import latest_next_attempt, next_attempt
from scoreline.followup.notifications import notify, unsaved
from scoreline.followup.standard import (
    UNANSWERED,
    ActivityLike,
    StandardStatus,
    evaluate,
    is_contact,
    is_response,
    standard_for,
    standard_status,
)
from scoreline.leads import audit
from scoreline.leads.contact import read_phone
from scoreline.leads.dedupe import stored_values
from scoreline.leads.models import (
    EventKind,
    Lead,
    LeadEvent,
    LeadStatus,
    LostReason,
    Order,
    Person,
)

Reason = str | list[audit.Part]  # typed text, or parts said when read (leads/audit.py)

# Clocks on the machines that record activities drift; beyond this an activity is refused.
FUTURE_TOLERANCE = timedelta(minutes=5)
HISTORY_KINDS = (ActivityKind.LOST, ActivityKind.ORDER)
STEP_KINDS = (ActivityKind.VISIT, ActivityKind.TEST_DRIVE, ActivityKind.QUOTE)
# The lost reason that closes a lead as a second copy of another lead of the same person.
DUPLICATE = "duplicate"


def log_activity(
    lead: Lead,
    kind: str,
    *,
    by: User | None,
    at: datetime | None = None,
    outcome: str = "",
    duration_s: int | None = None,
    script: CallScript | None = None,
    note: str = "",
    direction: str = Direction.OUTBOUND,
    is_automatic: bool = False,
    external_id: str = "",
    evidence: str = Evidence.HAND,
) -> Activity:
    """Record a call, message or meeting and keep the lead's response and contact times.

    `evidence` says where the record comes from (an import, the phone system, by hand).

    Orders and losses change the lead's status, so they go through `mark_won` and
    `close_lead_lost`; only imported leads take them as plain history. `evidence` says where
    the record came from (typed by hand unless a system says otherwise).
    """
    at = _moment(at)
    kind, direction, evidence, outcome = _checked(
        lead, kind, at, outcome, script, direction, evidence
    )
    with transaction.atomic():
        locked = _lock(lead)
        recorded = _merged_by_hand(locked, kind, evidence, at, direction, by, outcome, script, note)
        if recorded is not None:
            _refresh(lead)
            return recorded
        activity = _record(
            locked,
            kind,
            by=by,
            at=at,
            outcome=outcome,
            duration_s=duration_s,
            script=script,
            note=note,
            direction=direction,
            is_automatic=is_automatic,
            external_id=external_id,
            evidence=evidence,
        )
    _refresh(lead)
    if _unanswered_attempt(activity):
        plan_next_attempt(lead, by=by, now=at)
    return activity


def _checked(
    lead: Lead,
    kind: str,
    at: datetime,
    outcome: str,
    script: CallScript | None,
    direction: str,
    evidence: str,
) -> tuple[str, str, str, str]:
    """An activity's kind, direction, evidence and outcome as stored, or InvalidChange saying
    why it cannot be recorded on this lead (one set of checks for one activity and for many)."""
    kind = _choice(ActivityKind, kind, "activity kind")
    direction = _choice(Direction, direction, "direction")
    evidence = _choice(Evidence, evidence, "evidence")
    outcome = _choice(CallOutcome, outcome, "call outcome") if outcome else ""
    _check_activity(lead, kind, at, outcome, script)
    return kind, direction, evidence, outcome


@dataclass(frozen=True)
class ImportedActivity:
    """One activity from another system's history, as `log_activity` records it with
    evidence IMPORT (outbound, typed by a person: never automatic)."""

    lead: Lead
    kind: str
    by: User | None
    at: datetime
    outcome: str = ""
    duration_s: int | None = None
    script: CallScript | None = None
    note: str = ""
    external_id: str = ""


def log_imported(activity: ImportedActivity) -> Activity:
    """One imported activity, through `log_activity` itself."""
    return log_activity(
        activity.lead,
        activity.kind,
        by=activity.by,
        at=activity.at,
        outcome=activity.outcome,
        duration_s=activity.duration_s,
        script=activity.script,
        note=activity.note,
        external_id=activity.external_id,
        evidence=Evidence.IMPORT,
    )


def check_imported(activity: ImportedActivity) -> None:
    """Raise the InvalidChange `log_imported` would raise for this activity, writing nothing:
    a bulk import weeds out the activities it would refuse before recording the rest."""
    at = _aware(activity.at, "time")
    _checked(
        activity.lead, activity.kind, at, activity.outcome, activity.script,
        Direction.OUTBOUND, Evidence.IMPORT,
    )  # fmt: skip


def log_imported_many(
    activities: Sequence[ImportedActivity],
    *,
    insert: Callable[[list[Activity]], object] = Activity.objects.bulk_create,
) -> list[Activity]:
    """`log_imported` for each activity in order, as one import: the same rows in a few statements.

    1. Every activity is checked (`check_imported`) before anything is written.
    2. The leads are locked and read once, as `log_activity` locks each.
    3. In order, each activity moves its lead's tracked times (`tracked_changes`) and, after
       an unanswered attempt, the next attempt is decided (`_attempt_due`) on what the
       activities before it left, in memory: an old one plans nothing without reading more.
    4. The activities are inserted by `insert` (an import passes its own fast one), the
       leads' times written in one statement, and the few follow-ups due after now planned
       by `plan_follow_up`, in the order they were decided.
    """
    for imported in activities:
        check_imported(imported)
    rows: list[Activity] = []
    with transaction.atomic():
        leads = _locked_leads({imported.lead.pk for imported in activities})
        timeline = _Timeline()
        moved: dict[int, Lead] = {}
        planned: list[tuple[Lead, datetime, User | None]] = []
        for imported in activities:
            lead = leads[imported.lead.pk]
            activity = _imported_row(lead, imported)
            rows.append(activity)
            timeline.add(activity)
            changes = tracked_changes(lead, activity)
            if changes:
                for name, value in changes.items():
                    setattr(lead, name, value)
                moved[lead.pk] = lead
            if _unanswered_attempt(activity):
                due = _attempt_due(lead, activity.at, timeline.status_of(lead, activity.at))
                if due is not None:
                    lead.next_follow_up_at = due  # as plan_follow_up will set it
                    planned.append((lead, due, imported.by))
        insert(rows)
        _save_tracked_times(list(moved.values()))
        for lead, due, by in planned:
            plan_follow_up(lead, due, by=by)
    return rows


def _imported_row(lead: Lead, imported: ImportedActivity) -> Activity:
    return Activity(
        lead=lead,
        kind=imported.kind,
        at=imported.at,
        by=imported.by,
        outcome=imported.outcome,
        duration_s=imported.duration_s,
        script=imported.script,
        note=imported.note,
        external_id=imported.external_id,
        evidence=Evidence.IMPORT,
    )


class _Timeline:
    """The activities of a batch's leads: those saved before, read when first needed, and
    the batch's own so far; judged as `standard_status` judges a lead from its saved ones."""

    def __init__(self) -> None:
        self.added: dict[int, list[Activity]] = {}
        self.saved: dict[int, list[Activity]] = {}

    def add(self, activity: Activity) -> None:
        self.added.setdefault(activity.lead_id, []).append(activity)

    def status_of(self, lead: Lead, at: datetime) -> Callable[[], StandardStatus]:
        def judged() -> StandardStatus:
            if lead.pk not in self.saved:
                self.saved[lead.pk] = list(Activity.objects.filter(lead=lead.pk))
            done = self.saved[lead.pk] + self.added.get(lead.pk, [])
            dealer = lead.dealer
            return evaluate(lead, done, standard_for(dealer), calendar_for(dealer), at)

        return judged


def _locked_leads(pks: set[int]) -> dict[int, Lead]:
    """The leads, locked and read afresh (as `_lock` does one), a chunk of keys at a time."""
    ordered, found = sorted(pks), {}
    dealers: dict[int, Dealer] = {}  # one instance per dealer: its calendar and standard read once
    for start in range(0, len(ordered), 500):
        chunk = Lead.objects.select_for_update(of=("self",)).select_related("dealer")
        for lead in chunk.filter(pk__in=ordered[start : start + 500]).order_by("pk"):
            lead.dealer = dealers.setdefault(lead.dealer_id, lead.dealer)
            found[lead.pk] = lead
    return found


def _save_tracked_times(leads: list[Lead]) -> None:
    """Write these leads' tracked times, all in one statement (`executemany`)."""
    if not leads:
        return
    adapt = connection.ops.adapt_datetimefield_value  # what a DateTimeField's value goes as
    quote = connection.ops.quote_name
    column = {field.name: field.column for field in Lead._meta.concrete_fields}
    columns = ", ".join(f"{quote(column[name])} = %s" for name in TRACKED)
    key = quote(Lead._meta.pk.column)
    sql = f"UPDATE {quote(Lead._meta.db_table)} SET {columns} WHERE {key} = %s"
    values = [[adapt(getattr(lead, name)) for name in TRACKED] + [lead.pk] for lead in leads]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _merged_by_hand(
    lead: Lead,
    kind: str,
    evidence: str,
    at: datetime,
    direction: str,
    by: User | None,
    outcome: str,
    script: CallScript | None,
    note: str,
) -> Activity | None:
    """A call logged by hand that the phone system already recorded is that record: the
    salesperson's outcome, script and note go onto it (`followup.evidence`); None otherwise."""
    if kind != ActivityKind.CALL or evidence != Evidence.HAND:
        return None
    recorded = counterpart(lead, at, direction, evidence=Evidence.PHONE_SYSTEM)
    if recorded is None:
        return None
    recorded.outcome = outcome or recorded.outcome
    recorded.script = script or recorded.script
    recorded.note = _joined(recorded.note, note)
    recorded.by = recorded.by or by
    recorded.merged_at = timezone.now()
    recorded.save(update_fields=["outcome", "script", "note", "by", "merged_at"])
    _track(lead, recorded)
    return recorded


def plan_next_attempt(lead: Lead, *, by: User | None, now: datetime | None = None) -> Job | None:
    """After a call that did not reach the person: the next attempt, by the standard's cadence.

    Planned in the dealer's opening hours (`next_step.next_attempt`); nothing is planned on a
    closed lead, for an attempt already in the past (an old call brought in from a log), or
    when a later follow-up is already planned.
    """
    now = _moment(now)
    at = _attempt_due(lead, now, lambda: standard_status(lead, now))
    return None if at is None else plan_follow_up(lead, at, by=by)


def _attempt_due(
    lead: Lead, now: datetime, status: Callable[[], StandardStatus]
) -> datetime | None:
    """When `plan_next_attempt` plans the attempt after an unanswered one at `now`; None: not.

    The lead is judged (`status`, which may read its activities) only when the next attempt
    could still lie ahead: an attempt whose latest possible next one (`latest_next_attempt`)
    is past plans nothing, whatever the lead still owes.
    """
    if lead.status != LeadStatus.OPEN:
        return None
    if lead.next_follow_up_at is not None and lead.next_follow_up_at > now:
        return None
    calendar = calendar_for(lead.dealer)
    if latest_next_attempt(calendar, now) < timezone.now():
        return None
    judged = status()
    attempts_left = judged.required_attempts - judged.call_attempts
    days_left = judged.required_days - judged.call_days
    at = next_attempt(calendar, attempts_left, days_left, now)
    return None if at < timezone.now() else at


def _unanswered_attempt(activity: Activity) -> bool:
    return (
        activity.kind == ActivityKind.CALL
        and activity.direction == Direction.OUTBOUND
        and activity.outcome in UNANSWERED
        and not activity.is_automatic
    )


def plan_follow_up(lead: Lead, at: datetime, *, by: User | None) -> Job:
    """Set the next follow-up; the salesperson is reminded when it falls due."""
    at = _aware(at, "follow-up time")
    if at < timezone.now() - FUTURE_TOLERANCE:
        raise InvalidChange(_("A follow-up is planned ahead, not in the past (%s).") % at)
    with transaction.atomic():
        locked = _lock(lead)
        _require_status(locked, (LeadStatus.OPEN,), _("plan a follow-up for"))
        Lead.objects.filter(pk=locked.pk).update(next_follow_up_at=at)
        planned = Job.objects.filter(lead=locked, kind=JobKind.FOLLOW_UP_DUE)
        sequence = (planned.aggregate(last=Max("sequence"))["last"] or 0) + 1
        job = schedule_job(locked, JobKind.FOLLOW_UP_DUE, at, sequence)
    _refresh(lead)
    return job


def book_appointment(
    lead: Lead, when: datetime, *, by: User | None, note: str = "", at: datetime | None = None
) -> Activity:
    """An appointment agreed with the person: recorded now, on the agenda for `when`.

    The appointment is contact (the person agreed to come); its time becomes the lead's next
    follow-up, so it stands on the salesperson's list and reminds them when it falls due.
    """
    when = _aware(when, "appointment time")
    text = _("Appointment on %(when)s") % {"when": _local_text(when, lead)}
    activity = log_activity(lead, ActivityKind.APPOINTMENT, by=by, at=at, note=_joined(text, note))
    plan_follow_up(lead, when, by=by)
    return activity


def record_step(
    lead: Lead,
    kind: str,
    *,
    by: User | None,
    car: str = "",
    amount: Decimal | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Activity:
    """A showroom visit, a test drive (in `car`) or a quote (of `amount` EUR) at `at`."""
    kind = _choice(ActivityKind, kind, "activity kind")
    if kind not in STEP_KINDS:
        raise InvalidChange(
            _("A step is a showroom visit, a test drive or a quote, not a %s.") % kind
        )
    if kind == ActivityKind.QUOTE and amount is None:
        raise InvalidChange(_("A quote for lead #%s needs its amount.") % lead.pk)
    parts = [car, _euros(amount) if amount is not None else "", note]
    return log_activity(lead, kind, by=by, at=at, note=_joined(*parts))


def record_sale(
    lead: Lead,
    *,
    by: User | None,
    order_id: str,
    car: str = "",
    amount: Decimal | None = None,
    at: datetime | None = None,
) -> Lead:
    """The sale as the salesperson records it: an order under its number, and the lead won.

    The order is kept under the dealer's order number, so the same order arriving later from
    the dealer management system finds this one (one order per number and dealer) and the
    sale is counted once.
    """
    number = order_id.strip()
    if not number:
        raise InvalidChange(_("A sale of lead #%s needs its order number.") % lead.pk)
    moment = _moment(at)
    make, _space, model = car.strip().partition(" ")
    person = lead.person
    order, _created = Order.objects.get_or_create(
        dealer=lead.dealer,
        order_id=number,
        defaults={
            "ordered_at": moment,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone[:20],
            "vehicle_make": make[:60],
            "vehicle_model": model[:80],
        },
    )
    detail = _joined(car, _euros(amount) if amount is not None else "")
    return mark_won(lead, at=moment, by=by, order=order, detail=detail)


def change_phone(lead: Lead, raw: str, *, by: User | None, at: datetime | None = None) -> str:
    """Correct the person's phone number (`change_person` with only the phone)."""
    return change_person(lead, by=by, at=at, phone=raw).phone


def change_person(
    lead: Lead,
    *,
    by: User | None,
    at: datetime | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> Person:
    """Correct the person's name, phone or e-mail (None: left as it is); one audited change.

    The phone is read by the one phone rule, in the person's country, else the dealer's; one
    that is not valid there is kept as written and flagged unverified. An empty phone or
    e-mail removes a wrong one. The person's other numbers and addresses (found by, kept
    with the person) stay as they are. Nothing changed, nothing recorded.
    """
    at = _moment(at)
    person = lead.person
    if person.anonymised_at is not None:
        raise InvalidChange(_("The person of lead #%s was anonymised.") % lead.pk)
    changes: dict[str, Any] = {}
    said: list[audit.Part] = []
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if value is not None and value.strip() != getattr(person, field):
            changes[field] = _limited(value.strip(), Person, field)
            old, new = getattr(person, field) or "–", changes[field] or "–"
            said.append(audit.said(f"{field}_changed", old=old, new=new))
    if phone is not None:
        text = phone.strip()
        reading = read_phone(text, person.country, lead.dealer.country) if text else None
        if text and reading is None:
            raise InvalidChange(_("%(raw)r is not a phone number.") % {"raw": text})
        number = reading.number if reading else ""
        if number != person.phone:
            changes["phone"], changes["phone_valid"] = number, reading.valid if reading else True
            said.append(audit.said("phone_changed", old=person.phone or "–", new=number or "–"))
    if email is not None:
        address = email.strip().lower()
        if address:
            try:
                validate_email(address)
            except ValidationError:
                raise InvalidChange(
                    _("%(raw)r is not an e-mail address.") % {"raw": email.strip()}
                ) from None
        if address != person.email:
            changes["email"] = address
            said.append(audit.said("email_changed", old=person.email or "–", new=address or "–"))
    if not changes:
        return person
    with transaction.atomic():
        locked = _lock(lead)
        Person.objects.filter(pk=locked.person_id).update(**changes)
        _event(locked, EventKind.CONTACT, by=by, at=at, reason=said)
    _refresh(lead)
    lead.person.refresh_from_db()
    return lead.person


def _limited(value: str, model: Any, field: str) -> str:
    """The text, refused when longer than the field holds (rather than cut short)."""
    limit = model._meta.get_field(field).max_length
    if limit is not None and len(value) > limit:
        raise InvalidChange(
            _("The %(field)s is longer than %(limit)s characters.")
            % {"field": model._meta.get_field(field).verbose_name, "limit": limit}
        )
    return value


def _joined(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _euros(amount: Decimal) -> str:
    return f"EUR {amount:,.0f}".replace(",", ".")


def _local_text(moment: datetime, lead: Lead) -> str:
    return date_format(moment.astimezone(calendar_for(lead.dealer).tz), "DATETIME_FORMAT")


def close_lead_lost(
    lead: Lead,
    reason: LostReason | str,
    *,
    by: User | None,
    at: datetime | None = None,
    override_reason: str | None = None,
    duplicate_of: Lead | None = None,
) -> Lead:
    """Close a lead as lost, behind the guard of the follow-up standard.

    Refused with `FollowUpStandardNotMet` (saying what is missing) unless the person was
    contacted, the follow-up effort was made, or a manager of the dealer overrides with a
    reason. Reasons that do not need the standard have their own proof (`_grounds`): a
    duplicate names the lead it duplicates, spam or fake needs evidence or a manager.
    """
    at = _moment(at)
    lost_reason = lost_reason_named(reason)
    override = _override_text(override_reason)
    with transaction.atomic():
        locked = _lock(lead)
        _require_status(locked, (LeadStatus.OPEN,), _("close as lost"))
        _require_after_receipt(locked, at)
        without = _guard(locked, lost_reason, by=by, at=at, override=override)
        grounds = _grounds(locked, lost_reason, by=by, duplicate_of=duplicate_of)
        _record(locked, ActivityKind.LOST, by=by, at=at, note=lost_reason.label)
        _change_status(
            locked,
            LeadStatus.LOST,
            by=by,
            at=at,
            reason=[audit.lost_reason_part(lost_reason.code, lost_reason.label), *grounds],
            closed_at=at,
            lost_reason=lost_reason,
            closed_without_standard=without,
        )
    _refresh(lead)
    return lead


def mark_won(
    lead: Lead,
    *,
    at: datetime | None = None,
    by: User | None = None,
    order: Order | None = None,
    detail: str = "",
) -> Lead:
    """Record the sale: an order activity, the status, and the order linked to the lead.

    A lead closed as lost may still be won (the order came later from the dealer system).
    """
    at = _moment(at)
    with transaction.atomic():
        locked = _lock(lead)
        _require_status(locked, (LeadStatus.OPEN, LeadStatus.LOST), _("mark as won"))
        _require_after_receipt(locked, at)
        note = _link_order(locked, order) if order is not None else ""
        note = _joined(note, detail)
        _record(locked, ActivityKind.ORDER, by=by, at=at, note=note)
        _change_status(
            locked,
            LeadStatus.WON,
            by=by,
            at=at,
            reason=note,
            closed_at=at,
            lost_reason=None,
            closed_without_standard=False,
        )
    _refresh(lead)
    return lead


def reopen(lead: Lead, *, by: User | None, reason: str = "", at: datetime | None = None) -> Lead:
    """Open a closed lead again, e.g. the customer came back or it was closed by mistake.

    A sale undone gives no credit: its order activity becomes a note, so it counts neither as
    response nor as contact, and the guard judges the lead by the work actually done.
    """
    at = _moment(at)
    with transaction.atomic():
        locked = _lock(lead)
        closed = (LeadStatus.LOST, LeadStatus.WON, LeadStatus.SPAM)
        _require_status(locked, closed, _("reopen"))
        if locked.status == LeadStatus.WON:
            _undo_sale(locked)
        _change_status(
            locked,
            LeadStatus.OPEN,
            by=by,
            at=at,
            reason=reason,
            closed_at=None,
            lost_reason=None,
            closed_without_standard=False,
        )
    _refresh(lead)
    return lead


def mark_spam(lead: Lead, *, by: User | None, reason: str = "", at: datetime | None = None) -> Lead:
    """Take a lead out of the figures as spam; it counts separately, never as lost.

    Only with evidence (a wrong-number call) or by a manager of the dealer; the ground is kept
    with the status change.
    """
    at = _moment(at)
    with transaction.atomic():
        locked = _lock(lead)
        _require_status(locked, (LeadStatus.OPEN,), _("mark as spam"))
        ground = _evidence_or_manager(locked, by)
        parts = [*audit.parts_of(reason), *ground]
        _change_status(locked, LeadStatus.SPAM, by=by, at=at, reason=parts, closed_at=at)
    _refresh(lead)
    return lead


def reassign(
    lead: Lead,
    to: User | None,
    *,
    by: User | None,
    reason: Reason = "",
    at: datetime | None = None,
    tell: bool = True,
) -> bool:
    """Give the lead to someone else at its dealer (None: nobody); False when nothing changed.

    `by` is a manager of the dealer, or None for the dealer's assignment rule. The new
    salesperson is told unless they assigned it to themselves or `tell` is off (a lead they
    entered by hand).
    """
    at = _moment(at)
    if by is not None and not is_manager(by, lead.dealer):
        raise OverrideNotAllowed(
            _("Only a sales manager of %(dealer)s can reassign its leads.")
            % {"dealer": lead.dealer}
        )
    if to is not None and not works_at(to, lead.dealer):
        raise InvalidChange(
            _("%(user)s does not work at %(dealer)s.") % {"user": to, "dealer": lead.dealer}
        )
    with transaction.atomic():
        locked = _lock(lead)
        previous = locked.assigned_to
        if previous == to:
            return False
        Lead.objects.filter(pk=locked.pk).update(assigned_to=to)
        locked.assigned_to = to
        _event(locked, EventKind.ASSIGNMENT, by=by, at=at, reason=reason, old=previous, new=to)
        if to is not None and to != by and tell:
            text_key = "assigned" if by is not None else "assigned_by_rule"
            notify(to, locked, NotificationKind.ASSIGNED, at=at, text_key=text_key, by=by)
    _refresh(lead)
    return True


def record_imported_close(
    lead: Lead,
    status: str,
    *,
    at: datetime,
    reason: LostReason | str | None = None,
    by: User | None = None,
    note: str = "",
) -> Lead:
    """Bring in a close from another system's history: never refused, but marked honestly.

    A loss before the follow-up effort is flagged `closed_without_standard`. A free-text
    reason unknown here becomes a new lost reason, guarded like the default ones.
    """
    at = _aware(at, "closed_at")
    status = _choice(LeadStatus, status, "status")
    if status not in (LeadStatus.LOST, LeadStatus.WON):
        raise InvalidChange(_("An imported close is won or lost, not %s.") % status)
    lost_reason = _imported_reason(reason) if status == LeadStatus.LOST else None
    with transaction.atomic():
        locked = _lock(lead)
        if locked.status == status:
            return lead
        without = lost_reason is not None and _unearned(locked, lost_reason, at)
        fields = {"closed_at": at, "lost_reason": lost_reason, "closed_without_standard": without}
        parts = _imported_parts(lost_reason, note)
        _change_status(locked, status, by=by, at=at, reason=parts, kind=EventKind.IMPORT, **fields)
    _refresh(lead)
    return lead


@dataclass(frozen=True)
class ImportedClose:
    """One close from another system's history, as `record_imported_close` takes it."""

    lead: Lead
    status: str
    at: datetime
    reason: LostReason | str | None = None
    by: User | None = None
    note: str = ""


def close_imported_many(closes: Sequence[ImportedClose]) -> list[LeadEvent]:
    """`record_imported_close` for the new leads of a bulk import, before they are inserted.

    Each lead (new: open, no activities yet, its deadline set) takes in memory the status,
    close time, lost reason and `closed_without_standard` flag that `record_imported_close`
    writes, and its IMPORT event is returned for the caller to insert after the leads: the
    rows are those of saving each lead open and then closing it. Lost reasons are found or
    created once per text, in the order of the closes. Every close is checked before any
    lead is changed.
    """
    checked = [_checked_close(close) for close in closes]
    reasons: dict[str, LostReason] = {}
    events = []
    for close, (status, at) in zip(closes, checked, strict=True):
        lead = close.lead
        if lead.status == status:
            continue
        lost_reason = None
        if status == LeadStatus.LOST:
            lost_reason = _reason_once(close.reason, reasons)
        without = lost_reason is not None and _unearned_while_new(lead, lost_reason, at)
        events.append(
            LeadEvent(
                lead=lead,
                at=at,
                by=close.by,
                kind=EventKind.IMPORT,
                from_status=lead.status,
                to_status=status,
                **_reason(_imported_parts(lost_reason, close.note)),
            )
        )
        lead.status, lead.closed_at, lead.lost_reason = status, at, lost_reason
        lead.closed_without_standard = without
    return events


def _imported_parts(lost_reason: LostReason | None, note: str) -> list[audit.Part]:
    """An imported close's reason: its lost reason, then the note as written."""
    parts = [audit.lost_reason_part(lost_reason.code, lost_reason.label)] if lost_reason else []
    return [*parts, *audit.parts_of(note)]


def _checked_close(close: ImportedClose) -> tuple[str, datetime]:
    """The checks of `record_imported_close`, with the same errors."""
    at = _aware(close.at, "closed_at")
    status = _choice(LeadStatus, close.status, "status")
    if status not in (LeadStatus.LOST, LeadStatus.WON):
        raise InvalidChange(_("An imported close is won or lost, not %s.") % status)
    return status, at


def _reason_once(reason: LostReason | str | None, known: dict[str, LostReason]) -> LostReason:
    """`_imported_reason`, asked once per text of a batch."""
    if isinstance(reason, LostReason):
        return reason
    key = reason or ""
    if key not in known:
        known[key] = _imported_reason(reason)
    return known[key]


def _unearned_while_new(lead: Lead, reason: LostReason, at: datetime) -> bool:
    """`_unearned` for a lead without activities: judged without reading them."""
    if not reason.needs_follow_up_standard:
        return False
    dealer = lead.dealer
    status = evaluate(lead, [], standard_for(dealer), calendar_for(dealer), at)
    return not status.effort_made


def rule_assignment_rows(
    assignments: Sequence[tuple[Lead, Reason]], *, at: datetime
) -> tuple[list[LeadEvent], list[Notification]]:
    """The rows `reassign(lead, lead.assigned_to, by=None, reason=...)` writes, for many leads.

    For saved leads that a bulk import inserted with the salesperson its rotation chose (so
    the lead row needs no update): the ASSIGNMENT events, from nobody to that salesperson,
    and their "assigned by the dealer's rule" notifications, unsaved, for the import to
    insert with the rest of its rows.
    """
    at = _aware(at, "time")
    events, notifications = [], []
    for lead, reason in assignments:
        to = lead.assigned_to
        if to is None:
            continue
        events.append(
            LeadEvent(
                lead=lead, at=at, by=None, kind=EventKind.ASSIGNMENT, to_user=to, **_reason(reason)
            )
        )
        notifications.append(_rule_notification(to, lead, at))
    return events, notifications


def _rule_notification(to: User, lead: Lead, at: datetime) -> Notification:
    """The row `notify(to, lead, ASSIGNED, text_key="assigned_by_rule", by=None)` writes."""
    return unsaved(to, lead, NotificationKind.ASSIGNED, at=at, text_key="assigned_by_rule", by=None)


def lost_reason_named(reason: LostReason | str) -> LostReason:
    """A lost reason, or the one with this code; an unknown code lists the known ones."""
    if isinstance(reason, LostReason):
        return reason
    found = LostReason.objects.filter(code=reason).first()
    if found is None:
        codes = ", ".join(LostReason.objects.values_list("code", flat=True)) or "-"
        raise InvalidChange(
            _("Unknown lost reason %(code)r; known codes: %(codes)s.")
            % {"code": reason, "codes": codes}
        )
    return found


def _guard(
    lead: Lead, reason: LostReason, *, by: User | None, at: datetime, override: str | None
) -> bool:
    """Refuse an unearned close, or record the override; True when closing without it."""
    if not _unearned(lead, reason, at):
        return False
    if override is None:
        raise FollowUpStandardNotMet(lead, standard_status(lead, at))
    if not is_manager(by, lead.dealer):
        raise OverrideNotAllowed(
            _("Only a sales manager of %(dealer)s may override the follow-up standard.")
            % {"dealer": lead.dealer}
        )
    _event(lead, EventKind.OVERRIDE, by=by, at=at, reason=override)
    return True


def _grounds(
    lead: Lead, reason: LostReason, *, by: User | None, duplicate_of: Lead | None
) -> list[audit.Part]:
    """Why a reason without the standard holds, in words for the audit trail; or refused.

    A duplicate names another lead of the same person at the same dealer; any other reason
    that skips the standard (spam, fake) needs evidence or a manager.
    """
    if reason.needs_follow_up_standard:
        return []
    if reason.code == DUPLICATE:
        return _duplicate_ground(lead, duplicate_of)
    return _evidence_or_manager(lead, by)


def _duplicate_ground(lead: Lead, original: Lead | None) -> list[audit.Part]:
    if original is None:
        raise InvalidChange(
            _("Closing lead #%(lead)s as a duplicate needs the lead it duplicates.")
            % {"lead": lead.pk}
        )
    if (
        original.pk == lead.pk
        or original.dealer_id != lead.dealer_id
        or not _same_person(lead, original)
    ):
        raise InvalidChange(
            _("Lead #%(other)s is not another lead of the same person at %(dealer)s.")
            % {"other": original.pk, "dealer": lead.dealer}
        )
    return [audit.said("duplicate_of", other=original.pk)]


def _same_person(lead: Lead, other: Lead) -> bool:
    """One person, or two records sharing any phone or e-mail either is found by (its own
    or a further contact: the one set `stored_values` reads)."""
    if lead.person_id == other.person_id:
        return True
    return bool(stored_values(lead.person) & stored_values(other.person))


def _evidence_or_manager(lead: Lead, by: User | None) -> list[audit.Part]:
    """The ground for calling a lead spam or fake (a wrong number or address): a wrong-number
    call or a bounced message (`messages.record_bounce`), else a manager."""
    wrong = lead.activities.filter(  # type: ignore[attr-defined]
        kind=ActivityKind.CALL, outcome=CallOutcome.WRONG_NUMBER
    ).first()
    if wrong is not None:
        return [audit.said("wrong_number_call", at={"at": wrong.at.isoformat()})]
    bounced = lead.events.filter(kind=EventKind.BOUNCE).order_by("at", "pk").first()  # type: ignore[attr-defined]
    if bounced is not None:
        return [audit.said("bounced_message", at={"at": bounced.at.isoformat()})]
    if is_manager(by, lead.dealer):
        return [audit.said("manager", user=str(by))]
    raise OverrideNotAllowed(
        _(
            "Lead #%(lead)s can be called spam or fake only with evidence (a wrong-number call "
            "or a bounced message) or by a sales manager of %(dealer)s."
        )
        % {"lead": lead.pk, "dealer": lead.dealer}
    )


def _undo_sale(lead: Lead) -> None:
    """The order activities of an undone sale become notes; the lead's times are counted anew."""
    undone = _("Sale undone")
    for order in lead.activities.filter(kind=ActivityKind.ORDER):  # type: ignore[attr-defined]
        order.kind, order.note = ActivityKind.NOTE, f"{undone}: {order.note}".rstrip(": ")
        order.save(update_fields=["kind", "note"])
    activities = list(lead.activities.all())  # type: ignore[attr-defined]
    lead.first_response_at = min((a.at for a in activities if is_response(a)), default=None)
    lead.contacted_at = min((a.at for a in activities if is_contact(a)), default=None)
    Lead.objects.filter(pk=lead.pk).update(
        first_response_at=lead.first_response_at, contacted_at=lead.contacted_at
    )


def _unearned(lead: Lead, reason: LostReason, at: datetime) -> bool:
    """Whether closing with this reason at `at` would be without the standard's effort."""
    return reason.needs_follow_up_standard and not standard_status(lead, at).effort_made


def _record(lead: Lead, kind: str, *, by: User | None, at: datetime, **fields: Any) -> Activity:
    activity = Activity.objects.create(lead=lead, kind=kind, at=at, by=by, **fields)
    _track(lead, activity)
    return activity


TRACKED = ("first_response_at", "contacted_at", "last_activity_at")


def _track(lead: Lead, activity: Activity) -> None:
    """Keep the lead's tracked times in step with a new activity (`tracked_changes`)."""
    changes = tracked_changes(lead, activity)
    if changes:
        Lead.objects.filter(pk=lead.pk).update(**changes)
        for name, value in changes.items():
            setattr(lead, name, value)


def tracked_changes(lead: Lead, activity: ActivityLike) -> dict[str, datetime]:
    """The tracked times (`TRACKED`) an activity moves, with their new values: the first
    response and first contact are the earliest such activity, the last activity the latest
    one; notes are not work on the lead. The rule of one activity and of a bulk import."""
    changes: dict[str, datetime] = {}
    if is_response(activity) and _earlier(activity.at, lead.first_response_at):
        changes["first_response_at"] = activity.at
    if is_contact(activity) and _earlier(activity.at, lead.contacted_at):
        changes["contacted_at"] = activity.at
    if activity.kind != ActivityKind.NOTE and _after(activity.at, lead.last_activity_at):
        changes["last_activity_at"] = activity.at
    return changes


def _change_status(
    lead: Lead,
    to: str,
    *,
    by: User | None,
    at: datetime,
    reason: Reason,
    kind: str = EventKind.STATUS,
    **fields: Any,
) -> None:
    previous = lead.status
    for name, value in {"status": to, **fields}.items():
        setattr(lead, name, value)
    lead.save(update_fields=["status", *fields])
    LeadEvent.objects.create(
        lead=lead, at=at, by=by, kind=kind, from_status=previous, to_status=to, **_reason(reason)
    )


def _event(
    lead: Lead,
    kind: str,
    *,
    by: User | None,
    at: datetime,
    reason: Reason = "",
    old: User | None = None,
    new: User | None = None,
) -> LeadEvent:
    return LeadEvent.objects.create(
        lead=lead, at=at, by=by, kind=kind, from_user=old, to_user=new, **_reason(reason)
    )


def _reason(reason: Reason) -> dict[str, Any]:
    """An event's reason as stored: the text as written and the parts said when read."""
    parts = audit.parts_of(reason)
    return {"reason": audit.written_text(parts), "reason_parts": parts}


def _link_order(lead: Lead, order: Order) -> str:
    if order.dealer_id != lead.dealer_id:
        raise InvalidChange(_("Order %s belongs to another dealer.") % order.order_id)
    if order.lead_id not in (None, lead.pk):
        raise InvalidChange(
            _("Order %(order)s is already matched to lead #%(lead)s.")
            % {"order": order.order_id, "lead": order.lead_id}
        )
    Order.objects.filter(pk=order.pk).update(lead=lead)
    order.lead = lead
    return _("Order %s") % order.order_id


def _imported_reason(reason: LostReason | str | None) -> LostReason:
    """The lost reason of an imported close: by code, by label, else a new one."""
    if isinstance(reason, LostReason):
        return reason
    text = (reason or "").strip() or "unknown"
    code = slugify(text)[:40] or "unknown"
    found = LostReason.objects.filter(Q(code=code) | Q(label__iexact=text)).first()
    return found or LostReason.objects.create(code=code, label=text[:120])


def _check_activity(
    lead: Lead, kind: str, at: datetime, outcome: str, script: CallScript | None
) -> None:
    if kind in HISTORY_KINDS and not lead.is_imported:
        raise InvalidChange(
            _("Record a sale with mark_won and a loss with close_lead_lost, not as a %s.") % kind
        )
    if outcome and kind != ActivityKind.CALL:
        raise InvalidChange(_("Only calls have an outcome, not a %s.") % kind)
    if script is not None and (kind != ActivityKind.CALL or script.dealer_id != lead.dealer_id):
        raise InvalidChange(
            _("Script %(script)s is not a call script of %(dealer)s for this call.")
            % {"script": script, "dealer": lead.dealer}
        )
    _require_after_receipt(lead, at)
    if at > timezone.now() + FUTURE_TOLERANCE:
        raise InvalidChange(_("The activity is in the future (%s).") % at.isoformat())


def _require_status(lead: Lead, allowed: tuple[str, ...], doing: str) -> None:
    if lead.status not in allowed:
        raise InvalidChange(
            _("Cannot %(doing)s lead #%(lead)s: it is %(status)s.")
            % {"doing": doing, "lead": lead.pk, "status": lead.get_status_display()}
        )


def _require_after_receipt(lead: Lead, at: datetime) -> None:
    if at < lead.received_at:
        raise InvalidChange(
            _("%(at)s is before lead #%(lead)s was received (%(received)s).")
            % {"at": at.isoformat(), "lead": lead.pk, "received": lead.received_at.isoformat()}
        )


def _override_text(override_reason: str | None) -> str | None:
    if override_reason is None:
        return None
    text = override_reason.strip()
    if not text:
        raise InvalidChange(_("An override of the follow-up standard needs a reason."))
    return text


def _lock(lead: Lead) -> Lead:
    if lead.pk is None:
        raise InvalidChange(_("The lead is not saved yet."))
    return Lead.objects.select_for_update(of=("self",)).select_related("dealer").get(pk=lead.pk)


def _refresh(lead: Lead) -> None:
    lead.refresh_from_db()


def _moment(at: datetime | None) -> datetime:
    return timezone.now() if at is None else _aware(at, "time")


def _aware(at: datetime, name: str) -> datetime:
    if not isinstance(at, datetime) or timezone.is_naive(at):
        raise InvalidChange(_("The %(name)s %(at)r needs a time zone.") % {"name": name, "at": at})
    return at


def _choice(choices: Any, value: str, name: str) -> Any:
    if value not in choices.values:
        raise InvalidChange(
            _("Unknown %(name)s %(value)r; use one of: %(known)s.")
            % {"name": name, "value": value, "known": ", ".join(choices.values)}
        )
    return choices(value)


def _earlier(at: datetime | None, than: datetime | None) -> bool:
    """Whether `at` comes before `than`, where a missing `than` is later than anything."""
    return at is not None and (than is None or at < than)


def _after(at: datetime, than: datetime | None) -> bool:
    return than is None or at > than
