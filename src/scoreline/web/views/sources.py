"""Where a dealer's leads come from and what they cost: the settings page's sources, monthly
costs and intake endpoints.

Every view opens the dealer's settings through access_dealer (sales managers, directors and
admins of that dealer) and fetches the row through the dealer, so another dealer's costs and
endpoints are not found. A form with an error shows the settings page again with it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from scoreline.dealers.models import Dealer
from scoreline.web.access import access_cost, access_dealer, access_endpoint, current_user
from scoreline.web.reports import forget_reports
from scoreline.web.settings_forms import (
    CostAmountForm,
    EndpointForm,
    MonthlyCostForm,
    SourceCostForm,
)
from scoreline.web.sources import access_source
from scoreline.web.views.settings import settings_context


def _settings(dealer: Dealer, anchor: str) -> HttpResponseBase:
    return redirect(reverse("settings", args=[dealer.slug]) + f"#{anchor}")


def _refused(request: HttpRequest, dealer: Dealer, key: str, form: forms.BaseForm) -> HttpResponse:
    context: dict[str, Any] = settings_context(request, dealer, {key: form})
    return render(request, "web/settings.html", context, status=422)


@require_POST
@login_required
def save_source(request: HttpRequest, slug: str, source_id: int) -> HttpResponseBase:
    """A source's cost model and cost per lead, for a source no other manager shares."""
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    source = access_source(current_user(request), dealer, source_id)
    form = SourceCostForm(request.POST, instance=source, prefix=f"source-{source.pk}")
    if not form.is_valid():
        return _refused(request, dealer, f"source:{source.pk}", form)
    form.save()
    messages.success(request, _("%(source)s saved.") % {"source": source})
    return _settings(dealer, "sources")


@require_POST
@login_required
def add_cost(request: HttpRequest, slug: str) -> HttpResponseBase:
    """A month's cost of a source for this dealer; entering a month again corrects it."""
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    form = MonthlyCostForm(request.POST)
    if not form.is_valid():
        return _refused(request, dealer, "cost", form)
    cost = form.save(dealer)
    forget_reports(dealer.pk)
    messages.success(request, _("Cost of %(cost)s saved.") % {"cost": cost.source})
    return _settings(dealer, "costs")


@require_POST
@login_required
def change_cost(request: HttpRequest, slug: str, cost_id: int) -> HttpResponseBase:
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    cost = access_cost(dealer, cost_id)
    form = CostAmountForm(request.POST, instance=cost, prefix=f"cost-{cost.pk}")
    if not form.is_valid():
        return _refused(request, dealer, f"cost:{cost.pk}", form)
    form.save()
    forget_reports(dealer.pk)
    messages.success(request, _("Cost of %(cost)s saved.") % {"cost": cost.source})
    return _settings(dealer, "costs")


@require_POST
@login_required
def remove_cost(request: HttpRequest, slug: str, cost_id: int) -> HttpResponseBase:
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    cost = access_cost(dealer, cost_id)
    cost.delete()
    forget_reports(dealer.pk)
    messages.success(request, _("Cost of %(cost)s removed.") % {"cost": cost.source})
    return _settings(dealer, "costs")


@never_cache  # the answer holds the token
@require_POST
@login_required
def create_endpoint(request: HttpRequest, slug: str) -> HttpResponse:
    """A new intake endpoint; its address (with the token) is on this one answer only."""
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    form = EndpointForm(request.POST, dealer=dealer)
    if not form.is_valid():
        return _refused(request, dealer, "endpoint", form)
    endpoint, token = form.create()
    address = request.build_absolute_uri(reverse("intake:receive", args=[token]))
    context = settings_context(request, dealer, new_endpoint=endpoint, address=address)
    return render(request, "web/settings.html", context, status=201)


@require_POST
@login_required
def switch_endpoint(request: HttpRequest, slug: str, endpoint_id: int) -> HttpResponseBase:
    """Switch an endpoint off (a leaked address stops working at once) or on again."""
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    endpoint = access_endpoint(dealer, endpoint_id)
    endpoint.is_active = request.POST.get("active") == "1"
    endpoint.save(update_fields=["is_active"])
    done = _("%(name)s is on.") if endpoint.is_active else _("%(name)s is off.")
    messages.success(request, done % {"name": endpoint})
    return _settings(dealer, "endpoints")
