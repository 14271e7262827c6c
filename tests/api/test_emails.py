"""POST /leads/{id}/emails sends through `messages.send_email`, like the lead page: logged only
once the dealer's mail server (a real one on localhost) took it, and at most once per key."""

import json

from django.test import Client
from followup.smtp import local_smtp
from security.seeded import SeededCast as Cast

from scoreline.dealers.models import MailSecurity, MailSettings
from scoreline.followup.models import Activity, Evidence
from scoreline.leads.models import Lead


def _send(client: Client, cast: Cast, lead: Lead, body: dict, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/leads/{lead.pk}/emails",
        json.dumps(body),
        content_type="application/json",
        **cast.bearer("noord_write"),
        **headers,
    )


def _own_server(lead: Lead, port: int) -> None:
    MailSettings.objects.create(
        dealer=lead.dealer,
        host="127.0.0.1",
        port=port,
        security=MailSecurity.NONE,
        from_address="verkoop@noord.example.nl",
    )


def test_an_email_sent_through_the_api_is_logged_with_its_message_id(
    client: Client, cast: Cast
) -> None:
    lead = cast.noord_leads[0]
    with local_smtp() as server:
        _own_server(lead, server.port)
        response = _send(
            client, cast, lead, {"subject": "Uw offerte", "body": "Zie bijlage.", "by": "sanne"}
        )

    assert response.status_code == 201, response.content
    body = response.json()
    (message,) = server.messages
    assert message["Message-ID"] == body["message_id"]
    assert message.get_content().strip() == "Zie bijlage."
    assert body["to"] == lead.person.email and body["activity"]["by"] == "sanne"
    activity = Activity.objects.get(pk=body["activity"]["id"])
    assert (activity.external_id, activity.evidence) == (
        body["message_id"],
        Evidence.SCORELINE_MAIL,
    )


def test_a_failing_mail_server_answers_502_and_logs_nothing(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    before = lead.activities.count()
    with local_smtp(refusing="554 5.7.1 Rejected by policy") as server:
        _own_server(lead, server.port)
        response = _send(client, cast, lead, {"subject": "Uw offerte", "body": "Zie bijlage."})

    assert response.status_code == 502
    assert response.json()["code"] == "mail_not_sent"
    assert "554" in response.json()["message"]
    assert lead.activities.count() == before


def test_a_retried_request_with_its_key_sends_once(client: Client, cast: Cast) -> None:
    lead = cast.noord_leads[0]
    with local_smtp() as server:
        _own_server(lead, server.port)
        first = _send(
            client, cast, lead, {"subject": "Hallo", "body": "Hoi"}, HTTP_IDEMPOTENCY_KEY="k1"
        )
        again = _send(
            client, cast, lead, {"subject": "Hallo", "body": "Hoi"}, HTTP_IDEMPOTENCY_KEY="k1"
        )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["message_id"] == first.json()["message_id"]
    assert len(server.messages) == 1
