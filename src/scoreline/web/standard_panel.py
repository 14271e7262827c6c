"""The follow-up standard as the lead page shows it: a verdict badge and a checklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scoreline.followup.standard import Clock, Effort, StandardStatus, Verdict, standard_status
from scoreline.leads.models import Lead

TONES = {Verdict.MET: "good", Verdict.POSSIBLE: "warn", Verdict.MISSED: "bad"}


@dataclass(frozen=True)
class Item:
    label: str
    done: bool


@dataclass(frozen=True)
class Panel:
    summary: str
    tone: str
    items: list[Item]
    missing: str
    reasons: str
    status: StandardStatus


def _items(status: StandardStatus) -> list[Item]:
    """The clock, then each part of the effort this lead owes (fitted to its channels)."""
    contacted = status.effort == Effort.CONTACTED
    items = [Item(str(status.clock.label), status.clock in (Clock.WITHIN, Clock.STOPPED))]
    if status.required_attempts:
        items += [
            Item(
                ngettext(
                    "%(n)d of %(req)d call attempts",
                    "%(n)d of %(req)d call attempts",
                    status.call_attempts,
                )
                % {"n": status.call_attempts, "req": status.required_attempts},
                contacted or status.call_attempts >= status.required_attempts,
            ),
            Item(
                _("calls on %(n)d of %(req)d days")
                % {"n": status.call_days, "req": status.required_days},
                contacted or status.call_days >= status.required_days,
            ),
        ]
    if status.required_written_days:
        done = min(status.written_messages, status.written_days)
        items.append(
            Item(
                _("written messages on %(n)d of %(req)d days (no phone number)")
                % {"n": status.written_days, "req": status.required_written_days},
                contacted or done >= status.required_written_days,
            )
        )
    elif status.written_required:
        items.append(Item(_("a written message"), contacted or status.written_messages > 0))
    items.append(Item(_("contacted"), contacted))
    return items


def standard_panel(lead: Lead, now: datetime) -> Panel:
    status = standard_status(lead, now)
    return Panel(
        summary=f"{status.verdict.label} · {status.effort.label}",
        tone=TONES[status.verdict],
        items=_items(status),
        missing="; ".join(status.missing),
        reasons="; ".join(status.reasons),
        status=status,
    )
