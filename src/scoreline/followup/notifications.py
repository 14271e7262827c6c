"""Telling people about a lead or their dealer's month: a row shown in the product, and an
e-mail sent after it.

The row is written in the same transaction as the work that causes it; the e-mail is sent
later by `send_pending_emails`, which claims each one before sending, so a crash can lose
an e-mail (the row still shows in the product) but never send it twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import Dealer, User
from scoreline.followup.models import EmailState, Job, Notification, NotificationKind
from scoreline.leads.models import Lead

log = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 3

TEXTS = {
    "reminder": _("Respond to %(lead)s before %(due)s: the first-response clock runs out then."),
    "breach": _(
        "%(lead)s, received %(received)s, has had no response within %(limit)s business "
        "minutes. Assigned to: %(owner)s."
    ),
    "escalation": _(
        "%(lead)s still has no response after %(minutes)s business minutes: reassigned from "
        "%(old)s to %(new)s."
    ),
    "escalation_by_hand": _(
        "%(lead)s still has no response after %(minutes)s business minutes and no one else "
        "can take it by rule: please reassign it (now with %(old)s)."
    ),
    "follow_up_due": _("Follow up %(lead)s now: it was planned for %(planned)s."),
    "assigned": _("%(lead)s was assigned to you by %(by)s."),
    "assigned_by_rule": _("%(lead)s was assigned to you by the dealer's rule."),
    "pace": _(
        "%(dealer)s: reaching %(target)s sales in %(month)s is unlikely (%(chance)s). "
        "Forecast %(expected)s (80 %% between %(low)s and %(high)s); %(sold)s sold so far, "
        "%(open_leads)s leads open."
    ),
}


@dataclass(frozen=True)
class Month:
    """A calendar month as a text parameter, named in the reader's language."""

    first_day: date


def notify(
    user: User,
    lead: Lead | None,
    kind: NotificationKind,
    *,
    at: datetime,
    job: Job | None = None,
    text_key: str | None = None,
    dealer: Dealer | None = None,
    **params: Any,
) -> Notification:
    """Write a notification in the user's language; once per job and user.

    `params` fill the text (the kind's, or `text_key`'s); datetimes show in the dealer's zone.
    A notification about the dealer rather than one lead has `lead=None` and names `dealer`.
    """
    about = dealer or (lead.dealer if lead is not None else None)
    if about is None:
        raise ValueError(f"a {kind} notification for {user} needs a lead or a dealer")
    text = render(text_key or kind, user, about, lead, params)
    state = EmailState.PENDING if user.email else EmailState.NONE
    fields = {"lead": lead, "kind": kind, "text": text, "created_at": at, "email_state": state}
    if job is None:
        return Notification.objects.create(user=user, **fields)
    notification, _created = Notification.objects.get_or_create(job=job, user=user, defaults=fields)
    return notification


def render(
    text_key: str, user: User, dealer: Dealer, lead: Lead | None, params: dict[str, Any]
) -> str:
    zone = ZoneInfo(dealer.time_zone)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        values = {name: _shown(value, zone) for name, value in params.items()}
        values.setdefault("dealer", dealer.name)
        if lead is not None:
            values.setdefault("lead", _lead_label(lead))
        return str(TEXTS[text_key]) % values


def unread(user: User) -> QuerySet[Notification]:
    """The user's unread notifications, newest first, for the product's bell."""
    return Notification.objects.filter(user=user, read_at__isnull=True).select_related("lead")


def mark_read(notification: Notification, *, at: datetime) -> None:
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=at)
    notification.refresh_from_db(fields=["read_at"])


def send_pending_emails(now: datetime, limit: int = 100) -> int:
    """Send up to `limit` pending e-mails, each claimed first; returns how many were sent."""
    pending = Notification.objects.filter(email_state=EmailState.PENDING).order_by("created_at")
    sent = 0
    for pk in pending.values_list("pk", flat=True)[:limit]:
        claimed = Notification.objects.filter(pk=pk, email_state=EmailState.PENDING).update(
            email_state=EmailState.SENDING, email_attempts=F("email_attempts") + 1
        )
        if claimed:
            sent += _send(Notification.objects.select_related("user", "lead").get(pk=pk), now)
    return sent


def _send(notification: Notification, now: datetime) -> int:
    user = notification.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = f"Scoreline: {notification.get_kind_display()}"
    if notification.lead_id is not None:
        subject += f" (#{notification.lead_id})"
    try:
        send_mail(subject, notification.text, None, [user.email])
    except Exception as error:  # any transport error: retry a few times, then give up
        log.warning("e-mail for notification %s failed: %s", notification.pk, error)
        retry = notification.email_attempts < MAX_EMAIL_ATTEMPTS
        state = EmailState.PENDING if retry else EmailState.FAILED
        Notification.objects.filter(pk=notification.pk).update(email_state=state)
        return 0
    Notification.objects.filter(pk=notification.pk).update(
        email_state=EmailState.SENT, emailed_at=now
    )
    return 1


def _shown(value: Any, zone: ZoneInfo) -> Any:
    if isinstance(value, datetime):
        return date_format(value.astimezone(zone), "D j M H:i")
    if isinstance(value, Month):
        return date_format(value.first_day, "YEAR_MONTH_FORMAT")
    if isinstance(value, User):
        return value.get_full_name() or value.username
    if value is None:
        return _("nobody")
    return value


def _lead_label(lead: Lead) -> str:
    return f"{lead.person} ({lead.source}, #{lead.pk})"
