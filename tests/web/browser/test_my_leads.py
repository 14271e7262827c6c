"""A salesperson's list of 200 open leads: searched, filtered, paged, a card opened on demand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cast import PASSWORD, Cast
from django.utils import timezone

from scoreline.leads.models import Lead, Person

from .conftest import shoot

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _two_hundred(cast: Cast) -> None:
    now = timezone.now()
    persons = Person.objects.bulk_create(
        Person(
            dealer=cast.noord, first_name=f"Klant{i:03d}", last_name="Jansen", phone=f"+316{i:08d}"
        )
        for i in range(200)
    )
    Lead.objects.bulk_create(
        Lead(
            dealer=cast.noord,
            person=person,
            source=cast.website,
            received_at=now - timedelta(hours=i + 1),
            response_due_at=now - timedelta(hours=i),
            first_response_at=None if i % 4 else now - timedelta(hours=i),
            next_follow_up_at=now + timedelta(hours=i) if i % 8 == 0 else None,
            assigned_to=cast.bram,
        )
        for i, person in enumerate(persons)
    )


def _log_in(page, username: str, language: str) -> None:  # noqa: ANN001
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/leads/")


def test_a_salesperson_searches_and_pages_a_list_of_200_leads(page, stage: Cast) -> None:  # noqa: ANN001
    _two_hundred(stage)
    page.set_viewport_size(SIZES["phone"])
    _log_in(page, "bram", "en")
    assert page.locator(".lead-card").count() == 25
    assert page.locator(".lead-card form").count() == 0
    page.get_by_role("link", name="Next").click()
    page.wait_for_url("**page=2")
    assert page.locator(".lead-card").count() == 25
    page.fill("#q", "Klant123")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=Klant123**")
    assert page.locator(".lead-card").count() == 1
    page.get_by_role("link", name="Work this lead").click()
    page.locator(".lead-card form").first.wait_for()
    shoot(page, "my-leads-search-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES["phone"]["width"], f"My leads is {width}px wide on a phone"
    assert page.errors == []


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_my_leads_fits_a_laptop_and_a_phone(page, stage: Cast, language: str) -> None:  # noqa: ANN001
    _two_hundred(stage)
    _log_in(page, "bram", language)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.goto(page.base + "/leads/")
        shoot(page, f"my-leads-{size}-{language}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"My leads is {width}px wide at {size} ({language})"
    assert page.errors == []
