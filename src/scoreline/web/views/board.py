"""The sales manager's morning board: what needs doing now, and how each salesperson works."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoreline.dealers.models import Dealer, User
from scoreline.followup import actions
from scoreline.followup.overrides import overrides_to_review, waiting_requests
from scoreline.followup.review import unguarded_closes
from scoreline.intake.models import CallMatch, PhoneCall
from scoreline.leads.models import Lead
from scoreline.web.access import access_dealer, access_lead, current_user, dealers_for_page
from scoreline.web.forms import ReassignForm, salespeople
from scoreline.web.pace import month_pace
from scoreline.web.reports import (
    BOARD_PERIODS,
    cohort_totals,
    dealer_report,
    decided_period,
    month_period,
    period_named,
    salesperson_rows,
)
from scoreline.web.views.notifications import unread_for
from scoreline.web.worklists import TONES, Entry, forget_worklists, leads_of, worklists

OVERRIDE_REVIEW_DAYS = 30
ROWS = 15


def _row(item: Entry, lead: Lead) -> dict[str, object]:
    return {
        "lead": lead,
        "why": item.kind.label,
        "tone": TONES[item.kind],
        "since": item.since,
        "value": item.value,
    }


def _with_people(dealer: Dealer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with the id of the user it names (as the extract names salespeople: first
    and last name, else the username), so the name opens that salesperson's leads."""
    users = User.objects.filter(memberships__dealer=dealer).distinct()
    ids = {str(u): u.pk for u in users}
    return [{**row, "user_id": ids.get(row["salesperson"])} for row in rows]


@login_required
def board(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "board")  # type: ignore[arg-type]
    now = timezone.now()
    timezone.activate(dealer.time_zone)
    lists = worklists(dealer, now)
    report = dealer_report(dealer, month_period(now, dealer), now)
    cohort = decided_period(now, dealer)
    decided = dealer_report(dealer, cohort, now)
    key = request.GET.get("period", "month")
    period = period_named(key if key in BOARD_PERIODS else "month", now, dealer)
    chosen = report if period.key == "month" else dealer_report(dealer, period, now)
    overrides = overrides_to_review(dealer, now - timedelta(days=OVERRIDE_REVIEW_DAYS))[:ROWS]
    context = {
        "dealer": dealer,
        "dealers": dealers_for_page(request.user, "board"),  # type: ignore[arg-type]
        "untouched": [_row(*pair) for pair in leads_of(lists.untouched[:ROWS])],
        "untouched_count": lists.untouched_count,
        "breached_count": lists.breached,
        "dust": [_row(*pair) for pair in leads_of(lists.dust[:ROWS])],
        "dust_count": lists.dust_count,
        "missed_value": lists.missed_value,
        "salespeople": _with_people(dealer, salesperson_rows(chosen, decided)),
        "period": period,
        "periods": BOARD_PERIODS.items(),
        "cohort": cohort,
        "totals": report["totals"] if report else None,
        "period_totals": chosen["totals"] if chosen else None,  # the table's period, chosen above
        "decided": cohort_totals(decided),
        "overrides": overrides,
        "requests": list(waiting_requests(dealer)[:ROWS]),
        "unguarded": unguarded_closes(dealer, now - timedelta(days=OVERRIDE_REVIEW_DAYS)),
        "pace": month_pace(dealer, now),
        "team": list(salespeople(dealer)),
        "notifications": unread_for(request),
        "unmatched_calls": PhoneCall.objects.filter(
            dealer=dealer, match=CallMatch.UNMATCHED
        ).count(),
    }
    return render(request, "web/board.html", context)


@require_POST
@login_required
def reassign(request: HttpRequest, slug: str, lead_id: int) -> HttpResponse:
    """One tap on the board: hand the lead to another salesperson; the row shows the new owner."""
    lead = access_lead(request.user, lead_id, manage=True)  # type: ignore[arg-type]
    form = ReassignForm(request.POST, dealer=lead.dealer)
    notice = ""
    if form.is_valid():
        to = form.cleaned_data["to"]
        actions.reassign(lead, to, by=current_user(request), reason=form.cleaned_data["reason"])
        forget_worklists(lead.dealer_id)
        lead.refresh_from_db()
        notice = _("Reassigned to %(user)s") % {"user": to}
    context = {
        "row": {"lead": lead, "why": _("Reassigned"), "tone": "good", "since": None, "value": None},
        "team": salespeople(lead.dealer),
        "dealer": lead.dealer,
        "notice": notice,
        "errors": form.errors,
    }
    return render(request, "web/board.html#row", context, status=200 if notice else 422)
