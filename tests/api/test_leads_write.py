"""Receiving leads and changing their status through the API, behind the same guard as pages."""

import json

import pytest
from django.apps import apps
from django.test import Client
from security.seeded import SeededCast as Cast

from scoreline.leads.models import Lead, LeadStatus

# Anna's lead arrived on 10 March 2025; she writes again within the 30 days.
ANNA_AGAIN = {
    "dealer": "noord",
    "source": "website",
    "email": "ANNA@example.com",
    "received_at": "2025-03-20T10:00:00+01:00",
}
NEW_PERSON = {
    "dealer": "noord",
    "source": "website",
    "first_name": "Dirk",
    "last_name": "Bakker",
    "phone": "06-87654321",
    "vehicle_make": "Kia",
    "vehicle_model": "Niro",
    "vehicle_condition": "used",
    "lead_id": "web-4711",
}


def post(client: Client, path: str, body: dict, cast: Cast, token: str = "noord_write", **h):  # type: ignore[no-untyped-def]
    return client.post(
        path, json.dumps(body), content_type="application/json", **cast.bearer(token), **h
    )


def test_a_new_person_becomes_a_new_lead_stored_raw_first(client: Client, cast: Cast) -> None:
    response = post(client, "/api/v1/leads", NEW_PERSON, cast)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["result"] == "created"
    assert body["lead"]["person"]["phone"] == "+31687654321"
    assert body["lead"]["vehicle_condition"] == "used"
    Payload = apps.get_model("intake", "Payload")
    assert Payload.objects.filter(channel="api", dealer=cast.noord).count() == 1


def test_a_known_person_is_a_repeat_not_a_second_lead(client: Client, cast: Cast) -> None:
    before = Lead.objects.count()

    response = post(client, "/api/v1/leads", ANNA_AGAIN, cast)

    assert response.status_code == 200
    assert response.json()["result"] == "repeat"
    assert response.json()["lead"]["id"] == cast.noord_leads[0].pk
    assert Lead.objects.count() == before


def test_the_same_person_after_the_window_is_a_new_lead(client: Client, cast: Cast) -> None:
    late = {**ANNA_AGAIN, "received_at": "2025-05-20T10:00:00+02:00"}

    response = post(client, "/api/v1/leads", late, cast)

    assert response.status_code == 201
    assert response.json()["lead"]["id"] != cast.noord_leads[0].pk


def test_a_resent_lead_id_is_counted_once(client: Client, cast: Cast) -> None:
    first = post(client, "/api/v1/leads", NEW_PERSON, cast).json()
    again = post(client, "/api/v1/leads", {**NEW_PERSON, "comments": "resend"}, cast)

    assert again.json()["result"] == "duplicate"
    assert again.json()["lead"]["id"] == first["lead"]["id"]
    assert Lead.objects.filter(person__phone="+31687654321").count() == 1


def test_a_lead_nobody_can_follow_up_is_refused_with_the_reason(client: Client, cast: Cast) -> None:
    response = post(client, "/api/v1/leads", {"dealer": "noord", "source": "website"}, cast)

    assert response.status_code == 422
    assert response.json()["code"] == "no_contact"
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_source_names_the_field(client: Client, cast: Cast) -> None:
    response = post(client, "/api/v1/leads", {**NEW_PERSON, "source": "carrier-pigeon"}, cast)

    assert response.status_code == 422
    assert response.json()["field"] == "source"


@pytest.mark.parametrize("unstorable", ["\x00", "\ud800"], ids=["NUL", "lone surrogate"])
def test_text_no_database_stores_is_refused_naming_the_field(
    client: Client, cast: Cast, unstorable: str
) -> None:
    before = Lead.objects.count()

    body = {**NEW_PERSON, "last_name": f"de{unstorable}Vries"}
    response = post(client, "/api/v1/leads", body, cast)

    assert response.status_code == 422
    assert response.json()["field"] == "last_name"
    assert Lead.objects.count() == before


def test_a_read_only_token_may_not_create(client: Client, cast: Cast) -> None:
    response = post(client, "/api/v1/leads", NEW_PERSON, cast, token="noord_read")

    assert response.status_code == 403
    assert response.json()["code"] == "read_only"


def test_creating_at_another_dealer_is_not_found(client: Client, cast: Cast) -> None:
    response = post(client, "/api/v1/leads", {**NEW_PERSON, "dealer": "zuid"}, cast)

    assert response.status_code == 404
    assert response.json()["field"] == "dealer"
    assert not Lead.objects.filter(person__phone="+31687654321").exists()


def test_closing_lost_without_the_effort_says_what_is_missing(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]

    response = post(
        client,
        f"/api/v1/leads/{lead.pk}/status",
        {"status": "lost", "lost_reason": "not-reached"},
        cast,
    )

    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "follow_up_standard_not_met"
    assert problem["missing"] and "call attempt" in " ".join(problem["missing"])
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.OPEN


def test_a_token_cannot_override_the_standard(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    body = {"status": "lost", "lost_reason": "not-reached", "override_reason": "moved abroad"}

    response = post(client, f"/api/v1/leads/{lead.pk}/status", body, cast)

    assert response.status_code == 403
    assert response.json()["field"] == "override_reason"


def test_a_signed_in_manager_overrides_with_a_reason(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.marco)
    lead = cast.noord_leads[0]
    body = {"status": "lost", "lost_reason": "not-reached", "override_reason": "moved abroad"}

    response = client.post(
        f"/api/v1/leads/{lead.pk}/status", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "lost"
    assert response.json()["closed_without_standard"] is True


def test_a_session_post_without_the_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.marco)

    response = client.post(
        f"/api/v1/leads/{cast.noord_leads[0].pk}/status",
        json.dumps({"status": "won"}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Lead.objects.get(pk=cast.noord_leads[0].pk).status == LeadStatus.OPEN


def test_a_won_lead_is_won_and_can_be_reopened(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[1]

    won = post(client, f"/api/v1/leads/{lead.pk}/status", {"status": "won"}, cast)
    reopened = post(client, f"/api/v1/leads/{lead.pk}/status", {"status": "open"}, cast)
    again = post(client, f"/api/v1/leads/{lead.pk}/status", {"status": "open"}, cast)

    assert won.json()["status"] == "won"
    assert reopened.json()["status"] == "open"
    assert again.status_code == 422
    assert again.json()["code"] == "invalid_change"


def test_lost_needs_a_reason(client: Client, cast: Cast) -> None:
    response = post(
        client, f"/api/v1/leads/{cast.noord_leads[0].pk}/status", {"status": "lost"}, cast
    )

    assert response.status_code == 422
    assert response.json()["field"] == "lost_reason"


def test_an_unknown_status_names_the_field(client: Client, cast: Cast) -> None:
    response = post(
        client, f"/api/v1/leads/{cast.noord_leads[0].pk}/status", {"status": "sold"}, cast
    )

    assert response.status_code == 422
    assert response.json()["field"] == "status"


def test_a_write_token_cannot_call_an_untouched_lead_spam(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    spam = {"status": "spam", "reason": "looks fake", "at": "2025-03-11T10:00:00+01:00"}

    response = post(client, f"/api/v1/leads/{lead.pk}/status", spam, cast)

    assert response.status_code == 403, response.content
    assert response.json()["code"] == "override_not_allowed"
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_a_sale_won_and_reopened_through_the_api_does_not_open_the_guard(
    client: Client, cast: Cast
) -> None:
    lead = cast.noord_leads[0]
    path = f"/api/v1/leads/{lead.pk}/status"
    won = post(client, path, {"status": "won", "at": "2025-03-11T10:00:00+01:00"}, cast)
    reopened = post(client, path, {"status": "open", "at": "2025-03-11T10:05:00+01:00"}, cast)
    lost = {"status": "lost", "lost_reason": "not-reached", "at": "2025-03-11T10:10:00+01:00"}

    response = post(client, path, lost, cast)

    assert (won.status_code, reopened.status_code) == (200, 200)
    assert response.status_code == 409, response.content
    lead.refresh_from_db()
    assert (lead.status, lead.contacted_at) == (LeadStatus.OPEN, None)
