"""A fuzz pass over every parser: whatever arrives, a parsed result or a clear IntakeError naming
the place — never another exception, never a 500, and nothing else in the inbox lost.

Inputs: random bytes, the real ADF fixtures with bytes flipped, cut or inserted, and
structured JSON and XML built from the formats' own vocabulary. Bounded for CI.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scoreline.hours.opening import (
    OpeningHoursError,
    format_opening_hours,
    parse_opening_hours,
)
from scoreline.intake import mail
from scoreline.intake.errors import IntakeError
from scoreline.intake.formats import adf, doorlinken, jsonlead, marktplaats
from scoreline.intake.formats.amounts import parse_amount, parse_whole_number
from scoreline.intake.formats.dates import parse_date, parse_timestamp
from scoreline.intake.formats.sniff import sniff
from scoreline.intake.tables import read_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adf"
SAMPLES = sorted(p.read_bytes() for p in FIXTURES.glob("*.xml"))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

LEAD_PARSERS: dict[str, Callable[[bytes], list]] = {
    "adf": adf.parse,
    "doorlinken": doorlinken.parse,
    "jsonlead": jsonlead.parse,
    "marktplaats": marktplaats.parse,
    "marktplaats signed": lambda body: marktplaats.parse(body, secret="s3cret", signature="00"),
    "mail": mail.parse,
}


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real sample with a few bytes flipped, cut or inserted."""
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        how = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if how == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif how == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif how == "insert":
            data[at:at] = draw(
                st.sampled_from([b"<", b"&", b"]]>", b"\x00", b"<!ENTITY x 'y'>", b"\xff\xfe"])
            )
        else:
            del data[at:]
    return bytes(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "lead",
                    "leads",
                    "email",
                    "phone",
                    "phones",
                    "received_at",
                    "lead_id",
                    "vehicle",
                    "first_name",
                    "name",
                    "comments",
                    "make",
                    "price",
                    "mileage",
                    "year",
                    "trade_in",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=20,
)
ADF_TAGS = [
    "adf",
    "prospect",
    "requestdate",
    "customer",
    "contact",
    "name",
    "email",
    "phone",
    "vehicle",
    "year",
    "make",
    "model",
    "vendor",
    "provider",
    "id",
    "comments",
    "lead",
]
xml_trees = st.recursive(
    st.text(alphabet="abc 0123456789-:T+<&", max_size=20).map(
        lambda t: t.replace("&", "&amp;").replace("<", "&lt;")
    ),
    lambda inner: st.tuples(st.sampled_from(ADF_TAGS), st.lists(inner, max_size=3)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"
    ),
    max_leaves=15,
)
anything = (
    st.binary(max_size=3000)
    | mutated()
    | json_values.map(lambda v: json.dumps(v).encode())
    | xml_trees.map(lambda x: f'<?xml version="1.0"?>{x}'.encode())
)


def assert_clear_or_parsed(parse: Callable[[bytes], list], body: bytes) -> None:
    try:
        leads = parse(body)
    except IntakeError as error:
        assert str(error), "an intake error says what is wrong"
        return
    for lead in leads:
        try:
            lead.check()
        except IntakeError as error:
            assert error.where or str(error)
        lead.place()


@pytest.mark.parametrize("name", sorted(LEAD_PARSERS))
@FUZZ
@given(body=anything)
@example(body=b'{"phones": 1}')  # found by this test: a number where a list was expected
@example(body=b'{"lead": {"phones": {"number": 1}}, "eventId": []}')
def test_every_lead_parser_answers_any_bytes_clearly(name: str, body: bytes) -> None:
    assert_clear_or_parsed(LEAD_PARSERS[name], body)


@FUZZ
@given(body=anything)
def test_sniffing_names_a_format_or_refuses(body: bytes) -> None:
    with contextlib.suppress(IntakeError):
        assert sniff(body) in {"adf", "doorlinkenvoorraad", "json", "email"}


CSV_CELLS = st.text(alphabet='abc,;"\n\r\t 0123456789-:+@.é', max_size=20)


@FUZZ
@given(
    header=st.lists(
        st.sampled_from(["lead_id", "dealer", "source", "received_at", "email", "x", ""]),
        max_size=6,
    ),
    rows=st.lists(st.lists(CSV_CELLS, max_size=6), max_size=5),
    raw=st.binary(max_size=300),
)
def test_the_spreadsheet_reader_answers_any_file_clearly(
    header: list[str], rows: list[list[str]], raw: bytes
) -> None:
    text = "\n".join(",".join(cells) for cells in [header, *rows]).encode()
    for data in (text, raw, b"PK\x03\x04" + raw):
        try:
            found = read_rows(data, "leads.csv", required=("received_at",))
        except IntakeError as error:
            assert "leads.csv" in error.where or "leads.csv" in str(error)
            continue
        for row in found:
            assert row.at("email").startswith("leads.csv")


@FUZZ
@given(text=st.text(max_size=60))
def test_the_small_value_parsers_never_raise_anything_else(text: str) -> None:
    for parse in (parse_timestamp, parse_date, parse_amount, parse_whole_number):
        try:
            parse(text)
        except IntakeError as error:  # refused, and saying why; anything else fails the test
            assert str(error)


HOURS_TEXT = st.text(alphabet="MoTuWeThFrSaSuPH 0123456789:-,;offclosed+", max_size=50)


@FUZZ
@given(spec=HOURS_TEXT | st.text(max_size=40))
def test_opening_hours_parse_and_round_trip_or_refuse(spec: str) -> None:
    try:
        schedule = parse_opening_hours(spec)
    except OpeningHoursError as error:
        assert str(error)
        return
    assert parse_opening_hours(format_opening_hours(schedule)) == schedule


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=anything)
@example(body=b"[" * 100_000 + b"]" * 100_000)  # deeper than Python's recursion limit
@example(body=b'{"phone": ' + b"9" * 5_000 + b"}")  # more digits than int() takes
@example(body=b'[{"received_at": "2025-03-14T09:55:00+01:00", "email": "a@b.nl"},'
         b' {"received_at": "2025-03-14T09:55:00+01:00", "email": "a\\ud800@b.nl"}]')  # fmt: skip
def test_hostile_bodies_at_the_intake_leave_the_rest_intact(body: bytes) -> None:
    """Through HTTP and the worker: a clear answer, the body kept, the good lead still there."""
    from django.test import Client

    from scoreline.intake.models import Format, IntakeEndpoint, Payload, PayloadStatus
    from scoreline.intake.processing import process_pending
    from scoreline.leads.models import Lead
    from security.seeded import build_seeded_cast

    if not IntakeEndpoint.objects.exists():
        cast = build_seeded_cast()
        for fmt in (Format.ADF, Format.JSON):
            endpoint = IntakeEndpoint(dealer=cast.noord, source=cast.website, format=fmt)
            token = endpoint.set_token()
            endpoint.save()
            _TOKENS[fmt] = token
        good = Client().post(
            f"/intake/{_TOKENS[Format.ADF]}/", SAMPLES[0], content_type="application/xml"
        )
        assert good.status_code < 300
        process_pending()
        _TOKENS["leads"] = Lead.objects.count()
    client = Client()
    for fmt, content_type in ((Format.ADF, "application/xml"), (Format.JSON, "application/json")):
        response = client.post(f"/intake/{_TOKENS[fmt]}/", body, content_type=content_type)
        assert response.status_code < 500
        assert response.status_code >= 400 or response.json()["status"] in ("accepted", "duplicate")
    process_pending()
    assert not Payload.objects.filter(
        status__in=[PayloadStatus.PENDING, PayloadStatus.PROCESSING]
    ).exists()
    failed = Payload.objects.filter(status=PayloadStatus.FAILED)
    assert not failed.filter(error_code="").exists()
    assert not failed.filter(error_code="internal_error").exists(), failed.filter(
        error_code="internal_error"
    ).values_list("error", flat=True)[:1]
    assert Lead.objects.count() >= _TOKENS["leads"]


# The endpoints' raw tokens, kept across the examples of one test run (the database is too).
_TOKENS: dict[str, object] = {}
