"""Three weeks of worked leads at Autohuis Noord, for the pages that report on a history."""

from __future__ import annotations

from datetime import timedelta

from cast import Cast, make_lead
from django.utils import timezone

from scoreline.followup import actions
from scoreline.leads.models import Source


def make_history(cast: Cast, days_ago: int = 0) -> None:
    """Three weeks of leads from three sources, some worked to the standard, some won.

    Sanne and Bram take them in turn. days_ago moves them back, e.g. past the attribution
    window a plan learns from.
    """
    now = timezone.now()
    sources = [cast.website] + [
        Source.objects.get_or_create(slug=name.lower(), defaults={"name": name})[0]
        for name in ("AutoTrack", "Marktplaats")
    ]
    for index in range(36):
        source = sources[index % 3]
        lead = make_lead(
            cast,
            to=cast.sanne if index % 2 else cast.bram,
            name=f"Klant{index} Jansen",
            received_at=now - timedelta(days=days_ago + 20 - index // 2, hours=3),
        )
        lead.source = source
        lead.save(update_fields=["source"])
        at = lead.received_at + timedelta(minutes=4 + index % 5 * 20)
        actions.log_activity(
            lead, "call", by=lead.assigned_to, at=at, outcome="reached", duration_s=180
        )
        if index % 4 == 0:
            actions.mark_won(lead, at=at + timedelta(days=2), by=lead.assigned_to)
