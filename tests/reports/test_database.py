"""`scoreline report` on the database: each dealer's own settings, and --dealer's leads only.

The cast: the Van Dijk group with two sites. Utrecht is young (100 leads in January, 14
sold: 14 %) and aims at 15 %; Gent has more history (200 leads, 40 sold) and the group's
usual 13 %. A website bill of 3,000 for January is shared by both sites' leads.
"""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from scoreline.analytics.standard import ReportSettings
from scoreline.dealers.models import Dealer, DealerGroup, User
from scoreline.followup.models import Activity
from scoreline.leads.models import Lead, LostReason, MonthlyCost, Person, Source
from scoreline.reports import extract

AS_OF = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
JANUARY = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def _leads(dealer: Dealer, source: Source, salesperson: User, count: int, won: int) -> None:
    reason = LostReason.objects.get_or_create(code="no-answer", defaults={"label": "No answer"})[0]
    persons = Person.objects.bulk_create(
        Person(dealer=dealer, email=f"{dealer.slug}{i}@example.nl") for i in range(count)
    )
    leads = Lead.objects.bulk_create(
        Lead(
            dealer=dealer,
            person=person,
            source=source,
            assigned_to=salesperson,
            received_at=JANUARY + timedelta(hours=i),
            status="won" if i < won else "lost",
            closed_at=JANUARY + timedelta(days=10),
            lost_reason=None if i < won else reason,
        )
        for i, person in enumerate(persons)
    )
    Activity.objects.bulk_create(
        Activity(lead=lead, kind="call", outcome="reached", at=lead.received_at, by=salesperson)
        for lead in leads
    )


@pytest.fixture
def group(db):
    van_dijk = DealerGroup.objects.create(name="Van Dijk")
    utrecht = Dealer.objects.create(
        name="Utrecht", slug="utrecht", group=van_dijk, target_conversion=Decimal("0.150")
    )
    gent = Dealer.objects.create(name="Gent", slug="gent", group=van_dijk)
    website = Source.objects.create(name="Website", slug="website")
    fleur = User.objects.create(username="fleur", first_name="Fleur")
    piet = User.objects.create(username="piet", first_name="Piet")
    _leads(utrecht, website, fleur, count=100, won=14)
    _leads(gent, website, piet, count=200, won=40)
    MonthlyCost.objects.create(source=website, month="2025-01-01", amount=Decimal("3000"))
    return van_dijk


def _report(*args: str) -> dict:
    out = StringIO()
    call_command("report", *args, "--format", "json", "--as-of", AS_OF.isoformat(), stdout=out)
    return json.loads(out.getvalue())


def test_a_dealer_aiming_at_15_percent_is_judged_against_15_percent(group):
    report = _report("--dealer", "Utrecht")
    utrecht = report["by_dealer"][0]
    assert report["target_conversion"] == 0.15
    assert utrecht["conversion"] == pytest.approx(0.14)
    assert utrecht["verdict"]["kind"] in ("process", "quality", "mixed")
    assert "15.0 %" in utrecht["verdict"]["sentence"]
    at_13 = _report("--dealer", "Utrecht", "--target", "0.13")["by_dealer"][0]
    assert at_13["verdict"]["kind"] == "on_target"


def test_the_dealers_margin_prices_the_missed_value(group):
    Dealer.objects.filter(name="Utrecht").update(margin_per_sale=Decimal("2000"))
    settings, differing = extract.dealer_settings(ReportSettings(), ["Utrecht"])
    assert (settings.target, settings.margin_per_sale) == (0.15, 2000.0)
    assert differing == ()
    _, differing = extract.dealer_settings(ReportSettings(), ["Utrecht", "Gent"])
    assert set(differing) == {"target", "margin_per_sale"}


def test_one_dealer_counts_none_of_the_other_dealers_leads(group):
    report = _report("--dealer", "Utrecht")
    assert (report["totals"]["leads"], report["totals"]["won"]) == (100, 14)
    assert report["totals"]["contacted"] == 100
    assert [row["dealer"] for row in report["by_dealer"]] == ["Utrecht"]
    assert [row["salesperson"] for row in report["by_salesperson"]] == ["Fleur"]
    assert [row["leads"] for row in report["by_month"]] == [100]


def test_a_young_dealers_verdict_learns_from_its_groups_history(group):
    report = _report("--dealer", "Utrecht")
    assert report["model_history"] == {
        "dealers": ["Gent", "Utrecht"],
        "own_judged_leads": 100,
        "group": True,
    }
    assert "whole group's leads (Gent, Utrecht)" in report["method_sentence"]


def test_a_dealer_with_enough_history_is_read_alone(group, monkeypatch):
    monkeypatch.setattr(extract, "MIN_OWN_HISTORY", 50)
    history = extract.history_for(["Utrecht"], AS_OF)
    assert (history.dealers, history.borrowed) == (("Utrecht",), False)
    inputs = extract.read_database(history.dealers)
    assert set(inputs.leads["dealer"]) == {"Utrecht"}
    assert inputs.activities.height == 100
    assert set(inputs.activities["lead_key"]) == set(inputs.leads["lead_key"])
    assert set(inputs.costs["dealer"]) == {"Utrecht"}


def test_a_shared_bill_is_split_over_every_dealers_leads(group):
    alone = _report("--dealer", "Utrecht")["totals"]
    together = {row["dealer"]: row for row in _report()["by_dealer"]}
    assert alone["cost"] == pytest.approx(1000.0)  # 3,000 over 300 leads, 100 of them here
    assert together["Utrecht"]["cost"] == pytest.approx(alone["cost"])
    assert together["Gent"]["cost"] == pytest.approx(2000.0)


def test_sources_are_shown_by_their_display_name(group):
    assert [row["source"] for row in _report()["by_source"]] == ["Website"]


def test_an_unknown_dealer_is_named_in_the_error(group):
    with pytest.raises(CommandError, match="no dealer named 'Utrecht Noord'"):
        _report("--dealer", "Utrecht Noord")


def test_the_extract_reads_nulls_blanks_flags_and_instants_as_stored(group):
    lead = Lead.objects.filter(dealer__name="Utrecht").order_by("pk").first()
    at = datetime(2025, 1, 7, 8, 30, 15, 250_000, tzinfo=UTC)
    Activity.objects.create(lead=lead, kind="email", outcome="", at=at, is_automatic=True)

    activities = extract.read_database(["Utrecht"]).activities
    mine = activities.filter(pl.col("lead_key") == lead.pk).sort("at")

    assert mine["at"].to_list() == [JANUARY, at]  # microseconds and UTC kept
    assert mine["automatic"].to_list() == [False, True]
    assert mine["outcome"].to_list() == ["reached", None]  # a blank outcome is no outcome
    assert mine["script"].to_list() == [None, None]  # a null foreign key stays null
