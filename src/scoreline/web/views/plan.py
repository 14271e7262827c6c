"""The plan editor: marketing's yearly lead plan, month by month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoreline.web.access import access_dealer, dealers_for_page


@login_required
def plan(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "plan")  # type: ignore[arg-type]
    context = {"dealer": dealer, "dealers": dealers_for_page(request.user, "plan")}  # type: ignore[arg-type]
    return render(request, "web/plan.html", context)
