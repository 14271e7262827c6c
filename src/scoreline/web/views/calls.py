"""Calls the phone system reported that match no lead: kept and listed for managers.

An outbound call to a number no open lead has, a caller without a number: nothing the phone
system sends is dropped, and a manager sees here what the matching could not place.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoreline.intake.models import CallMatch, PhoneCall
from scoreline.web.access import access_dealer, dealers_for_page
from scoreline.web.views.notifications import unread_for

SHOWN = 200


@login_required
def unmatched_calls(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "board")  # type: ignore[arg-type]
    calls = PhoneCall.objects.filter(dealer=dealer, match=CallMatch.UNMATCHED)
    return render(
        request,
        "web/calls.html",
        {
            "dealer": dealer,
            "dealers": dealers_for_page(request.user, "board"),  # type: ignore[arg-type]
            "calls": calls.select_related("person").order_by("-started_at")[:SHOWN],
            "count": calls.count(),
            "notifications": unread_for(request),
        },
    )
