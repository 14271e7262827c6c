"""Settings of one dealer: hours and targets, the standard, scripts, assignment rules.

Plain create/update of settings rows goes through model forms; a new script version goes
through the follow-up engine's `new_script_version`, which retires the old one. Sources,
their costs and the intake endpoints are saved in views/sources.py, on the same page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoreline.dealers.models import Dealer, MailSettings
from scoreline.followup.errors import FollowUpError
from scoreline.followup.models import CallScript
from scoreline.followup.scripts import new_script_version
from scoreline.followup.standard import standard_for
from scoreline.intake.models import AssignmentRule, Extension, IntakeEndpoint
from scoreline.leads.models import MonthlyCost
from scoreline.web.access import access_dealer, current_user, dealers_for_page
from scoreline.web.reports import forget_reports
from scoreline.web.settings_forms import (
    CostAmountForm,
    DealerForm,
    EndpointForm,
    ExtensionForm,
    MailSettingsForm,
    MonthlyCostForm,
    RuleForm,
    ScriptForm,
    SourceCostForm,
    StandardForm,
)
from scoreline.web.sources import dealer_sources, shared_beyond
from scoreline.web.views.notifications import unread_for

FORMS = {"dealer": DealerForm, "standard": StandardForm, "mail": MailSettingsForm}
COST_MONTHS = 12  # months back the cost list starts; later months (a budget ahead) show too


def settings_context(
    request: HttpRequest, dealer: Dealer, bound: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """The whole settings page; `bound` holds a posted form (by section) to show its errors."""
    bound = bound or {}
    return {
        "dealer": dealer,
        "dealers": dealers_for_page(request.user, "settings"),  # type: ignore[arg-type]
        "notifications": unread_for(request),
        "dealer_form": bound.get("dealer") or DealerForm(instance=dealer),
        "standard_form": bound.get("standard") or StandardForm(instance=standard_for(dealer)),
        "mail_form": bound.get("mail") or MailSettingsForm(instance=mail_settings_of(dealer)),
        "script_form": bound.get("script") or ScriptForm(),
        "scripts": CallScript.objects.filter(dealer=dealer, is_active=True),
        "rule_form": bound.get("rule") or RuleForm(dealer=dealer),
        "rules": AssignmentRule.objects.filter(dealer=dealer).prefetch_related("salespeople"),
        "source_rows": _source_rows(request, dealer, bound),
        "cost_rows": _cost_rows(dealer, bound),
        "cost_form": bound.get("cost") or MonthlyCostForm(),
        "endpoints": IntakeEndpoint.objects.filter(dealer=dealer)
        .select_related("source")
        .order_by("-created_at"),
        "endpoint_form": bound.get("endpoint") or EndpointForm(dealer=dealer),
        "extensions": Extension.objects.filter(dealer=dealer).select_related("person"),
        "extension_form": bound.get("extension") or ExtensionForm(dealer=dealer),
        **extra,
    }


def _source_rows(
    request: HttpRequest, dealer: Dealer, bound: dict[str, Any]
) -> list[dict[str, Any]]:
    """The dealer's sources, each with its cost form, or marked shared when not the user's."""
    sources = list(dealer_sources(dealer).order_by("name"))
    shared = shared_beyond(current_user(request), sources)
    return [
        {
            "source": source,
            "shared": source.pk in shared,
            "form": bound.get(f"source:{source.pk}")
            or SourceCostForm(instance=source, prefix=f"source-{source.pk}"),
        }
        for source in sources
    ]


def _cost_rows(dealer: Dealer, bound: dict[str, Any]) -> list[dict[str, Any]]:
    """The dealer's own monthly costs of the last months, each with its correction form."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - COST_MONTHS
    since = date(index // 12, index % 12 + 1, 1)
    costs = (
        MonthlyCost.objects.filter(dealer=dealer, month__gte=since)
        .select_related("source")
        .order_by("-month", "source__name")
    )
    return [
        {
            "cost": cost,
            "form": bound.get(f"cost:{cost.pk}")
            or CostAmountForm(instance=cost, prefix=f"cost-{cost.pk}"),
        }
        for cost in costs
    ]


def mail_settings_of(dealer: Dealer) -> MailSettings:
    """The dealer's SMTP settings, or new ones (unsaved): without, the site's mail is used."""
    return MailSettings.objects.filter(dealer=dealer).first() or MailSettings(dealer=dealer)


# The row each plain section's form edits: the dealer itself, or its (maybe new) settings row.
INSTANCES: dict[str, Any] = {
    "dealer": lambda dealer: dealer,
    "standard": standard_for,
    "mail": mail_settings_of,
}


@login_required
def settings_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    return render(request, "web/settings.html", settings_context(request, dealer))


@require_POST
@login_required
def save_section(request: HttpRequest, slug: str, section: str) -> HttpResponseBase:
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    if section not in (*FORMS, "script", "rule", "extension"):
        raise Http404(_("No settings section %(name)s.") % {"name": section})
    if section == "script":
        form: forms.BaseForm = ScriptForm(request.POST)
        if form.is_valid():
            try:
                new_script_version(dealer, form.cleaned_data["name"], form.cleaned_data["body"])
            except FollowUpError as problem:
                form.add_error(None, str(problem))
    elif section == "rule":
        form = RuleForm(request.POST, dealer=dealer)
        if form.is_valid():
            form.save()
    elif section == "extension":
        form = ExtensionForm(request.POST, dealer=dealer)
        if form.is_valid():
            form.save()
    else:
        instance = INSTANCES[section](dealer)
        form = FORMS[section](request.POST, instance=instance)
        if form.is_valid():
            form.save()
            forget_reports(dealer.pk)  # the target and the margin are in the report
    if form.is_valid() and not form.errors:
        messages.success(request, _("Saved."))
        return redirect("settings", dealer.slug)
    context = settings_context(request, dealer, {section: form})
    return render(request, "web/settings.html", context, status=422)
