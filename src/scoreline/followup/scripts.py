"""Call scripts: which one a salesperson sees for a lead, new versions, and how they compare."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q

from scoreline.dealers.models import Dealer
from scoreline.followup.errors import InvalidChange
from scoreline.followup.models import ActivityKind, CallOutcome, CallScript
from scoreline.leads.models import Lead, LeadStatus, Source


def active_script(lead: Lead) -> CallScript | None:
    """The newest active script for the lead's dealer and source, else the dealer-wide one."""
    scripts = CallScript.objects.filter(dealer_id=lead.dealer_id, is_active=True)
    newest = ("-created_at", "-version", "-pk")
    for_source = scripts.filter(source_id=lead.source_id).order_by(*newest).first()
    return for_source or scripts.filter(source__isnull=True).order_by(*newest).first()


# The placeholders a script may use, in English and in Dutch, each filled from the lead.
PLACEHOLDERS = {
    "car": ("car", "auto"),
    "name": ("name", "naam"),
    "source": ("source", "portal", "bron"),
    "salesperson": ("salesperson", "verkoper"),
}


def filled_script(script: CallScript, lead: Lead) -> str:
    """The script's text with its placeholders ({auto}, {naam}, {portal}, …) filled from the
    lead; a value the lead lacks, or a placeholder unknown here, is left as written."""
    values = {
        "car": " ".join(filter(None, (lead.vehicle_make, lead.vehicle_model))),
        "name": lead.person.full_name,
        "source": str(lead.source),
        "salesperson": lead.assigned_to.get_full_name() if lead.assigned_to else "",
    }
    text = script.body
    for key, names in PLACEHOLDERS.items():
        if values[key]:
            for name in names:
                text = text.replace("{" + name + "}", values[key])
    return text


def new_script_version(
    dealer: Dealer, name: str, body: str, *, source: Source | None = None
) -> CallScript:
    """Write the next version of a named script; earlier versions stop being offered.

    The old versions stay, so calls made with them keep their script for comparison.
    """
    name, body = name.strip(), body.strip()
    if not name or not body:
        raise InvalidChange("A call script needs a name and a text.")
    with transaction.atomic():
        versions = CallScript.objects.filter(dealer=dealer, name=name)
        latest = max((s.version for s in versions.select_for_update()), default=0)
        versions.update(is_active=False)
        return CallScript.objects.create(
            dealer=dealer, source=source, name=name, version=latest + 1, body=body
        )


@dataclass(frozen=True)
class ScriptFigures:
    """One script version's calls and the leads it was used on.

    A lead counts for every version used on it, so versions used on the same leads share
    their outcome; compare versions used in different periods for a clean comparison.
    """

    script: CallScript
    calls: int
    reached: int
    leads: int
    won: int

    @property
    def reach_rate(self) -> float | None:
        return self.reached / self.calls if self.calls else None

    @property
    def conversion(self) -> float | None:
        return self.won / self.leads if self.leads else None


def compare_scripts(
    dealer: Dealer, since: datetime | None = None, until: datetime | None = None
) -> list[ScriptFigures]:
    """Calls, reach rate and conversion per script version of a dealer, in one query."""
    calls = Q(activities__kind=ActivityKind.CALL)
    if since is not None:
        calls &= Q(activities__at__gte=since)
    if until is not None:
        calls &= Q(activities__at__lt=until)
    reached = calls & Q(activities__outcome=CallOutcome.REACHED)
    won = calls & Q(activities__lead__status=LeadStatus.WON)
    rows = (
        CallScript.objects.filter(dealer=dealer)
        .annotate(
            n_calls=Count("activities", filter=calls),
            n_reached=Count("activities", filter=reached),
            n_leads=Count("activities__lead", filter=calls, distinct=True),
            n_won=Count("activities__lead", filter=won, distinct=True),
        )
        .order_by("name", "version")
    )
    return [
        ScriptFigures(row, row.n_calls, row.n_reached, row.n_leads, row.n_won)  # type: ignore[attr-defined]
        for row in rows
    ]
