"""The director's page: every dealer of the group side by side, at-risk months first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from scoreline.dealers.models import Dealer
from scoreline.web.access import dealers_for_page
from scoreline.web.pace import UNLIKELY, month_pace
from scoreline.web.reports import (
    PERIODS,
    cohort_totals,
    dealer_report,
    decided_period,
    period_named,
)
from scoreline.web.views.notifications import unread_for
from scoreline.web.worklists import worklists


@login_required
def group(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    key = request.GET.get("period", "month")
    key = key if key in GROUP_PERIODS else "month"
    dealers = dealers_for_page(request.user, "group")  # type: ignore[arg-type]
    if not dealers.exists():
        raise PermissionDenied(_("No dealer where your role opens this page."))
    rows = sorted((_row(dealer, now, key) for dealer in dealers), key=_risk_first)
    first = dealers.first()
    context = {
        "rows": rows,
        "total": _total(rows),
        "period_key": key,
        "period_label": PERIODS[key],
        "periods": [(k, PERIODS[k]) for k in GROUP_PERIODS],
        "cohort": decided_period(now, first) if first else None,
        "notifications": unread_for(request),
    }
    return render(request, "web/group.html", context)


GROUP_PERIODS = ("month", "twelve")


def _row(dealer: Dealer, now: datetime, key: str) -> dict[str, Any]:
    """One dealer: what waits now, the month's sales against target, the period's leads, and
    the conversion of leads old enough to be decided."""
    report = dealer_report(dealer, period_named(key, now, dealer), now)
    decided = cohort_totals(dealer_report(dealer, decided_period(now, dealer), now))
    lists = worklists(dealer, now)
    pace = month_pace(dealer, now)
    chance = pace["probability"] if pace else None
    target = float(dealer.target_conversion)
    return {
        "dealer": dealer,
        "totals": report["totals"] if report else None,
        "decided": decided,
        "pace": pace,
        "at_risk": chance is not None and chance < UNLIKELY,
        "untouched": lists.untouched_count,
        "dust": lists.dust_count,
        "below_target": bool(decided and (decided["conversion"] or 0) < target),
    }


def _risk_first(row: dict[str, Any]) -> tuple[bool, float, str]:
    """Dealers whose month is at risk first, least likely to make it at the top."""
    chance = row["pace"]["probability"] if row["pace"] else None
    return (not row["at_risk"], chance if chance is not None else 1.0, row["dealer"].name)


def _total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The group's sums; rates from the summed counts (a median does not add up: none)."""

    def add(part: str, name: str) -> float:
        return sum((row[part] or {}).get(name) or 0 for row in rows)

    leads, decided = add("totals", "leads"), add("decided", "leads")
    won = add("decided", "won")
    return {
        "untouched": sum(row["untouched"] for row in rows),
        "dust": sum(row["dust"] for row in rows),
        "sales": add("pace", "sales"),
        "target": add("pace", "target")
        if all(r["pace"] and r["pace"]["target"] for r in rows)
        else None,
        "forecast": add("pace", "forecast"),
        "leads": leads,
        "within_standard": add("totals", "within_standard_leads") / leads if leads else None,
        "conversion": won / decided if decided else None,
        "open": add("decided", "open"),
        "cost_per_sale": add("decided", "cost") / won if won else None,
    }
