"""Marco manages Autohuis Noord's settings: what its sources cost, month by month, and where
its leads arrive over HTTP. Garage Zuid's costs and endpoints are none of his business: he
neither sees nor changes them, and a source Zuid shares with Noord is changed only by someone
who manages both.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from cast import Cast, logged_in, make_lead, person
from django.utils import timezone

from scoreline.dealers.models import Role, User
from scoreline.intake.models import Format, IntakeEndpoint, Payload, token_digest
from scoreline.leads.models import CostModel, MonthlyCost, Source

ADF = b"""<?xml version="1.0"?><adf><prospect><id source="site">W-1</id>
<requestdate>2025-03-14T09:55:00+01:00</requestdate><vehicle><make>Kia</make><model>EV3</model>
</vehicle><customer><contact><name part="full">Anna de Vries</name><phone>06-12345678</phone>
</contact></customer></prospect></adf>"""


def source_used_by(cast: Cast, name: str, *dealers: str, cost_per_lead: str = "0") -> Source:
    """A source with one lead at each named dealer."""
    source = Source.objects.create(
        name=name, slug=name.lower(), cost_per_lead=Decimal(cost_per_lead)
    )
    for slug in dealers:
        lead = make_lead(cast, dealer=getattr(cast, slug), name=f"Klant {name}")
        lead.source = source
        lead.save(update_fields=["source"])
    return source


def source_fields(source: Source, model: str, cost: str) -> dict[str, str]:
    return {f"source-{source.pk}-cost_model": model, f"source-{source.pk}-cost_per_lead": cost}


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def test_the_manager_sets_how_a_source_of_his_own_charges_typed_the_dutch_way(
    cast: Cast,
) -> None:
    portal = source_used_by(cast, "Noordportaal", "noord")
    marco = logged_in(cast.marco, "nl")
    response = marco.post(
        f"/settings/noord/sources/{portal.pk}/", source_fields(portal, "per_lead", "12,50")
    )
    assert response.status_code == 302
    portal.refresh_from_db()
    assert (portal.cost_model, portal.cost_per_lead) == (CostModel.PER_LEAD, Decimal("12.50"))
    negative = marco.post(
        f"/settings/noord/sources/{portal.pk}/", source_fields(portal, "per_lead", "-3")
    )
    assert negative.status_code == 422
    portal.refresh_from_db()
    assert portal.cost_per_lead == Decimal("12.50")


def test_a_source_only_another_dealer_uses_is_neither_shown_nor_changed(cast: Cast) -> None:
    source_used_by(cast, "Noordportaal", "noord")
    zuid_only = source_used_by(cast, "Zuidportaal", "zuid", cost_per_lead="9.99")
    marco = logged_in(cast.marco)
    page = marco.get("/settings/noord/").content.decode()
    assert "Noordportaal" in page
    assert "Zuidportaal" not in page.split('id="sources"')[1].split("</section>")[0]
    response = marco.post(
        f"/settings/noord/sources/{zuid_only.pk}/", source_fields(zuid_only, "free", "0")
    )
    assert response.status_code == 404
    assert marco.get("/settings/zuid/").status_code == 404
    zuid_only.refresh_from_db()
    assert zuid_only.cost_per_lead == Decimal("9.99")


def test_a_shared_source_is_changed_only_by_someone_who_manages_every_dealer_using_it(
    cast: Cast,
) -> None:
    shared = source_used_by(cast, "AutoTrack", "noord", "zuid", cost_per_lead="4.00")
    marco = logged_in(cast.marco)
    row = marco.get("/settings/noord/").content.decode().split("AutoTrack")[1][:400]
    assert "shared" in row and "<select" not in row
    change = source_fields(shared, "per_lead", "5")
    assert marco.post(f"/settings/noord/sources/{shared.pk}/", change).status_code == 403
    shared.refresh_from_db()
    assert shared.cost_per_lead == Decimal("4.00")

    cast.marco.memberships.create(dealer=cast.zuid, role=Role.SALES_MANAGER)
    assert marco.post(f"/settings/noord/sources/{shared.pk}/", change).status_code == 302
    shared.refresh_from_db()
    assert shared.cost_per_lead == Decimal("5.00")


def test_a_group_wide_cost_makes_a_source_shared_with_every_dealer(cast: Cast) -> None:
    portal = source_used_by(cast, "Noordportaal", "noord")
    MonthlyCost.objects.create(
        dealer=None, source=portal, month=date(2025, 3, 1), amount=Decimal("100")
    )
    change = source_fields(portal, "free", "0")
    assert (
        logged_in(cast.marco).post(f"/settings/noord/sources/{portal.pk}/", change).status_code
        == 403
    )
    root = User.objects.create_superuser("root", password="x-long-password-1")
    assert logged_in(root).post(f"/settings/noord/sources/{portal.pk}/", change).status_code == 302


def test_the_manager_enters_a_months_cost_and_the_scoreboard_counts_it_at_once(
    cast: Cast,
) -> None:
    make_lead(cast, to=cast.sanne)
    marco = logged_in(cast.marco)
    assert (
        "€500" not in marco.get("/scoreboard/?period=month").content.decode()
    )  # the report is cached now
    cost = {"month": this_month(), "source": cast.website.pk, "amount": "500"}
    assert marco.post("/settings/noord/costs/", cost).status_code == 302
    assert "€500" in marco.get("/scoreboard/?period=month").content.decode()

    again = marco.post("/settings/noord/costs/", {**cost, "amount": "650"})
    assert again.status_code == 302
    [row] = MonthlyCost.objects.filter(dealer=cast.noord)
    assert (row.amount, row.month) == (Decimal("650"), timezone.localdate().replace(day=1))
    corrected = marco.post(f"/settings/noord/costs/{row.pk}/", {f"cost-{row.pk}-amount": "600"})
    assert corrected.status_code == 302
    row.refresh_from_db()
    assert row.amount == Decimal("600")
    assert marco.post(f"/settings/noord/costs/{row.pk}/remove/").status_code == 302
    assert not MonthlyCost.objects.filter(dealer=cast.noord).exists()


def test_a_month_that_is_not_a_month_is_refused_with_the_reason(cast: Cast) -> None:
    response = logged_in(cast.marco).post(
        "/settings/noord/costs/", {"month": "2025-13", "source": cast.website.pk, "amount": "5"}
    )
    assert response.status_code == 422
    assert "Give the month as YYYY-MM" in response.content.decode()
    assert not MonthlyCost.objects.exists()


def test_another_dealers_costs_are_neither_listed_nor_changed(cast: Cast) -> None:
    month = timezone.localdate().replace(day=1)
    zuid_cost = MonthlyCost.objects.create(
        dealer=cast.zuid, source=cast.website, month=month, amount=Decimal("777")
    )
    marco = logged_in(cast.marco)
    assert "777" not in marco.get("/settings/noord/").content.decode()
    amount = {f"cost-{zuid_cost.pk}-amount": "1"}
    assert marco.post(f"/settings/noord/costs/{zuid_cost.pk}/", amount).status_code == 404
    assert marco.post(f"/settings/zuid/costs/{zuid_cost.pk}/", amount).status_code == 404
    assert marco.post(f"/settings/noord/costs/{zuid_cost.pk}/remove/").status_code == 404
    zuid_cost.refresh_from_db()
    assert zuid_cost.amount == Decimal("777")


def test_only_the_dealers_managers_change_sources_costs_and_endpoints(cast: Cast) -> None:
    portal = source_used_by(cast, "Noordportaal", "noord")
    cost = {"month": this_month(), "source": cast.website.pk, "amount": "500"}
    endpoint = {"name": "Site", "source": cast.website.pk, "format": "adf"}
    for user in (cast.mila, cast.sanne, cast.olaf):
        client = logged_in(user)
        change = source_fields(portal, "free", "0")
        assert client.post(f"/settings/noord/sources/{portal.pk}/", change).status_code in (
            403,
            404,
        )
        assert client.post("/settings/noord/costs/", cost).status_code in (403, 404)
        assert client.post("/settings/noord/endpoints/", endpoint).status_code in (403, 404)
    assert not MonthlyCost.objects.exists() and not IntakeEndpoint.objects.exists()


def test_an_endpoint_made_on_the_page_shows_its_address_once_and_keeps_only_the_hash(
    cast: Cast, client
) -> None:  # noqa: ANN001
    marco = logged_in(cast.marco)
    response = marco.post(
        "/settings/noord/endpoints/",
        {"name": "Website ADF", "source": cast.website.pk, "format": "adf"},
    )
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    address = re.search(r'value="(http://testserver/intake/([^/"]+)/)"', response.content.decode())
    assert address is not None
    token = address[2]
    endpoint = IntakeEndpoint.objects.get(dealer=cast.noord)
    assert endpoint.token_hash == token_digest(token)
    assert token not in str([getattr(endpoint, f.attname) for f in IntakeEndpoint._meta.fields])
    assert token not in marco.get("/settings/noord/").content.decode()

    delivered = client.post(f"/intake/{token}/", ADF, content_type="application/xml")
    assert delivered.status_code == 202
    assert Payload.objects.get(endpoint=endpoint).dealer == cast.noord


def test_a_marktplaats_webhook_needs_its_signing_secret(cast: Cast) -> None:
    response = logged_in(cast.marco).post(
        "/settings/noord/endpoints/",
        {"name": "MP", "source": cast.website.pk, "format": Format.MARKTPLAATS},
    )
    assert response.status_code == 422
    assert "needs the signing secret" in response.content.decode()
    assert not IntakeEndpoint.objects.exists()


def test_another_dealers_endpoints_are_neither_listed_nor_switched(cast: Cast, client) -> None:  # noqa: ANN001
    zara = person("zara", "Zara", cast.zuid, Role.SALES_MANAGER)
    logged_in(zara).post(
        "/settings/zuid/endpoints/",
        {"name": "Zuid webshop", "source": cast.website.pk, "format": "json"},
    )
    zuids = IntakeEndpoint.objects.get(dealer=cast.zuid)
    marco = logged_in(cast.marco)
    assert "Zuid webshop" not in marco.get("/settings/noord/").content.decode()
    off = {"active": "0"}
    assert marco.post(f"/settings/noord/endpoints/{zuids.pk}/active/", off).status_code == 404
    assert marco.post(f"/settings/zuid/endpoints/{zuids.pk}/active/", off).status_code == 404
    zuids.refresh_from_db()
    assert zuids.is_active is True

    assert (
        logged_in(zara).post(f"/settings/zuid/endpoints/{zuids.pk}/active/", off).status_code == 302
    )
    zuids.refresh_from_db()
    assert zuids.is_active is False


def test_the_settings_page_speaks_dutch_down_to_its_amounts(cast: Cast) -> None:
    make_lead(cast, to=cast.sanne)
    page = logged_in(cast.marco, "nl").get("/settings/noord/").content.decode()
    assert "Maandkosten" in page and "Instroompunten" in page and "Verkopers" in page
    assert 'value="0,130"' in page and 'value="1500,00"' in page
