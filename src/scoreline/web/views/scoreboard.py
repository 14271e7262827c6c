"""Marketing's scoreboard: per source and campaign, leads, cost and conversion, and the verdict."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scoreline.leads.names import source_name
from scoreline.web import charts
from scoreline.web.access import access_dealer, dealers_for_page
from scoreline.web.reports import (
    DEFAULT_PERIOD,
    PERIODS,
    dealer_report,
    period_named,
    plan_rows,
)
from scoreline.web.views.notifications import unread_for


def _labels() -> dict[str, str]:
    return {
        "conversion": _("Conversion"),
        "median": _("Median"),
        "p90": _("90th percentile"),
        "minutes": _("Business minutes to first response"),
        "leads": _("Leads"),
        "contacted": _("Contacted"),
        "appointments": _("Appointments"),
        "test_drives": _("Test drives"),
        "quotes": _("Quotes"),
        "won": _("Won"),
        "planned": _("Planned"),
        "actual": _("Received"),
    }


def _charts(
    report: dict[str, Any], target: float, plan: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    labels = _labels()
    found = [
        (
            "conversion",
            _("Conversion by source against the target"),
            charts.conversion_by_source(_named(report["by_source"]), target, labels),
        ),
        (
            "speed",
            _("Speed to lead by source"),
            charts.speed_by_source(_named(report["by_source"]), labels),
        ),
        ("funnel", _("Monthly funnel"), charts.monthly_funnel(report["by_month"], labels)),
    ]
    if plan:
        found.append(("plan", _("Leads: plan against actual"), charts.plan_vs_actual(plan, labels)))
    return [
        {"id": f"chart-{key}", "spec_id": f"chart-{key}-spec", "title": title, "spec": spec}
        for key, title, spec in found
    ]


VERDICTS: dict[str, tuple[Any, str]] = {
    "on_target": (gettext_lazy("On target"), "good"),
    "process": (gettext_lazy("Follow-up process"), "bad"),
    "quality": (gettext_lazy("Lead quality"), "warn"),
    "mixed": (gettext_lazy("Process and quality"), "warn"),
    "too_few": (gettext_lazy("Too few leads to judge"), "plain"),
    "early": (gettext_lazy("Too early to judge"), "plain"),
}


LEVERS: dict[str, Any] = {
    "speed": gettext_lazy("speed"),
    "worked_to_standard": gettext_lazy("effort"),
    "written_follow_up": gettext_lazy("written message"),
}


def _with_verdict(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with its verdict's label and colour, for the table's badge, and the levers
    its process gap is split over (biggest first, in percentage points)."""
    labelled = []
    for row in rows:
        verdict = row.get("verdict") or {}
        kind = "early" if verdict.get("early") else str(verdict.get("kind"))
        label, tone = VERDICTS.get(kind, ("", "plain"))
        labelled.append(
            {**row, "verdict_label": label, "verdict_tone": tone, "levers": _levers(verdict)}
        )
    return labelled


def _levers(verdict: dict[str, Any]) -> list[dict[str, Any]]:
    levers = sorted(verdict.get("levers") or [], key=lambda lever: -lever["points"])
    return [
        {
            "label": LEVERS.get(lever["lever"], lever["lever"]),
            "points": lever["points"] * 100,
            "actual": lever["actual"],
        }
        for lever in levers
    ]


def _with_salespeople(
    sources: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each source row with the salespeople who worked its leads (the report's source ×
    salesperson cut, most leads first): who works that source, and how."""
    people: dict[str, list[dict[str, Any]]] = {}
    for pair in pairs:
        people.setdefault(pair["source"], []).append(pair)
    return [
        {**row, "salespeople": sorted(people.get(row["source"], []), key=lambda p: -p["leads"])}
        for row in sources
    ]


def _named(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Report rows with their source as the reader says it, for the charts' axes."""
    return [{**row, "source": source_name(row["source"])} for row in rows]


@login_required
def scoreboard(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    dealer = access_dealer(request.user, slug, "scoreboard")  # type: ignore[arg-type]
    now = timezone.now()
    timezone.activate(dealer.time_zone)
    period = period_named(request.GET.get("period", DEFAULT_PERIOD), now, dealer)
    report = dealer_report(dealer, period, now)
    target = float(report["target_conversion"]) if report else float(dealer.target_conversion)
    plan = plan_rows(dealer, period, report) if report else []
    context = {
        "dealer": dealer,
        "dealers": dealers_for_page(request.user, "scoreboard"),  # type: ignore[arg-type]
        "period": period,
        "periods": PERIODS.items(),
        "report": report,
        "sources": _with_salespeople(
            _with_verdict(report["by_source"]), report.get("by_source_salesperson", [])
        )
        if report
        else [],
        "campaigns": _with_verdict(report.get("by_campaign", [])) if report else [],
        "target": target,
        "charts": _charts(report, target, plan) if report else [],
        "notifications": unread_for(request),
    }
    return render(request, "web/scoreboard.html", context)
