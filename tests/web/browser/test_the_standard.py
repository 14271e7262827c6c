"""The standard in a salesperson's hands: an unreached call plans the next attempt while the
dealer is open, and a lead without a phone number is closed after its written messages,
without anyone's override."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from cast import Cast, make_lead
from followup.clock import amsterdam

from scoreline.followup import actions
from scoreline.followup.models import ActivityKind
from scoreline.leads.models import Lead, LeadStatus

from .conftest import log_in, shoot

pytestmark = pytest.mark.browser
FRIDAY_17 = amsterdam(2025, 3, 14, 17, 0)  # Noord: Mo-Fr 9-18, Sa 9-17


def test_an_unreached_call_on_friday_evening_plans_the_next_attempt_on_saturday_morning(
    page,
    stage: Cast,  # noqa: ANN001
) -> None:
    with time_machine.travel(FRIDAY_17, tick=True):
        lead = make_lead(stage, to=stage.sanne, received_at=FRIDAY_17 - timedelta(minutes=10))
        log_in(page, "sanne")
        page.wait_for_url("**/leads/")
        page.goto(f"{page.base}/leads/{lead.pk}/")
        page.get_by_text("No answer").click()  # the call form is open on the lead page
        page.get_by_role("button", name="Save call").click()
        # three attempts still owed on two more days: another try two business hours on,
        # one of them Saturday's first, when Noord is open again; day and date both written
        page.get_by_text("Call logged. Next attempt: Saturday 15 March 2025 10:00.").wait_for()
        assert page.locator("#lead-clock").inner_text().endswith("Sat 15 Mar 2025, 10:00")
        shoot(page, "standard-1-next-attempt-saturday")
    planned = Lead.objects.get(pk=lead.pk).next_follow_up_at
    assert planned is not None
    assert planned.astimezone(FRIDAY_17.tzinfo).strftime("%a %d %H") == "Sat 15 10"
    assert page.errors == []


def test_a_lead_without_a_phone_is_closed_after_three_written_messages_without_an_override(
    page,
    stage: Cast,  # noqa: ANN001
) -> None:
    with time_machine.travel(FRIDAY_17, tick=True):
        lead = make_lead(stage, to=stage.sanne, received_at=FRIDAY_17 - timedelta(days=4))
        lead.person.phone = ""
        lead.person.save()
        for days_ago in (4, 2):  # two messages already, on two other days
            actions.log_activity(
                lead,
                ActivityKind.EMAIL,
                by=stage.sanne,
                at=FRIDAY_17 - timedelta(days=days_ago, hours=-1),
            )
        log_in(page, "sanne")
        page.wait_for_url("**/leads/")
        page.goto(f"{page.base}/leads/{lead.pk}/")
        standard = page.locator("#lead-body")
        assert "call" not in standard.get_by_text("Still to do:").inner_text().lower()
        page.get_by_text("Record an e-mail or message").click()
        page.get_by_role("button", name="Save message").click()
        page.get_by_text("Message recorded.").wait_for()
        page.get_by_text("Close as lost").first.click()
        page.select_option(f"#reason-{lead.pk}", label="No interest")
        page.get_by_role("button", name="Close as lost").click()
        page.get_by_text("Lead closed as lost.").wait_for()
        shoot(page, "standard-2-no-phone-closed")
    closed = Lead.objects.get(pk=lead.pk)
    assert closed.status == LeadStatus.LOST
    assert not closed.closed_without_standard
    assert not closed.events.filter(kind="override").exists()
    assert page.errors == []
