"""Each role logs in, lands on its own page, and sees only its own dealers."""

from __future__ import annotations

import pytest
from cast import Cast, logged_in, make_lead

from web.history import make_history


@pytest.mark.parametrize(
    ("who", "landing"),
    [("sanne", "/leads/"), ("marco", "/board/"), ("mila", "/scoreboard/"), ("dirk", "/group/")],
)
def test_each_role_lands_on_its_own_page(cast: Cast, who: str, landing: str) -> None:
    response = logged_in(getattr(cast, who)).get("/")
    assert response.status_code == 302
    assert response["Location"] == landing


@pytest.mark.parametrize(
    "page", ["/leads/", "/board/", "/scoreboard/", "/group/", "/plan/", "/settings/", "/imports/"]
)
def test_every_page_opens_for_the_director(cast: Cast, page: str) -> None:
    make_lead(cast, to=cast.sanne)
    response = logged_in(cast.dirk).get(page)
    assert response.status_code == 200, response.content[:500]


def test_a_salesperson_of_another_dealer_cannot_open_the_lead(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    assert logged_in(cast.olaf).get(f"/leads/{lead.pk}/").status_code == 404
    assert logged_in(cast.sanne).get(f"/leads/{lead.pk}/").status_code == 200


def test_an_uploaded_file_waits_in_the_inbox_and_is_listed_with_its_status(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from scoreline.intake.models import Payload

    leads = (
        b"lead_id,dealer,source,received_at,first_name,phone\n"
        b"L1,Autohuis Noord,website,2025-03-14T10:00:00+01:00,Eva,0612345678\n"
    )
    marco = logged_in(cast.marco)
    response = marco.post(
        "/imports/", {"kind": "leads", "file": SimpleUploadedFile("leads.csv", leads)}
    )
    payload = Payload.objects.get()
    assert response.status_code == 302
    assert response.url == f"/imports/noord/preview/{payload.pk}/"  # type: ignore[attr-defined]
    assert (payload.dealer, payload.external_id, payload.meta["kind"], payload.status) == (
        cast.noord,
        "leads.csv",
        "leads",
        "held",
    )
    assert "Check the columns" in marco.get("/imports/").content.decode()
    header = ["lead_id", "dealer", "source", "received_at", "first_name", "phone"]
    chosen = {f"column-{i}": name for i, name in enumerate(header)}
    marco.post(response.url, {"header": header, **chosen})  # type: ignore[attr-defined]
    payload.refresh_from_db()
    assert payload.status == "pending"
    page = marco.get("/imports/").content.decode()
    assert "leads.csv" in page and 'hx-trigger="every 2s"' in page


def test_a_costs_file_needs_no_columns_checked(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from scoreline.intake.models import Payload

    costs = b'source,month,amount\nwebsite,2025-03,"1.250,50"\n'
    response = logged_in(cast.marco).post(
        "/imports/", {"kind": "costs", "file": SimpleUploadedFile("costs.csv", costs)}
    )
    assert response.url == "/imports/noord/"  # type: ignore[attr-defined]
    assert Payload.objects.get().status == "pending"


def test_the_manager_tightens_the_standard_and_a_bad_schedule_is_refused(cast: Cast) -> None:
    marco = logged_in(cast.marco)
    standard = {
        "first_response_minutes": 10,
        "call_attempts": 5,
        "distinct_days": 3,
        "written_message_required": "on",
        "stale_business_days": 2,
        "reminder_minutes_before": 5,
        "reached_seconds": 20,
    }
    assert marco.post("/settings/noord/standard/", standard).status_code == 302
    cast.noord.refresh_from_db()
    assert cast.noord.standard.call_attempts == 5
    bad = {"opening_hours": "Mo-Fr 25:00-18:00", "time_zone": "Europe/Amsterdam", "country": "NL",
           "target_conversion": "0.13", "margin_per_sale": "1500"}  # fmt: skip
    assert marco.post("/settings/noord/dealer/", bad).status_code == 422
    assert logged_in(cast.sanne).post("/settings/noord/standard/", standard).status_code == 403


def test_money_and_shares_follow_the_readers_language() -> None:
    from django.utils import translation

    from scoreline.web.templatetags.scoreline import euro, percent

    with translation.override("nl"):
        assert (euro(1234.56), percent(0.129)) == ("€\u00a01.234,56", "12,9\u00a0%")
    with translation.override("fr"):
        assert euro(1234.56) == "1\u202f234,56\u00a0€" or euro(1234.56).endswith(",56\u00a0€")
    with translation.override("en"):
        assert (euro(1234.56), percent(None)) == ("€1,234.56", "–")


def test_the_board_speaks_dutch_to_a_dutch_reader(cast: Cast) -> None:
    make_lead(cast, to=cast.sanne)
    page = logged_in(cast.marco, "nl").get("/board/").content.decode()
    assert "Ochtendbord" in page and "Onaangeroerd" in page


def test_marketing_saves_a_year_plan_and_the_board_shows_the_pace(cast: Cast) -> None:
    from django.utils import timezone

    from scoreline.planning.models import Plan

    make_history(cast, days_ago=120)
    year = timezone.localdate().year
    mila = logged_in(cast.mila)
    too_much = mila.post("/plan/", {"year": year, "yearly_target": 500})
    assert too_much.status_code == 422
    assert "cannot reach the target" in too_much.content.decode()
    assert "Short: " in too_much.content.decode()  # the months short, by name
    response = mila.post("/plan/", {"year": year, "yearly_target": 24})
    assert response.status_code == 302, response.context["form"].errors
    saved = Plan.objects.get(dealer=cast.noord)
    assert (saved.year, saved.version, saved.months.count()) == (year, 1, 12)
    assert "What the plan gives the target" in mila.get("/plan/").content.decode()
    assert 'id="chart-plan"' in mila.get("/scoreboard/?period=year").content.decode()
    board = logged_in(cast.marco).get("/board/").content.decode()
    assert "Forecast month-end sales" in board


def test_logging_in_switches_to_the_users_own_language(cast: Cast) -> None:
    from cast import PASSWORD
    from django.test import Client

    cast.olaf.language = "fr"
    cast.olaf.save(update_fields=["language"])
    client = Client()
    response = client.post("/login/", {"username": "olaf", "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "fr"
    assert "Mes leads" in client.get("/leads/").content.decode()


def test_a_locked_account_is_told_so_on_the_login_page(cast: Cast) -> None:
    from django.test import Client

    client = Client()
    client.cookies["django_language"] = "en"
    for _ in range(6):
        response = client.post("/login/", {"username": "sanne", "password": "wrong"})
    assert response.status_code == 200
    assert "Too many failed logins" in response.content.decode()


def test_a_superuser_sees_every_dealer(cast: Cast) -> None:
    from scoreline.dealers.models import User

    root = User.objects.create_superuser("root", password="x-long-password-1")
    zuid_lead = make_lead(cast, dealer=cast.zuid, to=cast.olaf)
    client = logged_in(root)
    assert client.get("/")["Location"] == "/group/"
    assert client.get(f"/leads/{zuid_lead.pk}/").status_code == 200
    group = client.get("/group/").content.decode()
    assert "Autohuis Noord" in group and "Garage Zuid" in group
    assert "Garage Zuid" not in logged_in(cast.dirk).get("/group/").content.decode()


def test_the_manager_adds_an_assignment_rule_for_used_cars(cast: Cast) -> None:
    from scoreline.intake.models import AssignmentRule

    response = logged_in(cast.marco).post(
        "/settings/noord/rule/",
        {
            "name": "Used cars",
            "make": "",
            "condition": "used",
            "salespeople": [cast.bram.pk],
            "priority": 10,
        },
    )
    assert response.status_code == 302
    rule = AssignmentRule.objects.get(dealer=cast.noord)
    assert (rule.condition, list(rule.salespeople.all())) == ("used", [cast.bram])
    refused = logged_in(cast.marco).post(
        "/settings/noord/rule/", {"name": "Olaf's", "salespeople": [cast.olaf.pk], "priority": 1}
    )
    assert refused.status_code == 422  # Olaf does not sell at Noord


def test_the_board_judges_conversion_on_leads_old_enough_to_be_decided(cast: Cast) -> None:
    """This month's leads are mostly open; the conversion columns use 30 to 120 days ago."""
    from datetime import timedelta

    from django.utils import timezone

    from scoreline.followup import actions

    make_history(cast, days_ago=45)  # 18 leads each for Sanne and Bram; half of Bram's won
    now = timezone.now()
    lost = make_lead(cast, to=cast.bram, name="Terug Gekomen", received_at=now - timedelta(70))
    actions.close_lead_lost(
        lost, cast.no_interest, by=cast.marco, override_reason="Said so at the showroom",
        at=now - timedelta(days=69),
    )  # fmt: skip
    again = make_lead(cast, to=cast.sanne, name="Terug Gekomen")
    again.person = lost.person  # the same person asks again, as intake finds them
    again.save(update_fields=["person"])
    page = logged_in(cast.marco).get("/board/")
    rows = {row["salesperson"]: row for row in page.context["salespeople"]}
    bram, sanne = rows[cast.bram.get_full_name()], rows[cast.sanne.get_full_name()]
    assert bram["decided"]["came_back_after_lost"] == 1
    assert bram["decided"]["conversion"] > 0 and sanne["decided"]["leads"] == 18
    assert "(30 to 120 days ago)" in page.content.decode()


def test_a_salesperson_is_refused_the_group_page(cast: Cast) -> None:
    assert logged_in(cast.sanne).get("/group/").status_code == 403
    assert logged_in(cast.dirk).get("/group/").status_code == 200


def test_the_lead_page_shows_a_phone_that_could_not_be_verified_as_written(cast: Cast) -> None:
    lead = make_lead(cast, to=cast.sanne)
    page = f"/leads/{lead.pk}/"
    assert "data-phone-unverified" not in logged_in(cast.sanne).get(page).content.decode()
    lead.person.phone, lead.person.phone_valid = "(416) 555-0123", False
    lead.person.save()
    html = logged_in(cast.sanne).get(page).content.decode()
    assert "(416) 555-0123" in html
    assert "data-phone-unverified" in html


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize(
    "english",
    [
        "Closed as duplicate, fake or spam, per person (30 days)",
        "Only for the reason duplicate",
        "Closing lead #%(lead)s as a duplicate needs the lead it duplicates.",
        "Lead #%(other)s is not another lead of the same person at %(dealer)s.",
        "Lead #%(lead)s can be called spam or fake only with evidence (a wrong-number call "
        "or a bounced message) or by a sales manager of %(dealer)s.",
        "Sale undone",
        "as written; not a valid number in the customer's country, could not be verified",
    ],
)
def test_the_issue_14_strings_are_translated(language: str, english: str) -> None:
    from django.utils import translation

    with translation.override(language):
        assert translation.gettext(english) != english


def test_the_pace_sentence_is_said_in_each_readers_language(cast: Cast) -> None:
    """The forecast is cached once per dealer; its sentence is not (it was Dutch for all)."""
    from django.utils import timezone

    make_history(cast, days_ago=120)
    year = timezone.localdate().year
    assert (
        logged_in(cast.mila).post("/plan/", {"year": year, "yearly_target": 24}).status_code == 302
    )
    dutch = logged_in(cast.marco, "nl").get("/board/").context["pace"]["sentence"]
    english = logged_in(cast.dirk, "en").get("/board/noord/").context["pace"]["sentence"]
    assert "verkopen" in dutch and "sales" not in dutch
    assert "sales" in english and "verkopen" not in english


def test_the_scoreboard_shows_the_decided_conversion_its_verdict_quotes(cast: Cast) -> None:
    import re

    make_history(cast)  # three weeks of leads: some won, most still open
    page = logged_in(cast.mila).get("/scoreboard/?period=quarter")
    website = next(row for row in page.context["sources"] if row["source"] == "Website")
    quoted = website["verdict"]["conversion_judged"]
    assert website["verdict"]["leads_open"] > 0 and quoted != website["conversion"]
    shown = re.findall(r"([\d.]+%) of the decided", page.content.decode())
    assert f"{quoted * 100:.1f}%" in shown
    assert "not answered yet" in page.content.decode()


def test_the_group_page_names_its_two_views_of_a_period(cast: Cast) -> None:
    make_history(cast, days_ago=45)
    page = logged_in(cast.dirk).get("/group/")
    html = page.content.decode()
    assert "Sales this month (orders dated in it)" in html and "(30 to 120 days ago)" in html
    [noord] = [row for row in page.context["rows"] if row["dealer"] == cast.noord]
    assert noord["decided"]["leads"] == 36 and noord["decided"]["open"] >= 0


def test_the_group_page_adds_up_the_dealers_and_puts_the_riskiest_month_first(cast: Cast) -> None:
    from scoreline.web.views.group import _risk_first, _total

    rows = [
        {"dealer": cast.noord, "at_risk": False, "pace": {"probability": 0.9, "sales": 5,
         "target": 10, "forecast": 11.0}, "untouched": 2, "dust": 1,
         "totals": {"leads": 20, "within_standard_leads": 10},
         "decided": {"leads": 50, "won": 5, "open": 2, "cost": 500.0}},
        {"dealer": cast.zuid, "at_risk": True, "pace": {"probability": 0.2, "sales": 1,
         "target": 10, "forecast": 4.0}, "untouched": 3, "dust": 0,
         "totals": {"leads": 30, "within_standard_leads": 15},
         "decided": {"leads": 50, "won": 10, "open": 0, "cost": 1000.0}},
    ]  # fmt: skip
    assert [row["dealer"] for row in sorted(rows, key=_risk_first)] == [cast.zuid, cast.noord]
    total = _total(rows)
    assert (total["sales"], total["target"], total["untouched"], total["leads"]) == (6, 20, 5, 50)
    assert total["conversion"] == pytest.approx(15 / 100)
    assert total["within_standard"] == pytest.approx(0.5)
    assert total["cost_per_sale"] == pytest.approx(100.0)


def test_marketing_types_leads_into_the_grid_sees_the_consequence_and_saves_a_version(
    cast: Cast,
) -> None:
    from django.utils import timezone

    from scoreline.planning.models import Plan

    make_history(cast, days_ago=120)
    mila = logged_in(cast.mila)
    mila.post("/plan/", {"year": timezone.localdate().year, "yearly_target": 24})
    saved = Plan.objects.get(dealer=cast.noord)
    page = mila.get("/plan/")
    grid = {key: value for key, value in page.context["rows"][0].items() if key == "cells"}["cells"]
    data = {f"leads-{c['key']}": c["leads"] for row in page.context["rows"] for c in row["cells"]}
    data |= {
        f"budget-{c['key']}": c["budget"] for row in page.context["rows"] for c in row["cells"]
    }
    april = grid[3]["key"]
    data[f"leads-{april}"] = grid[3]["leads"] + 100
    preview = mila.post(
        "/plan/grid/".replace("/grid/", f"/{cast.noord.slug}/grid/"),
        data,
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME=f"leads-{april}",
    )
    assert preview.status_code == 200
    assert 'id="consequence"' in preview.content.decode()
    assert preview.context["year"]["sales"] > page.context["year"]["sales"]
    assert Plan.objects.filter(dealer=cast.noord).count() == 1  # a preview saves nothing
    data[f"leads-{april}"] = "14,5"
    refused = mila.post(f"/plan/{cast.noord.slug}/grid/", {**data, "save": "1"})
    assert refused.status_code == 422 and "whole number" in refused.content.decode()
    data[f"leads-{april}"] = grid[3]["leads"] + 100
    mila.post(f"/plan/{cast.noord.slug}/grid/", {**data, "save": "1"})
    latest = Plan.objects.latest_for(cast.noord, saved.year)
    assert latest is not None and latest.version == 2
    xlsx = mila.get(f"/plan/{cast.noord.slug}/{saved.year}/v2.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    compared = mila.get("/plan/?a=1&b=2").context["compare"]
    assert (compared["a"].version, compared["b"].version) == (1, 2)
