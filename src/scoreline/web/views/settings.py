"""Settings of one dealer: hours and targets, the standard, scripts, assignment rules.

Plain create/update of settings rows goes through model forms; a new script version goes
through the follow-up engine's `new_script_version`, which retires the old one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scoreline.dealers.models import Dealer
from scoreline.followup.errors import FollowUpError
from scoreline.followup.models import CallScript, FollowUpStandard
from scoreline.followup.scripts import new_script_version
from scoreline.followup.standard import standard_for
from scoreline.hours.opening import OpeningHoursError, parse_opening_hours
from scoreline.intake.models import AssignmentRule, IntakeEndpoint
from scoreline.leads.models import Source
from scoreline.web.access import access_dealer, dealers_for_page
from scoreline.web.forms import salespeople


class DealerForm(forms.ModelForm):
    class Meta:
        model = Dealer
        fields = ["opening_hours", "time_zone", "country", "target_conversion", "margin_per_sale"]

    def clean_opening_hours(self) -> str:
        text = self.cleaned_data["opening_hours"]
        try:
            parse_opening_hours(text)
        except OpeningHoursError as error:
            raise forms.ValidationError(str(error)) from None
        return text


class StandardForm(forms.ModelForm):
    class Meta:
        model = FollowUpStandard
        fields = [
            "first_response_minutes",
            "call_attempts",
            "distinct_days",
            "written_message_required",
            "stale_business_days",
            "reminder_minutes_before",
        ]


class RuleForm(forms.ModelForm):
    """A new assignment rule: round robin among these salespeople for this make or condition."""

    class Meta:
        model = AssignmentRule
        fields = ["name", "make", "condition", "salespeople", "priority"]
        widgets = {"salespeople": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, dealer: Dealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.dealer = dealer
        self.fields["salespeople"].queryset = salespeople(dealer)  # type: ignore[attr-defined]


class ScriptForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    body = forms.CharField(label=_("Script"), widget=forms.Textarea(attrs={"rows": 5}))


FORMS = {"dealer": DealerForm, "standard": StandardForm}


def _context(
    request: HttpRequest, dealer: Dealer, bound: dict[str, forms.BaseForm] | None = None
) -> dict[str, object]:
    bound = bound or {}
    return {
        "dealer": dealer,
        "dealers": dealers_for_page(request.user, "settings"),  # type: ignore[arg-type]
        "dealer_form": bound.get("dealer") or DealerForm(instance=dealer),
        "standard_form": bound.get("standard") or StandardForm(instance=standard_for(dealer)),
        "script_form": bound.get("script") or ScriptForm(),
        "scripts": CallScript.objects.filter(dealer=dealer, is_active=True),
        "sources": Source.objects.all(),
        "endpoints": IntakeEndpoint.objects.filter(dealer=dealer).select_related("source"),
        "rule_form": bound.get("rule") or RuleForm(dealer=dealer),
        "rules": AssignmentRule.objects.filter(dealer=dealer).prefetch_related("salespeople"),
    }


@login_required
def settings_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    return render(request, "web/settings.html", _context(request, dealer))


@require_POST
@login_required
def save_section(request: HttpRequest, slug: str, section: str) -> HttpResponseBase:
    dealer = access_dealer(request.user, slug, "settings")  # type: ignore[arg-type]
    if section not in (*FORMS, "script", "rule"):
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
    else:
        instance = dealer if section == "dealer" else standard_for(dealer)
        form = FORMS[section](request.POST, instance=instance)
        if form.is_valid():
            form.save()
    if form.is_valid() and not form.errors:
        messages.success(request, _("Saved."))
        return redirect("settings", dealer.slug)
    return render(
        request, "web/settings.html", _context(request, dealer, {section: form}), status=422
    )
