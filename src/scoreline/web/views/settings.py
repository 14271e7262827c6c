"""Settings of one dealer: opening hours, the follow-up standard, sources and costs, scripts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoreline.web.access import access_dealer, dealers_for_page


@login_required
def settings_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    context = {"dealer": dealer, "dealers": dealers_for_page(request.user, "settings")}  # type: ignore[arg-type]
    return render(request, "web/settings.html", context)


@login_required
def save_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    return settings_page(request, slug)
