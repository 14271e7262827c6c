"""A call from the phone system into the database: matched, merged, a new lead, or kept.

One call (`formats.phonecall.ParsedCall`, from any call format) is recorded once per dealer
and call id (`PhoneCall`), whatever became of it:

1. The other party's number, as dialled, is read in the dealer's country by the one phone
   rule (`analytics.contact.read_dialled`: national, international, behind an outside-line
   prefix). The extension or the agent's number names the salesperson (`Extension`, else a
   member's own phone, else a call log's name); an unknown one keeps the call without a
   person.
2. The person's lead at the dealer that was open at the call (`lead_at`) takes the call as an
   activity (evidence "phone system", or "import" for a file): an outbound call is an
   attempt, reached when answered with at least the dealer's `reached_seconds` (20 by
   default) billable seconds. A call the salesperson logged by hand within the
   confirmation window is the same call: the two are merged (`followup.evidence`).
3. An inbound call from a number no such lead has goes through the one intake path as a
   phone lead (`importing.import_lead`, source of the endpoint: new lead, assigned; or a
   repeat inquiry within 30 days), and the call is recorded on it.
4. Anything else (an outbound call to an unknown number, a caller without a number) is kept
   as unmatched, listed for managers; internal calls are kept as internal.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from scoreline.analytics.contact import read_dialled
from scoreline.dealers.models import Dealer, User
from scoreline.followup.actions import log_activity, reassign
from scoreline.followup.evidence import counterpart
from scoreline.followup.models import Activity, ActivityKind, CallOutcome, Direction, Evidence
from scoreline.followup.standard import standard_for
from scoreline.intake import calls
from scoreline.intake.formats.parsed import Contact, ParsedLead, Phone, ProviderId
from scoreline.intake.formats.phonecall import INBOUND, INTERNAL, ParsedCall
from scoreline.intake.importing import Destination, Outcome, import_lead
from scoreline.intake.models import CallMatch, Extension, Payload, PhoneCall, ResultStatus
from scoreline.leads.dedupe import persons_with
from scoreline.leads.models import Channel, Lead, LeadStatus, Source


def record_phone_call(
    call: ParsedCall,
    dealer: Dealer,
    *,
    source: Source | None,
    payload: Payload | None = None,
    evidence: str = Evidence.PHONE_SYSTEM,
) -> Outcome:
    """Record one call (steps in the module docstring); a call id seen before is a duplicate."""
    seen = PhoneCall.objects.filter(dealer=dealer, call_id=call.call_id[:200]).first()
    if seen is not None and seen.match == CallMatch.INTERNAL:
        return Outcome(ResultStatus.RECORDED, note="internal call")
    if seen is not None:
        return Outcome(ResultStatus.DUPLICATE, seen.lead, note=f"call {call.call_id} seen before")
    if not call.final:
        return Outcome(ResultStatus.RECORDED, note=f"progress callback ({call.status}), kept")
    started = _aware(call, dealer)
    reading = read_dialled(call.remote, dealer.country)
    number = reading.number if reading else ""
    record = PhoneCall(
        dealer=dealer,
        payload=payload,
        call_id=call.call_id[:200],
        started_at=started,
        direction=Direction.INBOUND if call.direction == INBOUND else Direction.OUTBOUND,
        remote=call.remote[:60],
        number=number[:40],
        extension=call.local[:60],
        person=salesperson(dealer, call.local),
        answered=call.answered,
        billable_s=call.billable_s,
        match=CallMatch.UNMATCHED,
    )
    if call.direction == INTERNAL:
        record.match = CallMatch.INTERNAL
        record.save()
        return Outcome(ResultStatus.RECORDED, note="internal call")
    lead = lead_at(dealer, number, started) if number else None
    created: Outcome | None = None
    if lead is None and number and call.direction == INBOUND and source is not None:
        created = _phone_lead(call, dealer, source, number, started)
        lead = created.lead
    if lead is None:
        record.save()
        return Outcome(ResultStatus.RECORDED, note="unmatched call, kept")
    record.lead = lead
    record.activity, merged = _on_lead(lead, record, call, evidence)
    record.match = (
        CallMatch.NEW_LEAD if created else CallMatch.MERGED if merged else CallMatch.MATCHED
    )
    record.save()
    new = created is not None and created.status == ResultStatus.CREATED
    if new and record.person and call.answered:  # who took the call has the conversation
        reassign(lead, record.person, by=None, reason=_("answered the call"), tell=False)
    if created is not None:
        return Outcome(created.status, lead, created.inquiry, note="new phone lead")
    return Outcome(ResultStatus.RECORDED, lead, note=record.get_match_display())


def salesperson(dealer: Dealer, local: str) -> User | None:
    """The person on an extension or agent's number, else named (a call log's agent
    column: `calls.agent`); None when nobody is."""
    local = local.strip()
    if not local:
        return None
    extension = Extension.objects.filter(dealer=dealer, number=local).first()
    if extension is not None:
        return extension.person
    reading = read_dialled(local, dealer.country)
    numbers = {local} | ({reading.number} if reading else set())
    members = User.objects.filter(memberships__dealer=dealer, phone__in=numbers)
    return members.distinct().order_by("pk").first() or calls.agent(dealer, local)


def lead_at(dealer: Dealer, number: str, at: datetime) -> Lead | None:
    """The person's lead at the dealer that a call at `at` was about: open now, or closed
    after the call (so a call from a history file finds the lead it was made on, not a later
    one); of several, the latest received by the call, else the latest open one."""
    persons = [p.pk for p in persons_with(dealer.pk, [number], [])]
    candidates = Lead.objects.filter(dealer=dealer, person__in=persons).filter(
        Q(status=LeadStatus.OPEN) | Q(closed_at__gte=at, received_at__lte=at)
    )
    leads = sorted(candidates, key=lambda lead: (lead.received_at <= at, lead.received_at, lead.pk))
    return leads[-1] if leads else None


def call_outcome(call: ParsedCall, dealer: Dealer) -> str:
    """Reached when answered for the dealer's `reached_seconds` (DESIGN.md: 20 by default)
    billable seconds; shorter is a voicemail greeting or a hang-up."""
    if call.answered and (call.billable_s or 0) >= standard_for(dealer).reached_seconds:
        return CallOutcome.REACHED
    return CallOutcome.BUSY if call.status == "busy" else CallOutcome.NO_ANSWER


def _aware(call: ParsedCall, dealer: Dealer) -> datetime:
    moment = call.started_at
    if timezone.is_aware(moment):
        return moment
    return moment.replace(tzinfo=ZoneInfo(dealer.time_zone))


def _on_lead(
    lead: Lead, record: PhoneCall, call: ParsedCall, evidence: str
) -> tuple[Activity, bool]:
    """The call as an activity of the lead: merged into a call logged by hand (only the phone
    system confirms one), or new."""
    seconds = call.billable_s if call.answered else None
    by_hand = (
        counterpart(lead, record.started_at, record.direction, evidence=Evidence.HAND)
        if evidence == Evidence.PHONE_SYSTEM
        else None
    )
    if by_hand is not None:
        by_hand.evidence = Evidence.PHONE_SYSTEM
        by_hand.external_id = f"call:{call.call_id}"[:120]
        by_hand.duration_s = by_hand.duration_s if by_hand.duration_s is not None else seconds
        by_hand.by = by_hand.by or record.person
        by_hand.merged_at = timezone.now()
        by_hand.save(update_fields=["evidence", "external_id", "duration_s", "by", "merged_at"])
        return by_hand, True
    activity = log_activity(
        lead,
        ActivityKind.CALL,
        by=record.person,
        at=record.started_at,
        direction=record.direction,
        outcome=call_outcome(call, lead.dealer),
        duration_s=seconds,
        external_id=f"call:{call.call_id}"[:120],
        evidence=evidence,
    )
    return activity, False


def _phone_lead(
    call: ParsedCall, dealer: Dealer, source: Source, number: str, started: datetime
) -> Outcome:
    """An unknown caller is a phone lead, through the one intake and assignment path."""
    parsed = ParsedLead(
        format="phone",
        where=call.where,
        ids=[ProviderId(call.call_id, source="call")],
        request_time=started,
        request_time_text=started.isoformat(),
        customer=Contact(phones=[Phone(number)]),
    )
    return import_lead(parsed, Destination(dealer, source, Channel.PHONE, timezone.now()))
