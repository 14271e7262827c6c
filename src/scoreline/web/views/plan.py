"""The plan editor: marketing's yearly lead plan, month by month and source by source.

A new plan is drafted from the dealer's history and targets, solved, and saved as the next
version by the planning engine, exactly as `scoreline plan build` does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoreline.planning import actions
from scoreline.planning.errors import PlanningError
from scoreline.planning.models import Plan
from scoreline.planning.plan import build_plan
from scoreline.web.access import access_dealer, current_user, dealers_for_page


class PlanForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    yearly_target = forms.IntegerField(label=gettext_lazy("Yearly target (sales)"), min_value=1)
    budget_cap = forms.DecimalField(
        label=gettext_lazy("Budget cap (EUR)"), min_value=0, required=False, decimal_places=2
    )


def _months(saved: Plan) -> list[dict[str, Any]]:
    """Per month: the target, planned sales, and leads and cost summed over the sources."""
    lines: dict[int, dict[str, float]] = {}
    for line in saved.lines.all():
        month = lines.setdefault(line.month, {"leads": 0.0, "cost": 0.0})
        month["leads"] += float(line.leads)
        month["cost"] += float(line.cost)
    return [
        {
            "month": date(saved.year, m.month, 1),
            "target": m.target,
            "planned_sales": m.planned_sales,
            **lines.get(m.month, {"leads": 0.0, "cost": 0.0}),
        }
        for m in saved.months.order_by("month")
    ]


@login_required
def plan(request: HttpRequest, slug: str | None = None) -> HttpResponseBase:
    dealer = access_dealer(current_user(request), slug, "plan")
    year = timezone.localdate().year
    form = PlanForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = actions.draft_plan(
                dealer,
                data["year"],
                yearly_target=data["yearly_target"],
                budget_cap=float(data["budget_cap"]) if data["budget_cap"] is not None else None,
                as_of=timezone.now(),  # learn from the history known today
            )
            actions.save_plan(
                draft, build_plan(draft.request), by=current_user(request), at=timezone.now()
            )
        except PlanningError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Plan saved as a new version."))
            return redirect("plan", dealer.slug)
    saved = Plan.objects.for_dealer(dealer).order_by("-year", "-version").first()
    context = {
        "dealer": dealer,
        "dealers": dealers_for_page(current_user(request), "plan"),
        "form": form,
        "saved": saved,
        "months": _months(saved) if saved else [],
        "sources": saved.sources.select_related("source") if saved else [],
    }
    return render(request, "web/plan.html", context, status=422 if form.errors else 200)
