"""Each role does its daily job in a real browser."""

from __future__ import annotations

import re

import pytest
from cast import Cast, make_lead
from django.utils import timezone

from scoreline.leads.models import Lead, LeadStatus

from ..test_notifications import slipping_month
from .conftest import log_in, shoot

pytestmark = pytest.mark.browser


def test_a_salesperson_logs_a_call_and_is_told_why_closing_is_refused(page, stage: Cast) -> None:  # noqa: ANN001
    lead = make_lead(stage, to=stage.sanne, name="Eva de Vries")
    log_in(page, "sanne")
    page.wait_for_url("**/leads/")
    card = page.locator(f"#lead-{lead.pk}")
    assert card.locator("form").count() == 0  # the list carries no forms
    card.get_by_role("link", name="Work this lead").click()
    card.get_by_text("No answer").click()  # the call form opens with the card
    card.get_by_role("button", name="Save call").click()
    page.locator(f"#lead-{lead.pk}").get_by_text("Call logged.").wait_for()
    shoot(page, "1-my-leads")
    assert Lead.objects.get(pk=lead.pk).first_response_at is not None

    page.goto(f"{page.base}/leads/{lead.pk}/")
    clock = page.locator("#lead-clock")
    assert clock.inner_text().startswith("Next follow-up")  # planned after the unanswered call
    before = clock.inner_text()
    page.get_by_text("Plan the next follow-up").click()
    page.get_by_role("button", name="In 2 days").click()
    page.get_by_text("Follow-up planned.").wait_for()
    assert clock.inner_text() != before  # refreshed without a reload

    page.get_by_text("Close as lost").first.click()
    page.select_option(f"#reason-{lead.pk}", label="No interest")
    page.get_by_role("button", name="Close as lost").click()
    refusal = page.locator(".refusal")
    refusal.wait_for()
    assert "more call attempts" in refusal.inner_text()
    shoot(page, "2-lead-refused")
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.OPEN
    assert page.errors == []


def test_the_manager_reads_the_board_and_overrides_with_a_reason(page, stage: Cast) -> None:  # noqa: ANN001
    lead = make_lead(stage, to=stage.bram, name="Piet Bakker")
    log_in(page, "marco")
    page.wait_for_url("**/board/")
    assert page.get_by_text("Piet Bakker").count() >= 1
    shoot(page, "3-board")
    page.goto(f"{page.base}/leads/{lead.pk}/")
    page.get_by_text("Close as lost").first.click()
    page.select_option(f"#reason-{lead.pk}", label="No interest")
    page.fill(f"#override-{lead.pk}", "Bought a car elsewhere, told me at the showroom")
    page.get_by_role("button", name="Close as lost").click()
    page.get_by_text("Lead closed as lost.").wait_for()
    assert Lead.objects.get(pk=lead.pk).closed_without_standard is True
    assert page.errors == []


def test_marketing_sees_the_scoreboard_with_its_charts_and_the_pace_warning(
    page, stage: Cast
) -> None:  # noqa: ANN001
    stage.mila.language = "en"
    stage.mila.save(update_fields=["language"])
    slipping_month(stage.noord, timezone.now())
    log_in(page, "mila")
    page.wait_for_url("**/scoreboard/")
    warning = page.get_by_role("link", name=re.compile("Autohuis Noord: reaching 7 sales"))
    assert warning.get_attribute("href") == "/scoreboard/noord/"
    for chart in ("conversion", "speed", "funnel"):
        page.locator(f"#chart-{chart} svg").first.wait_for(timeout=15_000)
    assert page.locator("#chart-conversion svg .mark-rect path").count() >= 3
    shoot(page, "4-scoreboard")
    assert page.errors == []


def test_the_director_switches_the_group_page_to_dutch(page, stage: Cast) -> None:  # noqa: ANN001
    log_in(page, "dirk")
    page.wait_for_url("**/group/")
    page.get_by_role("button", name="NL").click()
    page.wait_for_selector("html[lang=nl]")
    shoot(page, "5-group-nl")
    page.goto(page.base + "/scoreboard/")
    page.locator("#chart-conversion svg").first.wait_for(timeout=15_000)
    shoot(page, "6-scoreboard-nl")
    for name in ("plan", "settings", "imports"):
        page.goto(f"{page.base}/{name}/")
        page.locator("h1").wait_for()
        shoot(page, f"8-{name}-nl")
    assert page.errors == []


def test_a_salesperson_on_a_phone_sees_her_leads(browser, live_server, stage: Cast) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.base = live_server.url
    make_lead(stage, to=stage.sanne, name="Mobiele Klant")
    log_in(phone, "sanne")
    phone.wait_for_url("**/leads/")
    assert phone.get_by_text("Mobiele Klant").is_visible()
    shoot(phone, "7-my-leads-phone")
    context.close()


def test_the_manager_enters_a_cost_and_makes_an_intake_endpoint(page, stage: Cast) -> None:  # noqa: ANN001
    log_in(page, "marco")
    page.wait_for_url("**/board/")
    page.goto(page.base + "/settings/")
    costs = page.locator("#costs")
    costs.get_by_label("Month").fill(timezone.localdate().strftime("%Y-%m"))
    costs.get_by_label("Source").select_option(label="AutoTrack")
    costs.get_by_label("Amount (EUR)").fill("450")
    costs.get_by_role("button", name="Save cost").click()
    page.get_by_text("Cost of AutoTrack saved.").wait_for()
    endpoints = page.locator("#endpoints")
    endpoints.get_by_label("Name").fill("Website ADF")
    endpoints.get_by_label("Source").select_option(label="Website")
    endpoints.get_by_role("button", name="Create endpoint").click()
    address = page.locator("#new-address")
    address.wait_for()
    assert "/intake/" in address.input_value()
    shoot(page, "9-settings-endpoint")
    assert page.errors == []
