"""Marktplaats-style webhooks: the signature decides, the event id de-duplicates."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from scoreline.intake.errors import BadSignature, BadValue, MalformedDocument, MissingField
from scoreline.intake.formats import marktplaats

SECRET = "s3cret-shared-with-the-portal"
EVENT = {
    "eventId": "evt-81f2",
    "eventType": "LEAD_CREATED",
    "lead": {
        "id": "L-5521",
        "createdAt": "2025-03-14T21:04:58+01:00",
        "buyer": {"name": "Anna de Vries", "email": "anna@example.nl", "phone": "0612345678"},
        "message": "Is deze auto nog beschikbaar?",
        "ad": {
            "id": "m2034",
            "title": "Kia Niro 1.6 GDi",
            "make": "Kia",
            "model": "Niro",
            "year": 2022,
            "price": 27950,
            "mileage": 41000,
            "licensePlate": "X-123-YZ",
        },
    },
}
BODY = json.dumps(EVENT).encode()


def test_a_signed_event_gives_its_lead_with_the_event_id():
    (lead,) = marktplaats.parse(BODY, secret=SECRET, signature=marktplaats.sign(BODY, SECRET))
    lead.check()
    assert lead.provider_lead_id == "marktplaats:L-5521"
    assert lead.extra["event_id"] == "evt-81f2"
    assert lead.request_time == datetime(2025, 3, 14, 20, 4, 58, tzinfo=UTC)
    assert lead.customer.full_name == "Anna de Vries"
    assert [p.number for p in lead.customer.phones] == ["0612345678"]
    vehicle = lead.interest
    assert (vehicle.make, vehicle.model, vehicle.year, vehicle.odometer) == (
        "Kia",
        "Niro",
        2022,
        41000,
    )
    assert vehicle.price.amount == Decimal("27950") and vehicle.price.currency == "EUR"
    assert vehicle.extra["license_plate"] == "X-123-YZ"
    assert lead.comments == "Is deze auto nog beschikbaar?"


def test_signatures_in_hex_prefixed_hex_and_base64_are_all_accepted():
    digest = hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()
    wrong = hmac.new(b"another secret", BODY, hashlib.sha256).digest()
    notations = [
        lambda d: d.hex().upper(),
        lambda d: "sha256=" + d.hex(),
        lambda d: base64.b64encode(d).decode(),
    ]
    for notation in notations:
        assert marktplaats.verify(BODY, notation(digest), SECRET) is None
        with pytest.raises(BadSignature):
            marktplaats.verify(BODY, notation(wrong), SECRET)


def test_a_wrong_or_missing_signature_is_refused_before_the_body_is_read():
    with pytest.raises(BadSignature, match="does not match"):
        marktplaats.parse(BODY + b" ", secret=SECRET, signature=marktplaats.sign(BODY, SECRET))
    with pytest.raises(BadSignature, match="X-Ecg-Signature header is missing"):
        marktplaats.parse(b"not even json", secret=SECRET, signature=None)


def test_bad_bodies_name_the_problem_and_place():
    with pytest.raises(MalformedDocument, match="line 1, column 2"):
        marktplaats.parse(b"{nope")
    with pytest.raises(MissingField, match=r"no lead object.*\$\.lead"):
        marktplaats.parse(b'{"eventId": "e1"}')
    with pytest.raises(BadValue, match=r"buyer must be an object.*\$\.lead\.buyer"):
        marktplaats.parse(b'{"eventId": "e1", "lead": {"buyer": "Anna"}}')
