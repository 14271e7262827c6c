"""The director's page: every dealer of the group side by side, this month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from scoreline.web.access import dealers_for_page
from scoreline.web.pace import UNLIKELY, month_pace
from scoreline.web.reports import cohort_totals, dealer_report, decided_period, period_named
from scoreline.web.views.notifications import unread_for
from scoreline.web.worklists import worklists


@login_required
def group(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    key = request.GET.get("period", "month")
    dealers = dealers_for_page(request.user, "group")  # type: ignore[arg-type]
    if not dealers.exists():
        raise PermissionDenied(_("No dealer where your role opens this page."))
    rows = []
    for dealer in dealers:
        report = dealer_report(dealer, period_named(key, now, dealer), now)
        decided = cohort_totals(dealer_report(dealer, decided_period(now, dealer), now))
        lists = worklists(dealer, now)
        pace = month_pace(dealer, now)
        chance = pace["probability"] if pace else None
        rows.append(
            {
                "dealer": dealer,
                "totals": report["totals"] if report else None,
                "decided": decided,
                "pace": pace,
                "at_risk": chance is not None and chance < UNLIKELY,
                "untouched": lists.untouched_count,
                "dust": lists.dust_count,
                "below_target": bool(
                    decided
                    and decided["conversion"] is not None
                    and decided["conversion"] < float(dealer.target_conversion)
                ),
            }
        )
    first = dealers.first()
    cohort = decided_period(now, first) if first else None
    context = {
        "rows": rows,
        "period_key": key,
        "cohort": cohort,
        "notifications": unread_for(request),
    }
    return render(request, "web/group.html", context)
