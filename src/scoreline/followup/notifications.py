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
from scoreline.leads.names import source_name

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
    "override_requested": _(
        "%(by)s asks to close %(lead)s as lost before the follow-up standard is met: %(why)s"
    ),
    "override_approved": _(
        "%(by)s approved closing %(lead)s as lost before the follow-up standard was met. %(answer)s"
    ),
    "override_refused": _("%(by)s refused to close %(lead)s as lost: %(answer)s"),
    "reply": _("%(lead)s replied to your e-mail: %(subject)s"),
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
    """Write a notification for the user; once per job and user.

    `params` fill the text (the kind's, or `text_key`'s); datetimes show in the dealer's zone.
    A notification about the dealer rather than one lead has `lead=None` and names `dealer`.
    """
    row = unsaved(user, lead, kind, at=at, text_key=text_key, dealer=dealer, **params)
    if job is None:
        row.save()
        return row
    fields = ("lead", "kind", "text", "text_key", "params", "created_at", "email_state")
    defaults = {name: getattr(row, name) for name in fields}
    notification, _created = Notification.objects.get_or_create(
        job=job, user=user, defaults=defaults
    )
    return notification


def unsaved(
    user: User,
    lead: Lead | None,
    kind: NotificationKind,
    *,
    at: datetime,
    text_key: str | None = None,
    dealer: Dealer | None = None,
    **params: Any,
) -> Notification:
    """The row `notify` writes, unsaved, for a bulk insert."""
    about = dealer or (lead.dealer if lead is not None else None)
    if about is None:
        raise ValueError(f"a {kind} notification for {user} needs a lead or a dealer")
    key = str(text_key or kind)
    stored = _stored(about, lead, params)
    return Notification(
        user=user,
        lead=lead,
        kind=kind,
        text=said(key, stored, user.language or settings.LANGUAGE_CODE),
        text_key=key,
        params=stored,
        created_at=at,
        email_state=EmailState.PENDING if user.email else EmailState.NONE,
    )


def said(text_key: str, stored: dict[str, Any], language: str) -> str:
    """A notification's message in `language`, from its key and stored values."""
    with translation.override(language):
        values = {name: _shown(value) for name, value in stored.items()}
        return str(TEXTS[text_key]) % values


def text_for(notification: Notification, language: str) -> str:
    """What the reader sees: said again in their language (rows from before keys: as written)."""
    if notification.text_key not in TEXTS:
        return notification.text
    return said(notification.text_key, notification.params, language)


def _stored(dealer: Dealer, lead: Lead | None, params: dict[str, Any]) -> dict[str, Any]:
    """The values as JSON: moments in the dealer's zone, months, names; said when read."""
    zone = ZoneInfo(dealer.time_zone)
    stored = {name: _kept(value, zone) for name, value in params.items()}
    stored.setdefault("dealer", dealer.name)
    if lead is not None:
        stored.setdefault("lead", _lead_label(lead))
    return stored


def _kept(value: Any, zone: ZoneInfo) -> Any:
    if isinstance(value, datetime):
        return {"at": value.astimezone(zone).isoformat()}
    if isinstance(value, Month):
        return {"month": value.first_day.isoformat()}
    if isinstance(value, User):
        return str(value)
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)


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
        text = text_for(notification, user.language or settings.LANGUAGE_CODE)
        send_mail(subject, text, None, [user.email])
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


def _shown(value: Any) -> Any:
    """A stored value as the active language writes it."""
    if isinstance(value, dict) and "at" in value:
        return date_format(datetime.fromisoformat(value["at"]), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dict) and "month" in value:
        return date_format(date.fromisoformat(value["month"]), "YEAR_MONTH_FORMAT")
    if isinstance(value, dict) and "person" in value:
        source = source_name(value["source"], value["slug"])
        return f"{value['person']} ({source}, #{value['id']})"
    if value is None:
        return _("nobody")
    return value


def _lead_label(lead: Lead) -> dict[str, Any]:
    """The lead as a value said when read: its source is named in the reader's language."""
    source = lead.source
    return {"person": str(lead.person), "source": source.name, "slug": source.slug, "id": lead.pk}
