"""An Idempotency-Key makes a retried POST harmless; reusing it for another request is an error."""

import json

from django.test import Client
from security.seeded import SeededCast as Cast

from scoreline.leads.models import Lead

LEAD = {"dealer": "noord", "source": "website", "email": "eva@example.com"}


def _post(client: Client, cast: Cast, body: dict, key: str, token: str = "noord_write"):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/leads",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **cast.bearer(token),
    )


def test_a_retry_replays_the_first_answer_and_creates_nothing(client: Client, cast: Cast) -> None:
    first = _post(client, cast, LEAD, "k-1")
    retry = _post(client, cast, LEAD, "k-1")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Lead.objects.filter(person__email="eva@example.com").count() == 1


def test_the_same_key_with_another_body_is_a_conflict(client: Client, cast: Cast) -> None:
    _post(client, cast, LEAD, "k-2")

    response = _post(client, cast, {**LEAD, "email": "fay@example.com"}, "k-2")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert not Lead.objects.filter(person__email="fay@example.com").exists()


def test_a_refused_request_may_be_retried_with_its_key_after_a_fix(
    client: Client, cast: Cast
) -> None:
    refused = _post(client, cast, {"dealer": "noord", "source": "website"}, "k-3")
    fixed = _post(client, cast, {"dealer": "noord", "source": "website"}, "k-3")

    assert refused.status_code == fixed.status_code == 422
    assert "Idempotent-Replayed" not in fixed


def test_keys_belong_to_their_token(client: Client, cast: Cast) -> None:
    noord = _post(client, cast, LEAD, "shared-key")
    zuid = _post(client, cast, {**LEAD, "dealer": "zuid"}, "shared-key", token="zuid_write")

    assert noord.status_code == zuid.status_code == 201
    assert noord.json()["lead"]["id"] != zuid.json()["lead"]["id"]


def test_an_overlong_key_is_refused(client: Client, cast: Cast) -> None:
    response = _post(client, cast, LEAD, "k" * 201)

    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
