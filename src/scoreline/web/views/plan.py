"""The plan editor: marketing's yearly lead plan, month by month and source by source.

A new version is drafted from a yearly target (and the dealer's history), or from the
latest version with the leads marketing types into the grid; either way through
`planning.actions.revise_plan`, exactly as `scoreline plan build` and `scoreline plan edit`
do. While marketing types, the grid is previewed (htmx, nothing saved) so the target's
consequence shows at once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from scoreline.planning import actions, export
from scoreline.planning.errors import PlanningError, UnreachableTargetError
from scoreline.planning.models import Plan
from scoreline.planning.plan import YearPlan, most_sales
from scoreline.web.access import access_dealer, current_user, dealers_for_page
from scoreline.web.templatetags.scoreline import euro


class PlanForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    yearly_target = forms.IntegerField(label=gettext_lazy("Yearly target (sales)"), min_value=1)
    budget_cap = forms.DecimalField(
        label=gettext_lazy("Budget cap (EUR)"), min_value=0, required=False, decimal_places=2
    )


def refusal(problem: PlanningError) -> str:
    """Why there is no plan, in the reader's language when the page knows the reason."""
    if isinstance(problem, UnreachableTargetError) and problem.short:
        months = "; ".join(
            _("%(month)s needs %(target)s sales, at most %(most)s")
            % {
                "month": _month_name(month),
                "target": number_format(target, 0),
                "most": number_format(most, 1),
            }
            for month, target, most in problem.short
        )
        caps = ", ".join(
            _("%(source)s %(cap)s leads × %(rate)s %%")
            % {"source": name, "cap": number_format(cap, 0), "rate": number_format(rate * 100, 1)}
            for name, cap, rate in problem.caps
        )
        return _(
            "Every source at its monthly cap cannot reach the target. Short: %(months)s. "
            "Caps from history: %(caps)s. Raise a cap, add a source or lower the target."
        ) % {"months": months, "caps": caps}
    return str(problem)


def _month_name(month: int) -> str:
    return str(MONTHS[month])


@login_required
def plan(request: HttpRequest, slug: str | None = None) -> HttpResponseBase:
    dealer = access_dealer(current_user(request), slug, "plan")
    year = timezone.localdate().year
    form = PlanForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revision = actions.Revision(
            yearly_target=data["yearly_target"],
            budget_cap=float(data["budget_cap"]) if data["budget_cap"] is not None else None,
        )
        try:
            # learn from the history known today
            actions.revise_plan(
                dealer,
                data["year"],
                revision,
                by=current_user(request),
                at=timezone.now(),
                as_of=timezone.now(),
            )
        except PlanningError as problem:
            form.add_error(None, refusal(problem))
        else:
            messages.success(request, _("Plan saved as a new version."))
            return redirect("plan", dealer.slug)
    saved = Plan.objects.for_dealer(dealer).order_by("-year", "-version").first()
    context: dict[str, Any] = {
        "dealer": dealer,
        "dealers": dealers_for_page(current_user(request), "plan"),
        "form": form,
        "saved": saved,
    }
    if saved is not None:
        result = actions.year_plan_of(saved)
        context |= _editor(saved, result, result)
        context |= _comparison(saved, request.GET)
    return render(request, "web/plan.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def plan_grid(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The grid typed into: previewed while typing (htmx), saved as a new version on submit."""
    dealer = access_dealer(current_user(request), slug, "plan")
    saved = Plan.objects.for_dealer(dealer).order_by("-year", "-version").first()
    if saved is None:
        raise Http404("no plan to edit")
    base = actions.year_plan_of(saved)
    trigger = getattr(request, "htmx", None) and request.htmx.trigger_name  # type: ignore[attr-defined]
    cells, errors = _cells(request.POST, saved, base, str(trigger or ""))
    preview = bool(getattr(request, "htmx", False)) and "save" not in request.POST
    result, problem = base, ""
    if not errors:
        try:
            revised = actions.revise_plan(
                dealer,
                saved.year,
                actions.Revision(leads=cells),
                by=current_user(request),
                at=timezone.now(),
                save=not preview,
            )
            result = revised.result
        except PlanningError as refused:
            problem = refusal(refused)
        else:
            if not preview:
                messages.success(request, _("Plan saved as a new version."))
                response = HttpResponse(status=204)
                if getattr(request, "htmx", False):
                    response["HX-Redirect"] = _plan_url(dealer.slug)
                    return response
                return redirect("plan", dealer.slug)
    context = {
        "dealer": dealer,
        "saved": saved,
        "problem": problem,
        "errors": errors,
        "preview": preview,
        "trigger": str(trigger or ""),
    }
    context |= _editor(saved, base, result, cells)
    template = "web/_plan_consequence.html" if preview else "web/plan.html"
    if not preview:
        context |= {
            "dealers": dealers_for_page(current_user(request), "plan"),
            "form": PlanForm(initial={"year": saved.year}),
        }
        context |= _comparison(saved, {})
    return render(request, template, context, status=422 if errors or problem else 200)


def _plan_url(slug: str) -> str:
    return reverse("plan", args=[slug])


def _cells(
    data: Any, saved: Plan, base: YearPlan, trigger: str
) -> tuple[dict[tuple[int, str], float], list[str]]:
    """The grid's leads per (month, source), and a sentence per cell that is no number.

    A budget cell wins over its leads when it was the one typed into (the htmx trigger) or
    when it changed and its leads did not: leads = budget / cost per lead, rounded.
    """
    cells: dict[tuple[int, str], float] = {}
    errors: list[str] = []
    names = {s.source_id: s.source.name for s in saved.sources.select_related("source")}
    for source_id, name in names.items():
        for month in range(1, 13):
            line = base.line(month, name)
            key = f"{month}-{source_id}"
            leads = _whole(data.get(f"leads-{key}"))
            budget = _whole(data.get(f"budget-{key}"))
            place = f"{_month_name(month)}, {name}"
            if leads is None or leads < 0:
                errors.append(_("%(place)s: leads must be a whole number ≥ 0") % {"place": place})
                continue
            typed_budget = trigger == f"budget-{key}" or (
                trigger != f"leads-{key}"
                and leads == round(line.leads)
                and budget is not None
                and budget != round(line.cost)
            )
            if typed_budget and line.cost_per_lead > 0:
                if budget is None or budget < 0:
                    errors.append(
                        _("%(place)s: the budget must be whole euros ≥ 0") % {"place": place}
                    )
                    continue
                leads = round(budget / line.cost_per_lead)
            if leads != line.leads:
                cells[month, name] = float(leads)
    return cells, errors


def _whole(text: str | None) -> int | None:
    """A whole number from a grid cell ("1.200", "1 200", "14"), None when it is none."""
    cleaned = (text or "").strip().replace(" ", "").replace("\u202f", "").replace("€", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else None


def _editor(
    saved: Plan,
    base: YearPlan,
    result: YearPlan,
    cells: dict[tuple[int, str], float] | None = None,
) -> dict[str, Any]:
    """The grid (rows per source: leads and budget per month) and the consequence rows."""
    ids = {s.source.name: s.source_id for s in saved.sources.select_related("source")}
    months = [date(saved.year, m, 1) for m in range(1, 13)]
    rows = []
    for name in result.sources():
        own = [result.line(m, name) for m in range(1, 13)]
        rows.append(
            {
                "source": name,
                "free": own[0].cost_per_lead == 0,
                "cells": [
                    {
                        "key": f"{line.month}-{ids.get(name, 0)}",
                        "leads": int(round(line.leads)),
                        "budget": int(round(line.cost)),
                        "changed": line.leads != base.line(line.month, name).leads,
                    }
                    for line in own
                ],
                "leads": int(round(sum(line.leads for line in own))),
                "budget": sum(line.cost for line in own),
            }
        )
    consequence = [
        {
            "month": month_date,
            "target": m.target,
            "sales": m.sales,
            "gap": m.sales - m.target,
            "leads": m.leads,
            "cost": m.cost,
        }
        for month_date, m in zip(months, result.months, strict=True)
    ]
    return {
        "months": months,
        "rows": rows,
        "consequence": consequence,
        "year": {
            "target": result.target,
            "sales": result.sales,
            "gap": result.sales - result.target,
            "short": max(result.target - result.sales, 0.0),
            "cost": result.cost,
            "base_cost": base.cost,
            "base_sales": base.sales,
            "leads": result.leads,
        },
        "edited": bool(cells),
        "budget_note": _budget_note(saved, result),
        "short_note": _short_note(saved, result),
        "seasons": saved.get_target_origin_display(),
    }


def _budget_note(saved: Plan, result: YearPlan) -> str:
    """What the budget cap leaves, or what it costs in sales, in the reader's language."""
    cap = saved.budget_cap
    if cap is None:
        return ""
    if float(cap) >= result.cost - 0.5:
        return _("The budget of %(budget)s leaves %(left)s unspent.") % {
            "budget": _euro(float(cap)),
            "left": _euro(float(cap) - result.cost),
        }
    if saved.minimum_budget is None:
        return ""  # no budget reaches every target: the caps say what is short
    return _("The budget of %(budget)s is below the %(needed)s the targets need.") % {
        "budget": _euro(float(cap)),
        "needed": _euro(float(saved.minimum_budget or 0)),
    }


def _short_note(saved: Plan, result: YearPlan) -> str:
    """The months whose target is beyond every source's cap, by name, with the most they get."""
    most = most_sales(actions.draft_of(saved).request)
    short = [
        (month, top)
        for month, top in zip(result.months, most, strict=True)
        if top is not None and month.target > top + 1e-6
    ]
    if not short:
        return ""
    months = "; ".join(
        _("%(month)s needs %(target)s sales, at most %(most)s")
        % {
            "month": _month_name(month.month),
            "target": number_format(month.target, 0),
            "most": number_format(top, 1),
        }
        for month, top in short
    )
    return _(
        "Beyond every source's monthly cap: %(months)s. Raise a cap, add a source or lower "
        "the target."
    ) % {"months": months}


def _euro(value: float) -> str:
    return euro(value, 0)


def _comparison(saved: Plan, query: Any) -> dict[str, Any]:
    """Two versions of the year side by side (the latest and the one before, by default)."""
    versions = list(Plan.objects.filter(dealer=saved.dealer, year=saved.year).order_by("-version"))
    if len(versions) < 2:
        return {"versions": versions, "compare": None}
    by_number = {v.version: v for v in versions}
    first = by_number.get(_int(query.get("a")) or 0, versions[1])
    second = by_number.get(_int(query.get("b")) or 0, versions[0])
    plans = [actions.year_plan_of(first), actions.year_plan_of(second)]
    rows = [
        {
            "month": date(saved.year, m, 1),
            "cells": [_figures(p.months[m - 1]) for p in plans],
        }
        for m in range(1, 13)
    ]
    totals = [(p.target, p.leads, p.cost, p.sales) for p in plans]
    return {
        "versions": versions,
        "compare": {"a": first, "b": second, "rows": rows, "totals": totals},
    }


def _figures(month: Any) -> tuple[float, float, float, float]:
    return (month.target, month.leads, month.cost, month.sales)


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


@login_required
def plan_xlsx(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    """A saved version as the spreadsheet `scoreline plan export --format xlsx` writes."""
    dealer = access_dealer(current_user(request), slug, "plan")
    saved = Plan.objects.filter(dealer=dealer, year=year, version=version).first()
    if saved is None:
        raise Http404("no such plan version")
    out = BytesIO()
    export.write_xlsx(
        actions.year_plan_of(saved), out, f"{dealer} — plan {saved.year} v{saved.version}"
    )
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"plan-{dealer.slug}-{saved.year}-v{saved.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
