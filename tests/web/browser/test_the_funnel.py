"""A salesperson on a phone records the whole funnel: a walk-in, an appointment, a test drive,
a quote and the sale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cast import Cast, make_lead
from django.utils import timezone

from scoreline.followup.models import Activity
from scoreline.leads.models import Lead, LeadStatus, Person, Source

from .conftest import log_in, shoot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_a_salesperson_adds_a_walk_in_and_records_the_funnel_to_the_sale(
    page,
    stage: Cast,  # noqa: ANN001
) -> None:
    Source.objects.create(name="Walk-in", slug="walk-in")
    page.set_viewport_size(PHONE)
    log_in(page, "sanne")
    page.wait_for_url("**/leads/")
    page.get_by_role("link", name="Add a walk-in or caller").click()
    page.fill("#id_first_name", "Joost")
    page.fill("#id_last_name", "Bakker")
    page.fill("#id_phone", "06 1122 3344")
    page.fill("#id_vehicle_make", "Skoda")
    page.fill("#id_vehicle_model", "Enyaq")
    shoot(page, "funnel-1-add-walk-in-phone")
    page.get_by_role("button", name="Add the lead").click()
    page.get_by_text("Lead added.").wait_for()
    lead = Lead.objects.get(person__last_name="Bakker")
    assert lead.assigned_to == stage.sanne

    when = timezone.localtime() + timedelta(days=2)
    page.get_by_text("Appointment, visit, test drive, quote").click()
    page.fill(f"#when-{lead.pk}", when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Recorded.").wait_for()

    for kind, amount in (("Test drive", ""), ("Quote", "38900")):
        page.get_by_text("Appointment, visit, test drive, quote").click()
        page.locator(f"#lead-body label:has-text('{kind}')").first.click()
        if amount:
            page.fill(f"#amount-{lead.pk}", amount)
        page.get_by_role("button", name="Save", exact=True).click()
        page.locator(".timeline strong", has_text=kind).wait_for()
    shoot(page, "funnel-2-lead-steps-phone")

    page.get_by_text("Sold", exact=True).click()
    page.fill(f"#order-{lead.pk}", "VO-7731")
    page.get_by_role("button", name="Record the sale").click()
    page.get_by_text("Sale recorded: the lead is won.").wait_for()
    shoot(page, "funnel-3-lead-won-phone")

    kinds = list(Activity.objects.filter(lead=lead).values_list("kind", flat=True))
    assert kinds == ["visit", "appointment", "test_drive", "quote", "order"]
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.WON
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the lead page is {width}px wide on a phone"
    assert page.errors == []


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_the_lead_page_fits_a_laptop_and_a_phone(page, stage: Cast, language: str) -> None:  # noqa: ANN001
    lead = make_lead(stage, to=stage.sanne, name="Eva de Vries")
    Person.objects.filter(pk=lead.person_id).update(phone="")  # held to written messages
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    log_in(page, "sanne")
    page.wait_for_url("**/leads/")
    for size, viewport in (("desktop", {"width": 1366, "height": 900}), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{page.base}/leads/{lead.pk}/")
        page.locator(".checklist").wait_for()
        shoot(page, f"lead-{size}-{language}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the lead page is {width}px wide ({size}, {language})"
    assert page.locator(".checklist li").count() == 3  # clock, written messages, contacted
    assert page.errors == []


def test_a_wrong_address_shows_the_products_404_on_a_phone(page, stage: Cast) -> None:  # noqa: ANN001
    page.set_viewport_size(PHONE)
    log_in(page, "sanne")
    page.wait_for_url("**/leads/")
    page.goto(f"{page.base}/leads/999999/")
    page.get_by_role("heading", name="Page not found").wait_for()
    shoot(page, "404-phone")
    page.get_by_role("link", name="To your start page").click()
    page.wait_for_url("**/leads/")
    assert page.url == f"{page.base}/leads/"
