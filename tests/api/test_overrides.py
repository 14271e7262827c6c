"""Override requests through the API: the same actions as the pages, by signed-in people."""

import json

from django.test import Client
from security.seeded import SeededCast as Cast

from scoreline.leads.models import Lead, LeadStatus


def _as(cast: Cast, name: str) -> Client:
    client = Client()
    client.force_login(getattr(cast, name))
    return client


def _post(client: Client, path: str, body: dict, **headers):  # type: ignore[no-untyped-def]
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def _ask(cast: Cast) -> dict:
    lead = cast.noord_leads[0]
    body = {"lost_reason": "not-reached", "why": "Moved abroad, said his neighbour"}
    response = _post(_as(cast, "sanne"), f"/api/v1/leads/{lead.pk}/override-requests", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_salesperson_asks_and_the_manager_approves(cast: Cast) -> None:
    asked = _ask(cast)
    assert (asked["state"], asked["requested_by"]) == ("pending", "sanne")

    response = _post(_as(cast, "marco"), f"/api/v1/override-requests/{asked['id']}/approve", {})

    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["decided_by"]) == ("approved", "marco")
    lead = Lead.objects.get(pk=asked["lead"])
    assert lead.status == LeadStatus.LOST and lead.closed_without_standard


def test_a_refusal_needs_a_reason_and_only_a_manager_decides(cast: Cast) -> None:
    asked = _ask(cast)
    path = f"/api/v1/override-requests/{asked['id']}/refuse"

    assert _post(_as(cast, "sanne"), path, {"answer": "no"}).status_code == 403
    assert _post(_as(cast, "olaf"), path, {"answer": "no"}).status_code == 404
    empty = _post(_as(cast, "marco"), path, {"answer": " "})
    assert empty.status_code == 422 and "needs a reason" in empty.json()["message"]
    refused = _post(_as(cast, "marco"), path, {"answer": "Call him once more"})
    assert refused.json()["state"] == "refused"
    assert Lead.objects.get(pk=asked["lead"]).status == LeadStatus.OPEN


def test_a_bare_token_does_not_ask(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    body = {"lost_reason": "not-reached", "why": "x"}
    response = _post(
        client, f"/api/v1/leads/{lead.pk}/override-requests", body, **cast.bearer("noord_write")
    )
    assert response.status_code == 403
    assert response.json()["code"] == "person_required"
