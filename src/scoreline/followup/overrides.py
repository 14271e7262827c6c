"""Overrides as a conversation: a salesperson asks, a manager approves or refuses.

The guard refuses to close a lead as lost before the follow-up standard is met; only a
manager may close it anyway, with a reason. A salesperson who is refused asks for that
override here (`request_override`), with a reason; the dealer's managers are told. The
manager approves (`approve_override`: the lead is closed through `close_lead_lost` with the
manager's override on record) or refuses (`refuse_override`, with a reason the salesperson is
told). A manager also marks an override they have looked at as reviewed
(`mark_override_reviewed`), so the board's list holds only what is still to review. Every
step is a row of the lead's audit trail. The page, the API and the CLI call these functions.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from scoreline.dealers.models import Dealer, User
from scoreline.dealers.roles import MANAGER_ROLES, is_manager, people_to_tell
from scoreline.followup import actions
from scoreline.followup.errors import InvalidChange, OverrideNotAllowed
from scoreline.followup.models import (
    NotificationKind,
    OverrideRequest,
    OverrideReview,
    OverrideState,
)
from scoreline.followup.notifications import notify
from scoreline.followup.standard import standard_status
from scoreline.leads import audit
from scoreline.leads.models import EventKind, Lead, LeadEvent, LeadStatus, LostReason


def request_override(
    lead: Lead,
    reason: LostReason | str,
    why: str,
    *,
    by: User,
    at: datetime | None = None,
) -> OverrideRequest:
    """Ask the dealer's managers to close the lead as lost with `reason` before the standard
    is met, saying `why`; they are told. One request waits per lead at a time."""
    at = actions._moment(at)
    lost_reason = actions.lost_reason_named(reason)
    text = _required_text(why, _("A request for an override needs a reason."))
    with transaction.atomic():
        locked = actions._lock(lead)
        actions._require_status(locked, (LeadStatus.OPEN,), _("ask an override for"))
        if not (lost_reason.needs_follow_up_standard and not _effort_made(locked, at)):
            raise InvalidChange(
                _("Lead #%(lead)s needs no override: it can be closed as %(reason)s now.")
                % {"lead": locked.pk, "reason": lost_reason.label}
            )
        if pending_for(locked) is not None:
            raise InvalidChange(
                _("An override for lead #%(lead)s is already waiting for a manager.")
                % {"lead": locked.pk}
            )
        request = OverrideRequest.objects.create(
            lead=locked, lost_reason=lost_reason, reason=text, requested_by=by, requested_at=at
        )
        said = [audit.lost_reason_part(lost_reason.code, lost_reason.label), audit.typed(text)]
        actions._event(locked, EventKind.REQUEST, by=by, at=at, reason=said)
        for manager in people_to_tell(locked.dealer, MANAGER_ROLES):
            notify(
                manager,
                locked,
                NotificationKind.OVERRIDE,
                at=at,
                text_key="override_requested",
                by=by,
                why=text,
            )
    return request


def approve_override(
    request: OverrideRequest, *, by: User, note: str = "", at: datetime | None = None
) -> Lead:
    """Close the request's lead as lost with the manager's override: the salesperson's reason
    (and the manager's `note`) on record as the override's reason; the salesperson is told."""
    at = actions._moment(at)
    with transaction.atomic():
        request = _decidable(request, by)
        lead = request.lead
        asked = _("asked by %(user)s: %(why)s") % {
            "user": _name(request.requested_by),
            "why": request.reason,
        }
        override = " — ".join(part for part in (note.strip(), asked) if part)
        actions.close_lead_lost(lead, request.lost_reason, by=by, at=at, override_reason=override)
        _decide(request, OverrideState.APPROVED, by=by, at=at, answer=note.strip())
        # The approval is the review; no override is written when the standard was met meanwhile.
        event = LeadEvent.objects.filter(lead=lead, kind=EventKind.OVERRIDE, at=at, by=by).last()
        if event is not None:
            OverrideReview.objects.create(event=event, by=by, at=at)
        _tell(request, "override_approved", at=at, by=by, answer=note.strip())
    return lead


def refuse_override(
    request: OverrideRequest, *, by: User, answer: str, at: datetime | None = None
) -> OverrideRequest:
    """Refuse the request with a reason the salesperson is told; the lead stays open."""
    at = actions._moment(at)
    text = _required_text(answer, _("Refusing an override needs a reason for the salesperson."))
    with transaction.atomic():
        request = _decidable(request, by)
        _decide(request, OverrideState.REFUSED, by=by, at=at, answer=text)
        actions._event(request.lead, EventKind.REFUSED, by=by, at=at, reason=text)
        _tell(request, "override_refused", at=at, by=by, answer=text)
    return request


def mark_override_reviewed(event: LeadEvent, *, by: User, at: datetime | None = None) -> bool:
    """A manager has looked at an override: it leaves the list to review. False when it was
    reviewed already."""
    at = actions._moment(at)
    if event.kind != EventKind.OVERRIDE:
        raise InvalidChange(_("Event %(id)s is not an override.") % {"id": event.pk})
    _require_manager(by, event.lead.dealer)
    with transaction.atomic():
        _review, created = OverrideReview.objects.get_or_create(
            event=event, defaults={"by": by, "at": at}
        )
        if created:
            actions._event(event.lead, EventKind.REVIEWED, by=by, at=at, reason=event.reason)
    return created


def pending_for(lead: Lead) -> OverrideRequest | None:
    """The request waiting for a manager on this lead, if any."""
    return OverrideRequest.objects.filter(lead=lead, state=OverrideState.PENDING).first()


def waiting_requests(dealer: Dealer) -> QuerySet[OverrideRequest]:
    """The dealer's requests still waiting for a manager, oldest first."""
    return (
        OverrideRequest.objects.filter(lead__dealer=dealer, state=OverrideState.PENDING)
        .select_related("lead__person", "lost_reason", "requested_by")
        .order_by("requested_at", "pk")
    )


def overrides_to_review(dealer: Dealer, since: datetime) -> QuerySet[LeadEvent]:
    """The dealer's overrides since `since` that no manager has marked reviewed, newest first."""
    return (
        LeadEvent.objects.filter(
            lead__dealer=dealer, kind=EventKind.OVERRIDE, at__gte=since, review__isnull=True
        )
        .select_related("lead__person", "by")
        .order_by("-at", "-pk")
    )


def _decidable(request: OverrideRequest, by: User) -> OverrideRequest:
    """The request, locked and still pending, decided by a manager of its dealer."""
    locked = (
        OverrideRequest.objects.select_for_update(of=("self",))
        .select_related("lead__dealer", "lost_reason", "requested_by")
        .get(pk=request.pk)
    )
    _require_manager(by, locked.lead.dealer)
    if locked.state != OverrideState.PENDING:
        raise InvalidChange(
            _("The override for lead #%(lead)s was already %(state)s.")
            % {"lead": locked.lead_id, "state": locked.get_state_display().lower()}
        )
    return locked


def _decide(request: OverrideRequest, state: str, *, by: User, at: datetime, answer: str) -> None:
    request.state, request.decided_by, request.decided_at = state, by, at
    request.answer = answer
    request.save(update_fields=["state", "decided_by", "decided_at", "answer"])


def _tell(request: OverrideRequest, key: str, *, at: datetime, by: User, answer: str) -> None:
    asker = request.requested_by
    if asker is None or asker == by:
        return
    notify(
        asker,
        request.lead,
        NotificationKind.OVERRIDE,
        at=at,
        text_key=key,
        by=by,
        answer=answer or "–",
    )


def _require_manager(by: User | None, dealer: Dealer) -> None:
    if not is_manager(by, dealer):
        raise OverrideNotAllowed(
            _("Only a sales manager of %(dealer)s may decide on an override.") % {"dealer": dealer}
        )


def _effort_made(lead: Lead, at: datetime) -> bool:
    return standard_status(lead, at).effort_made


def _required_text(text: str, message: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidChange(message)
    return cleaned


def _name(user: User | None) -> str:
    if user is None:
        return "–"
    return str(user)
