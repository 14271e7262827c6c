"""HTTP intake: authenticated per source, stored first, answered fast with a clear reason."""

import json

import pytest
from cast import build_cast
from lxml import etree

from intake.endpoints import endpoint
from scoreline.intake import processing
from scoreline.intake.formats import marktplaats
from scoreline.intake.models import Format, Payload, PayloadStatus
from scoreline.leads.models import Lead

pytestmark = pytest.mark.django_db

SECRET = "portal-signing-secret"
ADF = b"""<?xml version="1.0"?><adf><prospect><id source="site">W-1</id>
<requestdate>2025-03-14T09:55:00+01:00</requestdate><vehicle><make>Kia</make><model>EV3</model>
</vehicle><customer><contact><name part="full">Anna de Vries</name><phone>06-12345678</phone>
</contact></customer></prospect></adf>"""
EVENT = json.dumps({
    "eventId": "evt-1",
    "lead": {"id": "L-1", "createdAt": "2025-03-14T09:55:00+01:00",
             "buyer": {"name": "Anna de Vries", "phone": "0612345678"},
             "ad": {"make": "Kia", "model": "Niro"}},
}).encode()  # fmt: skip


@pytest.fixture
def cast():
    return build_cast()


def post(client, token: str, body: bytes, content_type: str = "application/xml", **headers):
    return client.post(f"/intake/{token}/", body, content_type=content_type, headers=headers)


def test_an_adf_post_is_stored_answered_and_then_imported_assigned(client, cast):
    _, token = endpoint(cast.noord, cast.website)
    response = post(client, token, ADF)
    assert response.status_code == 202
    answer = response.json()
    assert answer["status"] == "accepted" and answer["leads"] == 1
    payload = Payload.objects.get(pk=answer["payload"])
    assert bytes(payload.body) == ADF and payload.status == PayloadStatus.PENDING
    assert Lead.objects.count() == 0  # the import is the worker's job
    assert processing.process_pending() == 1
    lead = Lead.objects.get()
    assert lead.assigned_to in (cast.sanne, cast.bram)
    assert lead.intake_results.get().payload == payload


def test_a_webhook_delivered_twice_is_one_lead(client, cast):
    _, token = endpoint(cast.noord, cast.marktplaats, Format.MARKTPLAATS, SECRET)
    signature = {"X-Ecg-Signature": marktplaats.sign(EVENT, SECRET)}
    first = post(client, token, EVENT, "application/json", **signature)
    second = post(client, token, EVENT, "application/json", **signature)
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["status"] == "duplicate"
    processing.process_pending()
    assert Lead.objects.count() == 1
    assert Payload.objects.count() == 2  # the second delivery is kept too, marked duplicate


def test_a_bad_signature_is_refused_but_the_body_is_kept(client, cast):
    _, token = endpoint(cast.noord, cast.marktplaats, Format.MARKTPLAATS, SECRET)
    response = post(client, token, EVENT, "application/json", **{"X-Ecg-Signature": "00" * 32})
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "bad_signature"
    payload = Payload.objects.get()
    assert payload.status == PayloadStatus.REJECTED and "does not match" in payload.error
    assert processing.process_pending() == 0


def test_an_unknown_token_is_404_and_stores_nothing(client, cast):
    response = post(client, "no-such-token", ADF)
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "unknown_endpoint"
    assert Payload.objects.count() == 0


def test_malformed_xml_is_400_with_line_and_kept_as_failed(client, cast):
    _, token = endpoint(cast.noord, cast.website)
    response = post(client, token, b"<adf>\n<prospect>\n</adf>")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "malformed" and error["where"].startswith("line 3")
    assert Payload.objects.get().status == PayloadStatus.FAILED


def test_an_xml_bomb_is_refused_fast_with_its_own_error(client, cast):
    _, token = endpoint(cast.noord, cast.website)
    bomb = b'<!DOCTYPE adf [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><adf>&b;</adf>'
    response = post(client, token, bomb)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "hostile"


def test_an_oversized_body_is_413(client, cast):
    _, token = endpoint(cast.noord, cast.website, Format.JSON)
    response = post(client, token, b"[" + b"{}," * 400_000 + b"{}]", "application/json")
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "too_large"


def test_a_lead_without_requestdate_is_422_and_named(client, cast):
    _, token = endpoint(cast.noord, cast.website)
    body = ADF.replace(b"<requestdate>2025-03-14T09:55:00+01:00</requestdate>", b"")
    response = post(client, token, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "missing_request_date"


def test_doorlinkenvoorraad_gets_its_success_document(client, cast, fixture_bytes):
    _, token = endpoint(cast.noord, cast.website, Format.DOORLINKEN)
    body = fixture_bytes("08_NL_doorlinkenvoorraad_lead-1.2_xml_not_adf.xml")
    response = post(client, token, body)
    assert response.status_code == 202
    assert etree.fromstring(response.content).findtext("success") == "1"
    refusal = post(client, token, b"<lead><id>1</lead>")
    assert refusal.status_code == 400
    assert etree.fromstring(refusal.content).findtext("success") == "0"
    processing.process_pending()
    lead = Lead.objects.get()
    assert lead.person.email == "john.doe@hotmail.com" and lead.message.startswith("I’d like")


def test_only_post_is_allowed(client, cast):
    _, token = endpoint(cast.noord, cast.website)
    assert client.get(f"/intake/{token}/").status_code == 405


def test_a_call_log_webhook_becomes_call_activities_on_the_lead(client, cast):
    from scoreline.followup.models import Activity
    from scoreline.intake.models import CallMatch, PhoneCall

    _, adf_token = endpoint(cast.noord, cast.website)
    post(client, adf_token, ADF)
    processing.process_pending()
    _, token = endpoint(cast.noord, cast.website, Format.CALLS)
    calls = [
        {
            "started_at": "2025-03-14T10:30:00+01:00",
            "direction": "in",
            "from_number": "06 12345678",
            "to_number": "020-1234567",
            "answered": True,
            "duration_s": 75,
            "agent": "bram",
        },
        {
            "started_at": "2025-03-14T10:40:00+01:00",
            "direction": "out",
            "from_number": "020-1234567",
            "to_number": "0687654321",
            "answered": False,
            "duration_s": 0,
            "agent": "sanne",
        },
    ]
    response = post(client, token, json.dumps(calls).encode(), "application/json")
    assert response.status_code == 202
    processing.process_pending()
    call = Activity.objects.get()
    assert (call.direction, call.outcome, call.duration_s, call.by) == (
        "in",
        "reached",
        75,
        cast.bram,
    )
    payload = Payload.objects.get(format=Format.CALLS)
    assert payload.status == PayloadStatus.DONE  # the second number has no lead: kept, listed
    unmatched = PhoneCall.objects.get(match=CallMatch.UNMATCHED)
    assert (unmatched.number, unmatched.person) == ("+31687654321", cast.sanne)


def test_the_admin_shows_a_failed_payload_with_its_error(admin_client, cast):
    _, token = endpoint(cast.noord, cast.website)
    post(admin_client, token, b"<adf><prospect></adf>")
    payload = Payload.objects.get()
    page = admin_client.get(f"/admin/intake/payload/{payload.pk}/change/")
    assert page.status_code == 200
    assert "malformed XML" in page.content.decode()
    listing = admin_client.get("/admin/intake/payload/?status__exact=failed")
    assert "malformed XML" in listing.content.decode()


def test_an_endpoint_added_on_the_command_line_takes_leads_at_its_url(client, cast):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "intake", "endpoint", "--dealer", "noord", "--source", "website", "--format", "json",
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    url = json.loads(out.getvalue())[0]["file"]
    response = client.post(url, ADF, content_type="application/xml")
    assert response.status_code == 202
    assert Payload.objects.get().endpoint.source == cast.website


def _document(names: list[str]) -> bytes:
    """A JSON lead document, one lead per first name (written as raw JSON text, escapes kept)."""
    leads = [
        f'{{"lead_id": "P-{i}", "received_at": "2025-03-14T09:55:00+01:00", '
        f'"first_name": "{name}", "email": "p{i}@example.nl"}}'
        for i, name in enumerate(names)
    ]
    return ('{"leads": [' + ", ".join(leads) + "]}").encode()


@pytest.mark.parametrize("poison", ["\\ud800", "Eva\\u0000"])
@pytest.mark.parametrize("size", [3, 60])  # one lead at a time, and in bulk
def test_one_poisoned_lead_is_refused_on_its_own_and_the_good_ones_arrive(
    client, cast, poison, size
):
    _, token = endpoint(cast.noord, cast.website, Format.JSON)
    names = ["Anna"] * size
    names[1] = poison
    response = post(client, token, _document(names), "application/json")

    assert response.status_code == 422, response.content
    assert response.json()["status"] == "partly refused"
    processing.process_pending()
    payload = Payload.objects.get()
    refused = payload.results.get(status="refused")
    assert (refused.where, refused.error_code) == ("$.leads[1]/customer.first_name", "bad_value")
    assert Lead.objects.count() == size - 1
    assert bytes(payload.body) == _document(names)
    assert processing.retry(payload) and processing.process_pending() == 1
    assert Lead.objects.count() == size - 1


DEEP = b"[" * 100_000 + b"]" * 100_000
LONG_NUMBER = b'{"leads": [{"first_name": "Anna", "phone": ' + b"9" * 5_000 + b"}]}"


def test_a_deeply_nested_webhook_body_is_checked_for_its_signature_not_a_500(client, cast):
    _, token = endpoint(cast.noord, cast.marktplaats, Format.MARKTPLAATS, SECRET)

    response = post(client, token, DEEP, "application/json", **{"X-Ecg-Signature": "forged"})

    assert response.status_code == 401
    assert Payload.objects.get().status == PayloadStatus.REJECTED


def test_a_json_number_of_5000_digits_is_a_clear_400(client, cast):
    _, token = endpoint(cast.noord, cast.website, Format.JSON)

    response = post(client, token, LONG_NUMBER, "application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "malformed"
    assert "too long" in response.json()["errors"][0]["problem"]


def test_a_big_document_is_only_stored_in_the_request_and_read_by_the_worker(client, cast):
    from scoreline.intake.receiving import CHECK_IN_REQUEST

    _, token = endpoint(cast.noord, cast.website)
    prospect = ADF.split(b"<adf>")[1].split(b"</adf>")[0]
    body = b"<adf>" + prospect * (CHECK_IN_REQUEST // len(prospect) + 1) + b"</adf>"

    response = post(client, token, body)

    assert response.status_code == 202
    assert response.json()["leads"] == 0  # not read yet
    assert Payload.objects.get().status == PayloadStatus.PENDING
    processing.process_pending()
    assert Payload.objects.get().status == PayloadStatus.DONE
    assert Lead.objects.count() == 1  # the same lead, sent many times
