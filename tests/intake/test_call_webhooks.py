"""Twilio-style callbacks and Scoreline's JSON call event: signed, stored first, idempotent."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from cast import build_cast
from django.utils import timezone

from intake.endpoints import endpoint
from scoreline.followup.models import Activity, CallOutcome, Evidence
from scoreline.intake import processing
from scoreline.intake.errors import BadSignature
from scoreline.intake.formats import callevent, twilio
from scoreline.intake.models import CallMatch, Extension, Format, Payload, PayloadStatus, PhoneCall
from scoreline.leads.models import Lead, Source

pytestmark = pytest.mark.django_db

AUTH_TOKEN = "12345"
SECRET = "call-event-secret"


@pytest.fixture
def cast():
    return build_cast()


@pytest.fixture
def phone(cast):
    return Source.objects.create(name="Phone", slug="phone")


def test_twilio_signature_matches_twilios_documented_example():
    """The example of Twilio's security page: auth token 12345, this URL and these params."""
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    form = {
        "CallSid": ["CA1234567890ABCDE"],
        "Caller": ["+12349013030"],
        "Digits": ["1234"],
        "From": ["+12349013030"],
        "To": ["+18005551212"],
    }
    assert twilio.signature(url, form, AUTH_TOKEN) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def callback(**fields):
    form = {
        "AccountSid": "AC0001",
        "CallSid": "CA42",
        "From": "+31655555555",
        "To": "+31301234567",
        "CallStatus": "completed",
        "Direction": "inbound",
        "CallDuration": "64",
        "Timestamp": "Fri, 14 Mar 2025 10:31:04 +0000",
    }
    form.update(fields)
    return urlencode(form).encode()


def post_twilio(client, token, body, *, url=None, token_for_signing=AUTH_TOKEN):
    url = url or f"http://testserver/intake/{token}/"
    signature = twilio.signature(url, twilio.params(body), token_for_signing)
    return client.post(
        f"/intake/{token}/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )


def test_a_signed_twilio_callback_is_stored_and_an_unknown_caller_becomes_a_phone_lead(
    client, cast, phone
):
    _, token = endpoint(cast.noord, phone, Format.TWILIO, AUTH_TOKEN)
    Extension.objects.create(dealer=cast.noord, number="+31301234567", person=cast.sanne)
    response = post_twilio(client, token, callback())
    assert response.status_code == 202, response.json()
    assert processing.process_pending() == 1
    lead = Lead.objects.get()
    assert lead.source == phone and lead.person.phone == "+31655555555"
    call = lead.activities.get()
    assert (call.evidence, call.outcome, call.duration_s, call.by) == (
        Evidence.PHONE_SYSTEM,
        CallOutcome.REACHED,
        64,
        cast.sanne,
    )
    assert call.at == datetime(2025, 3, 14, 10, 30, tzinfo=UTC)  # the end less the duration
    replay = post_twilio(client, token, callback())
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    processing.process_pending()
    assert Activity.objects.count() == 1 and PhoneCall.objects.get().match == CallMatch.NEW_LEAD


def test_progress_callbacks_are_kept_and_the_final_one_records_the_call(client, cast, phone):
    _, token = endpoint(cast.noord, phone, Format.TWILIO, AUTH_TOKEN)
    for status in ("ringing", "in-progress", "no-answer"):
        body = callback(CallStatus=status, CallDuration="0")
        assert post_twilio(client, token, body).status_code == 202
    processing.process_pending()
    assert Payload.objects.filter(status=PayloadStatus.DONE).count() == 3
    assert PhoneCall.objects.get().answered is False
    assert Activity.objects.get().outcome == CallOutcome.NO_ANSWER


@pytest.mark.parametrize(
    "how",
    ["wrong token", "other URL", "body changed", "no signature"],
)
def test_a_twilio_callback_is_refused_when_the_signature_or_url_differs(client, cast, phone, how):
    _, token = endpoint(cast.noord, phone, Format.TWILIO, AUTH_TOKEN)
    body = callback()
    if how == "wrong token":
        response = post_twilio(client, token, body, token_for_signing="other")
    elif how == "other URL":
        response = post_twilio(client, token, body, url=f"https://elsewhere.nl/intake/{token}/")
    elif how == "body changed":
        url = f"http://testserver/intake/{token}/"
        signature = twilio.signature(url, twilio.params(body), AUTH_TOKEN)
        response = client.post(
            f"/intake/{token}/",
            callback(CallDuration="640"),
            content_type="application/x-www-form-urlencoded",
            headers={"X-Twilio-Signature": signature},
        )
    else:
        response = client.post(
            f"/intake/{token}/", body, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "bad_signature"
    assert Payload.objects.get().status == PayloadStatus.REJECTED  # kept, never processed
    processing.process_pending()
    assert not PhoneCall.objects.exists()


EVENT = {
    "call_id": "pbx-7731",
    "direction": "out",
    "started_at": "2025-03-14T09:05:00+01:00",
    "remote_number": "0031 6 12345678",
    "extension": "201",
    "answered": True,
    "billable_s": 42,
    "duration_s": 55,
}


def post_event(client, token, event, *, at=None, secret=SECRET):
    body = json.dumps(event).encode()
    header = callevent.sign(body, secret, at or timezone.now())
    return client.post(
        f"/intake/{token}/",
        body,
        content_type="application/json",
        headers={"X-Scoreline-Signature": header},
    )


def test_a_signed_json_call_event_is_matched_to_the_open_lead(client, cast, phone):
    body = processing.json_lead(
        {"first_name": "Anna", "phone": "06 12345678"}, datetime(2025, 3, 13, tzinfo=UTC)
    )
    processing.take_in(body, channel="api", dealer=cast.noord, source=cast.website)
    Extension.objects.create(dealer=cast.noord, number="201", person=cast.bram)
    _, token = endpoint(cast.noord, phone, Format.CALL_EVENT, SECRET)
    response = post_event(client, token, EVENT)
    assert response.status_code == 202, response.json()
    assert post_event(client, token, EVENT).json()["status"] == "duplicate"
    processing.process_pending()
    call = Activity.objects.get()
    assert (call.by, call.outcome, call.duration_s) == (cast.bram, CallOutcome.REACHED, 42)
    assert PhoneCall.objects.get().match == CallMatch.MATCHED


@pytest.mark.parametrize("how", ["old timestamp", "wrong secret"])
def test_a_json_call_event_is_refused_when_replayed_late_or_signed_wrongly(
    client, cast, phone, how
):
    _, token = endpoint(cast.noord, phone, Format.CALL_EVENT, SECRET)
    if how == "old timestamp":
        response = post_event(client, token, EVENT, at=timezone.now() - timedelta(minutes=6))
    else:
        response = post_event(client, token, EVENT, secret="guess")
    assert response.status_code == 401
    assert Payload.objects.get().status == PayloadStatus.REJECTED


def test_a_bad_call_event_is_refused_at_once_naming_the_field(client, cast, phone):
    _, token = endpoint(cast.noord, phone, Format.CALL_EVENT, SECRET)
    response = post_event(client, token, {**EVENT, "direction": "sideways"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["where"] == "$.direction"


def test_verify_needs_the_timestamp_and_the_hex():
    with pytest.raises(BadSignature, match="t=<seconds>"):
        callevent.verify(b"{}", "v1=abc", SECRET, timezone.now())


def test_the_call_event_is_documented_in_the_apis_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    fields = schema["components"]["schemas"]["CallEvent"]["properties"]
    assert {"call_id", "direction", "started_at", "remote_number", "answered"} <= set(fields)
    assert "X-Scoreline-Signature" in schema["info"]["description"]
