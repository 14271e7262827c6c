"""The override conversation and the board's names, in a real browser."""

from __future__ import annotations

import pytest
from cast import Cast, make_lead

from scoreline.followup.models import Notification
from scoreline.leads.models import Lead, LeadStatus

from .conftest import log_in, shoot

pytestmark = pytest.mark.browser

WHY = "Bought a car elsewhere, told me on the phone"


def _ask(page, stage: Cast, lead: Lead) -> None:  # noqa: ANN001
    """Sanne is refused by the guard and asks for an override right in the refusal."""
    log_in(page, "sanne")
    page.wait_for_url("**/leads/")
    page.goto(f"{page.base}/leads/{lead.pk}/")
    page.get_by_text("Close as lost").first.click()
    page.select_option(f"#reason-{lead.pk}", label="No interest")
    page.get_by_role("button", name="Close as lost").click()
    page.locator(".refusal").wait_for()
    assert "A sales manager may override" not in page.locator(".refusal").inner_text()
    page.fill(f"#guard-why-{lead.pk}", WHY)
    page.get_by_role("button", name="Ask a manager for an override").click()
    page.get_by_text("Override asked: a sales manager will decide.").wait_for()
    page.get_by_text("Waiting for a sales manager.").wait_for()
    page.context.clear_cookies()


def test_a_refused_close_becomes_a_request_the_manager_approves(page, stage: Cast) -> None:  # noqa: ANN001
    lead = make_lead(stage, to=stage.sanne, name="Eva de Vries")
    _ask(page, stage, lead)
    log_in(page, "marco")
    page.wait_for_url("**/board/")
    request = page.locator(".override-request").filter(has_text=WHY)
    request.wait_for()
    shoot(page, "overrides-1-board-request")
    request.get_by_role("button", name="Approve and close").click()
    page.get_by_text("Override approved: the lead is closed as lost.").wait_for()
    assert page.locator(".override-request").filter(has_text=WHY).count() == 0
    lead.refresh_from_db()
    assert lead.status == LeadStatus.LOST and lead.closed_without_standard
    assert Notification.objects.filter(user=stage.sanne, text_key="override_approved").exists()
    assert page.errors == []


def test_a_refused_request_leaves_the_lead_open_and_tells_the_salesperson_why(
    page, stage: Cast
) -> None:  # noqa: ANN001
    lead = make_lead(stage, to=stage.sanne, name="Eva de Vries")
    _ask(page, stage, lead)
    log_in(page, "marco")
    page.wait_for_url("**/board/")
    request = page.locator(".override-request").filter(has_text=WHY)
    request.get_by_placeholder("Why not").fill("Call her once more on Monday")
    request.get_by_role("button", name="Refuse").click()
    page.get_by_text("Override refused: the salesperson is told why.").wait_for()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN

    page.context.clear_cookies()
    log_in(page, "sanne")
    page.wait_for_url("**/leads/")
    page.get_by_text("Call her once more on Monday").first.wait_for()
    shoot(page, "overrides-2-salesperson-told")
    assert page.errors == []


def test_a_salespersons_leads_open_from_the_name_on_the_board(page, stage: Cast) -> None:  # noqa: ANN001
    make_lead(stage, to=stage.sanne, name="Anna Smit")
    make_lead(stage, to=stage.bram, name="Bert Kok")
    log_in(page, "marco")
    page.wait_for_url("**/board/")
    page.locator("#team-h ~ .table-wrap").get_by_role("link", name="Sanne").click()
    page.wait_for_url(f"**/leads/?who={stage.sanne.pk}")
    page.get_by_role("heading", name="Leads of Sanne").wait_for()
    assert page.get_by_text("Anna Smit").count() == 1
    assert page.get_by_text("Bert Kok").count() == 0
    shoot(page, "board-3-leads-of-sanne")
    assert page.errors == []
