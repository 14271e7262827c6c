"""One report for every path: the page, the API and `scoreline report` show a dealer the same
figures and the same verdict, a young dealer's included (its model learns from the group)."""

import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from reports.test_database import AS_OF, group  # noqa: F401  (the Van Dijk group)
from scoreline.api.tokens import issue_token
from scoreline.dealers.models import Dealer
from scoreline.web.reports import Period, dealer_report

JANUARY = (date(2025, 1, 1), date(2025, 1, 31))
COMPARED = ("leads", "won", "conversion", "cost", "response_median_min", "closed_lost")


def _verdicts(report: dict) -> list[tuple]:
    return [
        (row["source"], row["verdict"]["kind"], row["verdict"]["sentence"])
        for row in report["by_source"]
    ]


@pytest.mark.django_db
def test_the_page_the_api_and_the_command_show_a_young_dealer_the_same_report(group) -> None:  # noqa: F811
    utrecht = Dealer.objects.get(name="Utrecht")
    first, last = JANUARY
    out = StringIO()
    call_command(
        "report", "--dealer", "Utrecht", "--from", str(first), "--to", str(last),
        "--as-of", AS_OF.isoformat(), "--format", "json", stdout=out,
    )  # fmt: skip
    command = json.loads(out.getvalue())
    _, raw = issue_token("reader", [utrecht], can_write=False)
    with time_machine.travel(AS_OF, tick=False), translation.override("en"):
        page = dealer_report(utrecht, Period(first, date(2025, 2, 1), "january"), AS_OF)
        api = (
            Client()
            .get(
                f"/api/v1/report?dealer=utrecht&date_from={first}&date_to={last}",
                HTTP_AUTHORIZATION=f"Bearer {raw}",
            )
            .json()
        )
    assert page is not None
    assert command["model_history"]["group"] is True  # Utrecht alone is too young
    for report in (page, api):
        assert report["model_history"] == command["model_history"]
        assert report["target_conversion"] == command["target_conversion"] == 0.15
        for figure in COMPARED:
            assert report["totals"][figure] == pytest.approx(command["totals"][figure]), figure
        assert _verdicts(report) == _verdicts(command)
