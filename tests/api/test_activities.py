"""Activities through the API go through log_activity, so the lead's clocks follow."""

import json
from datetime import timedelta

from django.test import Client
from security.seeded import SeededCast as Cast

from scoreline.leads.models import Lead


def _log(client: Client, cast: Cast, lead: Lead, body: dict, token: str = "noord_write"):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/leads/{lead.pk}/activities",
        json.dumps(body),
        content_type="application/json",
        **cast.bearer(token),
    )


def test_a_reached_call_marks_the_lead_contacted(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    at = (lead.received_at + timedelta(hours=2)).isoformat()

    response = _log(
        client, cast, lead, {"kind": "call", "outcome": "reached", "at": at, "by": "sanne"}
    )

    assert response.status_code == 201, response.content
    assert response.json()["by"] == "sanne"
    assert Lead.objects.get(pk=lead.pk).contacted_at is not None


def test_the_list_is_oldest_first(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    _log(
        client,
        cast,
        lead,
        {"kind": "email", "at": (lead.received_at + timedelta(days=1)).isoformat()},
    )

    body = client.get(f"/api/v1/leads/{lead.pk}/activities", **cast.bearer("noord_read")).json()

    assert [a["kind"] for a in body] == ["call", "email"]


def test_a_token_may_not_name_someone_of_another_dealer(client: Client, cast: Cast) -> None:
    response = _log(client, cast, cast.noord_leads[0], {"kind": "call", "by": "olaf"})

    assert response.status_code == 422
    assert response.json()["field"] == "by"


def test_a_sale_is_not_an_activity(client: Client, cast: Cast) -> None:
    response = _log(client, cast, cast.noord_leads[0], {"kind": "order"})

    assert response.status_code == 422
    assert "mark_won" in response.json()["message"]


def test_an_activity_before_the_lead_arrived_is_refused(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    at = (lead.received_at - timedelta(days=1)).isoformat()

    response = _log(client, cast, lead, {"kind": "call", "at": at})

    assert response.status_code == 422
    assert "before lead" in response.json()["message"]


def test_another_dealers_lead_takes_no_activity(client: Client, cast: Cast) -> None:
    response = _log(client, cast, cast.zuid_lead, {"kind": "call"})

    assert response.status_code == 404
    assert cast.zuid_lead.activities.count() == 1
