"""My leads: one urgency order stated on the page, search, filters, paging, and no forms
until a card is opened."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cast import Cast, logged_in, make_lead

from scoreline.leads.models import Lead

AMS = ZoneInfo("Europe/Amsterdam")
WEDNESDAY_10 = datetime(2025, 3, 12, 10, 0, tzinfo=AMS)
HTMX = {"HTTP_HX_REQUEST": "true"}


def _lead(cast: Cast, name: str, *, answered: bool = True, **times: datetime | None) -> Lead:
    lead = make_lead(cast, to=cast.sanne, name=name, received_at=times.pop("received_at", None))
    if answered:
        times.setdefault("first_response_at", lead.received_at + timedelta(minutes=5))
    Lead.objects.filter(pk=lead.pk).update(**times)
    return lead


@pytest.fixture
def day(cast: Cast):  # noqa: ANN201
    """Wednesday 10:00 with one lead of every kind of urgency, made in a jumbled order."""
    with time_machine.travel(WEDNESDAY_10, tick=False):
        week_ago = WEDNESDAY_10 - timedelta(days=7)
        _lead(
            cast,
            "Gijs Later",
            received_at=week_ago,
            next_follow_up_at=WEDNESDAY_10 + timedelta(days=6),
        )
        _lead(
            cast,
            "Cor Today",
            received_at=week_ago,
            next_follow_up_at=WEDNESDAY_10.replace(hour=15, minute=38),
        )
        _lead(cast, "Fien Unplanned", received_at=week_ago)
        _lead(
            cast,
            "Anne Overdue",
            received_at=week_ago,
            next_follow_up_at=WEDNESDAY_10 - timedelta(days=1),
        )
        _lead(
            cast,
            "Eef Untouched",
            answered=False,
            received_at=WEDNESDAY_10 - timedelta(hours=14),
            response_due_at=WEDNESDAY_10 + timedelta(days=1),
        )
        _lead(
            cast,
            "Bas Oldest",
            received_at=week_ago,
            next_follow_up_at=WEDNESDAY_10 - timedelta(days=2),
        )
        _lead(
            cast,
            "Dirk Soon",
            received_at=week_ago,
            next_follow_up_at=WEDNESDAY_10.replace(hour=11, minute=1),
        )
        yield


def _names(page: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if name in page), key=page.index)


ALL = [
    "Bas Oldest",
    "Anne Overdue",
    "Dirk Soon",
    "Cor Today",
    "Eef Untouched",
    "Fien Unplanned",
    "Gijs Later",
]


def test_the_list_is_in_one_urgency_order(cast: Cast, day: None) -> None:
    with time_machine.travel(WEDNESDAY_10, tick=False):
        page = logged_in(cast.sanne).get("/leads/").content.decode()
    assert _names(page, ALL) == ALL
    assert "Most urgent first: overdue (oldest first), then due today by time" in page


def test_times_show_the_date_and_the_time_in_the_readers_language(cast: Cast, day: None) -> None:
    with time_machine.travel(WEDNESDAY_10, tick=False):
        english = logged_in(cast.sanne).get("/leads/").content.decode()
        dutch = logged_in(cast.sanne, "nl").get("/leads/").content.decode()
    assert "Wed 12 Mar 2025, 11:01" in english
    assert "wo 12 mrt 2025 11:01" in dutch


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("overdue", ["Bas Oldest", "Anne Overdue"]),
        ("today", ["Dirk Soon", "Cor Today"]),
        ("untouched", ["Eef Untouched"]),
        ("open", ALL),
    ],
)
def test_a_filter_keeps_its_part_of_the_order(
    cast: Cast, day: None, show: str, expected: list[str]
) -> None:
    with time_machine.travel(WEDNESDAY_10, tick=False):
        page = logged_in(cast.sanne).get(f"/leads/?show={show}").content.decode()
    assert _names(page, ALL) == expected


def test_search_finds_by_name_phone_or_e_mail(cast: Cast, day: None) -> None:
    Lead.objects.get(person__first_name="Cor").person.__class__.objects.filter(
        first_name="Cor"
    ).update(phone="+31687654321", email="cor@garage.example")
    with time_machine.travel(WEDNESDAY_10, tick=False):
        sanne = logged_in(cast.sanne)
        by_name = sanne.get("/leads/?q=fien").content.decode()
        by_phone = sanne.get("/leads/?q=06-87654321").content.decode()
        by_mail = sanne.get("/leads/?q=garage.example").content.decode()
        nothing = sanne.get("/leads/?q=nobody").content.decode()
        with_nul = sanne.get("/leads/?q=fien%00").content.decode()
    assert _names(by_name, ALL) == ["Fien Unplanned"]
    assert _names(by_phone, ALL) == ["Cor Today"]
    assert _names(by_mail, ALL) == ["Cor Today"]
    assert "No open lead matches." in nothing
    assert _names(with_nul, ALL) == ["Fien Unplanned"]


def test_the_list_is_paged_25_at_a_time(cast: Cast) -> None:
    for n in range(30):
        make_lead(cast, to=cast.sanne, name=f"Lead{n:02d} Many")
    sanne = logged_in(cast.sanne)
    first = sanne.get("/leads/").content.decode()
    second = sanne.get("/leads/?show=open&page=2").content.decode()
    assert first.count('class="lead-card') == 25
    assert second.count('class="lead-card') == 5
    assert "Page 1 of 2 · 30 leads" in first


def test_cards_carry_no_forms_until_one_is_opened(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    sanne = logged_in(cast.sanne)
    page = sanne.get("/leads/").content.decode()
    assert "<form" not in page.split('<ul class="leads">')[1]
    assert f'hx-get="/leads/{lead.pk}/work/"' in page
    card = sanne.get(f"/leads/{lead.pk}/work/", **HTMX).content.decode()
    assert card.count("<form") >= 5 and f'id="lead-{lead.pk}"' in card


def test_nobody_opens_the_work_panel_of_a_lead_outside_their_scope(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    assert logged_in(cast.olaf).get(f"/leads/{lead.pk}/work/").status_code in (403, 404)
