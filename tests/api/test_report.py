"""The report through the API holds the caller's dealers only."""

from django.test import Client
from security.seeded import SeededCast as Cast

from scoreline.leads.models import Lead

PERIOD = "date_from=2025-03-01&date_to=2025-03-31"


def test_the_report_counts_only_the_tokens_dealer(client: Client, cast: Cast) -> None:
    body = client.get(f"/api/v1/report?{PERIOD}", **cast.bearer("noord_read")).json()

    assert body["totals"]["leads"] == len(cast.noord_leads)
    assert [row["dealer"] for row in body["by_dealer"]] == [cast.noord.name]
    assert {row["source"] for row in body["by_source"]} == {cast.website.name}


def test_a_report_of_another_dealer_is_not_found(client: Client, cast: Cast) -> None:
    response = client.get(f"/api/v1/report?dealer=zuid&{PERIOD}", **cast.bearer("noord_read"))

    assert response.status_code == 404


def test_a_reversed_period_is_refused(client: Client, cast: Cast) -> None:
    query = "date_from=2025-04-01&date_to=2025-03-01"

    response = client.get(f"/api/v1/report?{query}", **cast.bearer("noord_read"))

    assert response.status_code == 422
    assert response.json()["field"] == "date_from"


def test_a_dealer_without_leads_reports_nothing(client: Client, cast: Cast) -> None:
    Lead.objects.filter(dealer=cast.zuid).delete()

    body = client.get(f"/api/v1/report?{PERIOD}", **cast.bearer("zuid_write")).json()

    assert body["totals"] is None
