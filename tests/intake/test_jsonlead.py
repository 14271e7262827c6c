"""The plain JSON lead API: one object, a list, or {"leads": [...]}, in the exchange's words."""

import contextlib
import json
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoreline.intake.errors import BadDate, BadValue, IntakeError, TooLarge
from scoreline.intake.formats import jsonlead, marktplaats
from scoreline.intake.formats.parsed import LeadStatus, PhoneType

ANNA = {
    "lead_id": "web-4711",
    "received_at": "2025-03-14T21:05:00",
    "first_name": "Anna",
    "last_name": "de Vries",
    "email": "anna@example.nl",
    "phones": [{"number": "06-12345678", "type": "cellphone"}],
    "phone": "030-1234567",
    "vehicle": {
        "make": "Kia",
        "model": "Niro",
        "condition": "used",
        "year": 2022,
        "mileage": "41.000",
        "price": "27.950",
        "currency": "eur",
    },
    "trade_in": {"make": "Volkswagen", "model": "Golf", "year": "2015"},
    "comments": "Call after six",
    "campaign": "Spring",
}


def test_one_lead_object_gives_every_field():
    (lead,) = jsonlead.parse(json.dumps(ANNA).encode())
    lead.check()
    assert lead.provider_lead_id == "web-4711"
    assert lead.request_time == datetime(2025, 3, 14, 21, 5)
    assert lead.customer.display_name == "Anna de Vries"
    assert [(p.number, p.type) for p in lead.customer.phones] == [
        ("06-12345678", PhoneType.CELLPHONE),
        ("030-1234567", PhoneType.VOICE),
    ]
    assert (lead.interest.make, lead.interest.status, lead.interest.odometer) == (
        "Kia",
        "used",
        41000,
    )
    assert lead.interest.price.amount == Decimal("27950")
    assert lead.trade_ins[0].model == "Golf" and lead.trade_ins[0].year == 2015
    assert lead.comments == "Call after six"
    assert lead.extra == {"campaign": "Spring"}


def test_a_list_under_leads_with_flat_exchange_columns_and_a_resend():
    flat = {
        "received_at": "2025-03-15",
        "email": "b@example.nl",
        "vehicle_make": "Kia",
        "vehicle_model": "EV3",
        "vehicle_condition": "new",
        "status": "resend",
    }
    first, second = jsonlead.parse(json.dumps({"leads": [ANNA, flat]}).encode())
    assert first.where == "$.leads[0]" and second.where == "$.leads[1]"
    assert (second.interest.make, second.interest.model, second.interest.status) == (
        "Kia",
        "EV3",
        "new",
    )
    assert second.status is LeadStatus.RESEND


def test_broken_dates_and_wrong_types_name_their_place():
    (lead,) = jsonlead.parse(b'[{"received_at": "14/03/2025", "email": "a@b.nl"}]')
    with pytest.raises(BadDate, match=r"'14/03/2025'.*\$\[0\]/requestdate"):
        lead.check()
    with pytest.raises(BadValue, match=r"each lead must be a JSON object.*\$\[1\]"):
        jsonlead.parse(b'[{"email": "a@b.nl"}, 3]')
    with pytest.raises(BadValue, match=r"email must be text.*\$\.email"):
        jsonlead.parse(b'{"email": {"x": 1}}')


def test_an_oversized_body_is_refused_before_parsing():
    with pytest.raises(TooLarge, match="limit is 1,048,576"):
        jsonlead.parse(b"[" + b'{"a": 1},' * 200_000 + b"{}]")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["email", "phones", "phone", "vehicle", "leads", "received_at", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(value=JSON_VALUES)
def test_any_json_is_read_or_refused_with_a_named_error(value):
    body = json.dumps(value).encode()
    for parse in (jsonlead.parse, marktplaats.parse):
        try:
            leads = parse(body)
        except IntakeError as error:
            assert error.problem
            continue
        for lead in leads:
            with contextlib.suppress(IntakeError):
                lead.check()
