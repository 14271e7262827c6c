"""Marketing edits April's leads for AutoTrack in the plan grid and sees the target's
consequence as they type, then saves it as a new version and compares the two."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cast import Cast
from django.utils import timezone

from scoreline.leads.models import Source
from scoreline.planning import actions
from scoreline.planning.models import Plan
from scoreline.planning.plan import SourceAssumption

from .conftest import log_in, shoot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_marketing_edits_aprils_leads_for_autotrack_and_sees_the_targets_consequence(
    page,  # noqa: ANN001
    stage: Cast,
) -> None:
    autotrack = Source.objects.get(name="AutoTrack")
    year = timezone.localdate().year
    actions.revise_plan(
        stage.noord,
        year,
        actions.Revision(
            yearly_target=120,
            assumptions=[
                SourceAssumption("AutoTrack", 0.10, 20.0, 200.0),
                SourceAssumption("Website", 0.05, 10.0, 400.0),
            ],
        ),
        by=stage.mila,
        at=datetime(year - 1, 12, 15, tzinfo=UTC),
    )
    first = Plan.objects.get(dealer=stage.noord)
    april = first.lines.get(month=4, source=autotrack)
    log_in(page, "mila")
    page.wait_for_url("**/")
    page.goto(page.base + "/plan/")
    summary = page.locator(".consequence-summary")
    assert "on target" in summary.inner_text()
    april_sales = page.locator('.plan-consequence td[data-month="4"]')
    before = int(april_sales.inner_text())

    cell = page.locator(f"#leads-4-{autotrack.pk}")
    cell.fill(str(int(april.leads) + 50))  # 50 more leads at 10 %: 5 more sales in April
    page.locator(".consequence-summary .badge.good", has_text="5 above").wait_for()
    assert int(april_sales.inner_text()) == before + 5
    budget = page.locator(f"#budget-4-{autotrack.pk}")
    assert budget.input_value() == str(round((april.leads + 50) * 20))  # €1,000 more
    assert Plan.objects.filter(dealer=stage.noord).count() == 1  # typing saves nothing
    shoot(page, "plan-1-april-autotrack-typed")

    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_text("Plan saved as a new version.").wait_for()
    latest = Plan.objects.latest_for(stage.noord, year)
    assert latest is not None and latest.version == 2
    assert latest.lines.get(month=4, source=autotrack).leads == april.leads + 50
    versions = page.locator("#versions-h + form + .table-wrap tfoot")
    assert "v1" in page.locator("#versions-h").locator("..").inner_text()
    assert versions.count() == 1
    page.set_viewport_size(PHONE)
    shoot(page, "plan-2-saved-compared-phone")
    assert not page.errors  # type: ignore[attr-defined]
