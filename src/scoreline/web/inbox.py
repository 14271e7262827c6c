"""The notifications a user sees on their first page, each with the page it leads to.

A notification about one lead leads to the lead page. A pace warning ("month target at risk")
is about a dealer and carries no lead: it leads to that dealer's board for a manager and to
its scoreboard for marketing. Its dealer is read from the pace check that warned the user
(PaceWarning: same person, same moment), since the notification row names no dealer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from scoreline.dealers.models import Dealer, User
from scoreline.followup.models import Notification, NotificationKind
from scoreline.followup.notifications import text_for
from scoreline.planning.models import PaceWarning
from scoreline.web.access import PAGE_ROLES, roles_of

SHOWN = 8
TONES = {
    NotificationKind.PACE: "bad",
    NotificationKind.BREACH: "bad",
    NotificationKind.ESCALATION: "bad",
    NotificationKind.REMINDER: "warn",
    NotificationKind.FOLLOW_UP_DUE: "warn",
}


@dataclass(frozen=True)
class Notice:
    pk: int
    label: str
    tone: str
    text: str
    created_at: datetime
    url: str | None


def inbox(user: User) -> list[Notice]:
    """The user's unread notifications: pace warnings first, then the newest others.

    A month slipping matters more than one lead's reminder and is rare, so it is never pushed
    off the list by a busy morning's reminders.
    """
    unread = Notification.objects.filter(user=user, read_at__isnull=True).select_related("lead")
    paces = list(unread.filter(kind=NotificationKind.PACE).order_by("-created_at", "-pk")[:SHOWN])
    others = unread.exclude(kind=NotificationKind.PACE).select_related("lead__person")
    rest = list(others.order_by("-created_at", "-pk")[: SHOWN - len(paces)])
    dealers = pace_dealers(user, paces)
    roles = roles_of(user)
    return [_notice(note, _url(user, roles, note, dealers.get(note.pk))) for note in paces + rest]


def pace_dealers(user: User, notes: list[Notification]) -> dict[int, Dealer]:
    """The dealer each pace notification is about, by notification id (one query).

    Two checks of the user's dealers made at the same moment are told apart by the dealer's
    name, with which the warning's text begins in every language.
    """
    if not notes:
        return {}
    warnings = PaceWarning.objects.filter(
        user=user, created_at__in={note.created_at for note in notes}
    ).select_related("pace_check__dealer")
    candidates: dict[datetime, list[Dealer]] = {}
    for warning in warnings:
        candidates.setdefault(warning.created_at, []).append(warning.pace_check.dealer)
    found = {}
    for note in notes:
        dealers = candidates.get(note.created_at, [])
        if len(dealers) > 1:
            dealers = [dealer for dealer in dealers if note.text.startswith(dealer.name)]
        if len(dealers) == 1:
            found[note.pk] = dealers[0]
    return found


def pace_page(user: User, roles: dict[int, set[str]], dealer: Dealer) -> str | None:
    """The dealer's board for a manager, its scoreboard for marketing, else no page.

    `roles` are the user's roles per dealer id (access.roles_of).
    """
    if not dealer.is_active:
        return None
    held = roles.get(dealer.pk, set())
    for page in ("board", "scoreboard"):
        if user.is_superuser or held & PAGE_ROLES[page]:
            return reverse(page, args=[dealer.slug])
    return None


def _url(
    user: User, roles: dict[int, set[str]], note: Notification, dealer: Dealer | None
) -> str | None:
    if note.lead_id is not None:
        return reverse("lead", args=[note.lead_id])
    return pace_page(user, roles, dealer) if dealer is not None else None


def _notice(note: Notification, url: str | None) -> Notice:
    return Notice(
        pk=note.pk,
        label=note.get_kind_display(),
        tone=TONES.get(NotificationKind(note.kind), "plain"),
        text=text_for(note, get_language() or settings.LANGUAGE_CODE),
        created_at=note.created_at,
        url=url,
    )
