"""doorlinkenvoorraad lead-1.2 XML: the shared fixture, several leads, and the expected answer."""

from datetime import UTC, datetime

import pytest
from lxml import etree

from scoreline.intake.errors import NoContact, UnknownFormat
from scoreline.intake.formats import doorlinken


def test_the_published_example_imports_with_every_field(fixture_bytes):
    (lead,) = doorlinken.parse(fixture_bytes("08_NL_doorlinkenvoorraad_lead-1.2_xml_not_adf.xml"))
    lead.check()
    assert lead.provider_lead_id == "doorlinkenvoorraad:123"
    assert lead.customer_ids[0].value == "456"
    assert lead.request_time == datetime(2015, 11, 4, 11, 0, tzinfo=UTC)
    assert lead.customer.full_name == "John Doe"
    assert lead.customer.emails[0].address == "john.doe@hotmail.com"
    assert lead.comments == "I’d like to purchase this vehicle"
    assert (lead.interest.stock, lead.interest.status) == ("789", "used")


def test_a_wrapper_with_several_leads_gives_each_its_place():
    body = b"""<leads><lead><id>1</id><created>2025-01-02T10:00:00+01:00</created>
      <phone>06-12345678</phone></lead><lead><id>2</id><created>2025-01-02T11:00:00+01:00</created>
      </lead></leads>"""
    first, second = doorlinken.parse(body)
    first.check()
    assert first.customer.phones[0].number == "06-12345678"
    with pytest.raises(NoContact, match=r"/leads/lead\[2\], line 2"):
        second.check()


def test_an_adf_document_is_not_taken_for_a_doorlinken_lead():
    with pytest.raises(UnknownFormat, match="<adf>, not <lead>"):
        doorlinken.parse(b"<adf/>")


def test_the_answer_is_the_success_document_the_sender_expects():
    answer = etree.fromstring(doorlinken.response(True))
    assert (answer.tag, answer.findtext("success")) == ("response", "1")
    refusal = etree.fromstring(doorlinken.response(False, "malformed XML at line 3"))
    assert refusal.findtext("success") == "0"
    assert refusal.findtext("message") == "malformed XML at line 3"
