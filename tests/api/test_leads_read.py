"""Reading leads through the API: only the token's dealers, filtered and paged."""

from datetime import UTC, timedelta

from django.test import Client
from security.seeded import SeededCast as Cast


def test_a_token_lists_its_dealers_leads_newest_first(client: Client, cast: Cast) -> None:
    response = client.get("/api/v1/leads", **cast.bearer("noord_read"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(cast.noord_leads)
    received = [item["received_at"] for item in body["items"]]
    assert received == sorted(received, reverse=True)
    assert {item["dealer"] for item in body["items"]} == {"noord"}


def test_pages_follow_limit_and_offset_without_overlap(client: Client, cast: Cast) -> None:
    first = client.get("/api/v1/leads?limit=2", **cast.bearer("noord_read")).json()
    second = client.get("/api/v1/leads?limit=2&offset=2", **cast.bearer("noord_read")).json()

    ids = [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]]
    assert len(first["items"]) == 2
    assert sorted(ids) == sorted(lead.pk for lead in cast.noord_leads)


def test_filters_narrow_the_list_and_its_count(client: Client, cast: Cast) -> None:
    newest = cast.noord_leads[-1]
    query = f"received_from={newest.received_at.isoformat().replace('+', '%2B')}"

    body = client.get(f"/api/v1/leads?{query}", **cast.bearer("noord_read")).json()

    assert body["count"] == 1
    assert body["items"][0]["id"] == newest.pk


def test_filtering_on_another_dealer_yields_nothing(client: Client, cast: Cast) -> None:
    body = client.get("/api/v1/leads?dealer=zuid", **cast.bearer("noord_read")).json()

    assert body == {"count": 0, "limit": 50, "offset": 0, "items": []}


def test_one_lead_reads_with_its_person(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]

    body = client.get(f"/api/v1/leads/{lead.pk}", **cast.bearer("noord_read")).json()

    assert body["person"]["email"] == lead.person.email
    assert body["assigned_to"] == "sanne"


def test_another_dealers_lead_is_not_found(client: Client, cast: Cast) -> None:
    response = client.get(f"/api/v1/leads/{cast.zuid_lead.pk}", **cast.bearer("noord_read"))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_a_missing_or_revoked_token_is_refused(client: Client, cast: Cast) -> None:
    from scoreline.api.tokens import revoke_token

    revoke_token(cast.token_rows["noord_read"])

    assert client.get("/api/v1/leads").status_code == 401
    response = client.get("/api/v1/leads", **cast.bearer("noord_read"))
    assert response.status_code == 401
    assert response.json()["field"] == "Authorization"


def test_a_bad_filter_names_the_field(client: Client, cast: Cast) -> None:
    response = client.get("/api/v1/leads?limit=100000", **cast.bearer("noord_read"))

    assert response.status_code == 422
    assert response.json()["field"] == "limit"


def test_a_moment_is_read_as_its_instant_whatever_its_offset(client: Client, cast: Cast) -> None:
    """Python reads offsets up to ±23:59 and PostgreSQL only to ±15:59: the filter is
    compared as the UTC instant it names."""
    newest = cast.noord_leads[-1].received_at.astimezone(UTC)
    far_west = (newest - timedelta(hours=20, minutes=52)).strftime("%Y-%m-%dT%H:%M:%S.%f")

    body = client.get(
        f"/api/v1/leads?received_from={far_west}-20:52", **cast.bearer("noord_read")
    ).json()

    assert [item["id"] for item in body["items"]] == [cast.noord_leads[-1].pk]


def test_a_nul_in_a_filter_is_refused_naming_the_field(client: Client, cast: Cast) -> None:
    """PostgreSQL cannot compare text holding NUL: refused before it reaches the database."""
    response = client.get("/api/v1/leads?source=web%00site", **cast.bearer("noord_read"))

    assert response.status_code == 422
    assert response.json()["field"] == "source"
    assert "'\\x00'" in response.json()["message"]


def test_a_signed_in_person_reads_through_the_session(client: Client, cast: Cast) -> None:
    client.force_login(cast.olaf)

    body = client.get("/api/v1/leads").json()

    assert {item["dealer"] for item in body["items"]} == {"zuid"}
