"""A salesperson sends the script's e-mail from the lead page, through a real SMTP server."""

from __future__ import annotations

import pytest
from cast import Cast, make_lead
from followup.smtp import local_smtp

from scoreline.dealers.models import MailSecurity, MailSettings
from scoreline.followup.models import Activity, ActivityKind, Evidence

from .conftest import log_in, shoot

pytestmark = pytest.mark.browser


def test_a_salesperson_sends_the_scripts_email_from_the_lead_page(page, stage: Cast) -> None:  # noqa: ANN001
    lead = make_lead(stage, to=stage.sanne, name="Eva de Vries")
    with local_smtp() as server:
        MailSettings.objects.create(
            dealer=stage.noord,
            host="127.0.0.1",
            port=server.port,
            security=MailSecurity.NONE,
            from_address="verkoop@noord.example.nl",
        )
        log_in(page, "sanne")
        page.wait_for_url("**/leads/")
        page.goto(f"{page.base}/leads/{lead.pk}/")
        page.get_by_text("Send an e-mail").click()
        body = page.locator(f"#body-{lead.pk}")
        assert body.input_value().startswith("Hello Eva de Vries, this is Sanne")
        body.fill(body.input_value() + "\n\nSee you soon!")
        shoot(page, "email-1-draft")
        page.get_by_role("button", name="Send e-mail").click()
        page.get_by_text("E-mail sent to eva@example.nl.").wait_for()
        shoot(page, "email-2-sent")

    (message,) = server.messages
    assert "About the Volkswagen ID.4" in message.get_content()
    assert message.get_content().rstrip().endswith("See you soon!")
    sent = Activity.objects.get(lead=lead, kind=ActivityKind.EMAIL)
    assert (sent.external_id, sent.evidence) == (message["Message-ID"], Evidence.SCORELINE_MAIL)
    assert page.locator(".timeline").get_by_text("E-mail").count() >= 1
    assert page.errors == []
