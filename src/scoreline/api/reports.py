"""/api/v1/report: the analytics core's figures for the caller's dealers (EXCHANGE.md keys)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router

from scoreline.analytics.report import Scope
from scoreline.api.access import access_dealer
from scoreline.api.auth import caller_of
from scoreline.api.problems import ApiError
from scoreline.api.schemas import Input, IsoDate, Problem
from scoreline.dealers.models import Dealer
from scoreline.reports.assembly import database_report

router = Router(tags=["report"])


class ReportQuery(Input):
    dealer: str = Field(default="", max_length=120, description="A dealer's slug; default: all")
    date_from: IsoDate | None = Field(default=None, description="Default: 90 days ago")
    date_to: IsoDate | None = Field(default=None, description="Inclusive; default: today")
    language: str = Field(default="en", pattern="^(nl|fr|en)$")


@router.get(
    "/report",
    response={200: dict[str, Any], 401: Problem, 404: Problem, 422: Problem},
    summary="Report figures and verdicts",
)
def report(request: HttpRequest, query: Query[ReportQuery]) -> dict[str, Any]:
    """Figures per source, salesperson, dealer and month, as `scoreline report --format json`.

    Only the caller's dealers enter the computation, so nothing of another dealer shows.
    """
    caller = caller_of(request)
    dealers = _dealers(caller.dealer_ids, query.dealer, caller)
    today = timezone.localdate()
    date_to = query.date_to or today
    date_from = query.date_from or date_to - timedelta(days=90)
    if date_from > date_to:
        raise ApiError(422, "bad_period", "date_from is after date_to.", "date_from")
    names = tuple(dealer.name for dealer in dealers)
    empty = {"target_conversion": None, "period": {"from": None, "to": None}, "totals": None}
    if not names or not any(dealer.leads.exists() for dealer in dealers):
        return empty
    scope = Scope(date_from=date_from, date_to=date_to)
    return database_report(names, timezone.now(), scope=scope, language=query.language).report


def _dealers(visible: frozenset[int], slug: str, caller: Any) -> list[Dealer]:
    if slug:
        return [access_dealer(caller, slug)]
    return list(Dealer.objects.filter(pk__in=visible).order_by("name"))
