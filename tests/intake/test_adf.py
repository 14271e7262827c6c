"""ADF/XML: every shared fixture, the whole 1.0 DTD, and the ways real senders stray."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from scoreline.intake.errors import (
    BadDate,
    MalformedDocument,
    MissingField,
    MissingRequestDate,
    NoContact,
    UnknownFormat,
)
from scoreline.intake.formats import adf
from scoreline.intake.formats.parsed import LeadStatus, PhoneType

PACIFIC = timezone(timedelta(hours=-8))


def only(leads):
    assert len(leads) == 1
    return leads[0]


def test_the_spec_example_with_its_illegal_prolog_imports(fixture_bytes):
    lead = only(adf.parse(fixture_bytes("01_spec_minimal_lead_verbatim.xml")))
    lead.check()
    assert lead.request_time == datetime(2000, 3, 30, 15, 30, 20, tzinfo=PACIFIC)
    assert lead.status is LeadStatus.NEW
    assert lead.customer.full_name == "John Doe"
    assert [p.number for p in lead.customer.phones] == ["393-999-3922"]
    vehicle = lead.interest
    assert (vehicle.year, vehicle.make, vehicle.model) == (1999, "Chevrolet", "Blazer")
    assert (vehicle.interest, vehicle.status) == ("buy", "new")
    assert lead.vendor.contact.full_name == "Acura of Bellevue"
    assert lead.provider is None


def test_the_wikipedia_variant_reads_the_truncated_offset_as_minus_eight_hours(fixture_bytes):
    lead = only(adf.parse(fixture_bytes("02_wikipedia_validating_variant.xml")))
    assert lead.request_time == datetime(2000, 3, 30, 23, 30, 20, tzinfo=UTC)
    assert (lead.customer.first_name, lead.customer.last_name) == ("First", "Last")
    assert lead.customer.display_name == "First Last"
    assert [e.address for e in lead.customer.emails] == ["emailaddress"]
    assert lead.interest.year == 2008
    assert lead.vendor.contact.full_name == "Dealer Name"


def test_an_email_body_with_upper_case_prolog_and_home_work_mobile_phones(fixture_bytes):
    lead = only(
        adf.parse(fixture_bytes("03_mygoaltracking_email_body_nonstandard_phone_types.xml"))
    )
    assert lead.request_time == datetime(2008, 6, 25, 8, 47, 50)  # one-digit hour, no offset
    assert lead.request_time.tzinfo is None
    assert lead.ids == []  # the empty <id> gives no provider id
    phones = [(p.number, p.type, p.label) for p in lead.customer.phones]
    assert phones == [
        ("857-485-7485", PhoneType.VOICE, "home"),
        ("867-586-7584", PhoneType.VOICE, "work"),
        ("979-685-9685", PhoneType.CELLPHONE, "mobile"),
    ]
    assert lead.customer.emails[0].address == "johnny@customer.com"
    assert lead.comments == "What is your best price?"
    vehicle = lead.interest
    assert (vehicle.status, vehicle.vin, vehicle.stock, vehicle.make) == (
        "used",
        "2G4WF52L6S1472882",
        "12886",
        "BUICK",
    )
    assert lead.vendor.contact.phones[0].label == "business"


def test_the_fuller_lead_keeps_ids_price_options_provider_and_unknown_elements(fixture_bytes):
    lead = only(adf.parse(fixture_bytes("06_fuller_lead_with_vendor_extension_and_provider.xml")))
    assert lead.provider_lead_id == "Cobalt:38889"
    assert (lead.ids[0].sequence, lead.ids[0].source) == ("1", "Cobalt")
    vehicle = lead.interest
    assert vehicle.price.amount == Decimal("26995")
    assert (vehicle.price.type, vehicle.price.currency) == ("quote", "USD")
    assert [(o.name, o.manufacturer_code) for o in vehicle.options] == [("Sport", "p394")]
    assert vehicle.extra == {"partner-score": "97", "partner-score@value": "hot"}
    assert lead.customer.primary is True
    assert lead.customer.emails[0].preferred is True
    assert lead.customer.phones[0].time == "morning"
    assert lead.comments == "Can deliver by Thursday?"
    assert lead.vendor.name == "Koons Internet Outlet"
    assert (lead.provider.name, lead.provider.service) == ("CarPoint", "Used Car Classifieds")


def test_several_prospects_each_refused_on_its_own_with_its_place(fixture_bytes):
    first, second = adf.parse(fixture_bytes("07_multiple_prospects_resend.xml"))
    assert (first.status, second.status) == (LeadStatus.NEW, LeadStatus.RESEND)
    with pytest.raises(BadDate, match=r"'one'.*prospect\[1\]/requestdate"):
        first.check()
    with pytest.raises(BadDate, match=r"'two'.*prospect\[2\]/requestdate"):
        second.check()


def test_the_doorlinkenvoorraad_document_is_not_mistaken_for_adf(fixture_bytes):
    with pytest.raises(UnknownFormat, match="<lead>, not <adf>"):
        adf.parse(fixture_bytes("08_NL_doorlinkenvoorraad_lead-1.2_xml_not_adf.xml"))


COMPLETE = """<?xml version="1.0" encoding="UTF-8"?>
<?adf version="1.0"?>
<adf>
 <prospect status="resend">
  <id sequence="2" source="OEM">A-17</id>
  <requestdate>2025-03-14 21:05:00+01:00</requestdate>
  <vehicle interest="buy" status="new">
   <id source="OEM">V1</id>
   <year>2025</year><make>Kia</make><model>EV3</model><vin>knaa1234567890123</vin>
   <stock>S-9</stock><trim>GT-Line</trim><doors>5</doors><bodystyle>SUV</bodystyle>
   <transmission>A</transmission><odometer status="original" units="km">12.500</odometer>
   <condition>excellent</condition>
   <colorcombination><interiorcolor>black</interiorcolor><exteriorcolor>white</exteriorcolor>
    <preference>1</preference></colorcombination>
   <imagetag width="400" height="300">https://example.com/ev3.jpg</imagetag>
   <price type="offer" currency="eur" delta="absolute" relativeto="msrp" source="web">39.995</price>
   <pricecomments>incl. delivery</pricecomments>
   <option><optionname>Heat pump</optionname><manufacturercode>HP1</manufacturercode>
    <stock>yes</stock><weighting>80</weighting><price currency="EUR">1200</price></option>
   <finance><method>lease</method><amount type="monthly" limit="maximum" currency="EUR">450</amount>
    <balance type="residual" currency="EUR">15000</balance></finance>
   <comments>Family car</comments>
  </vehicle>
  <vehicle interest="trade-in" status="used">
   <year>2015</year><make>Volkswagen</make><model>Golf</model>
   <odometer units="km">142000</odometer>
  </vehicle>
  <customer>
   <contact primarycontact="1">
    <name part="first" type="individual">Anna</name>
    <name part="middle">M.</name>
    <name part="surname">de Vries</name>
    <email preferredcontact="1">Anna@Example.NL</email>
    <phone type="cellphone" time="evening" preferredcontact="1">06-12345678</phone>
    <phone type="fax">020-1234567</phone>
    <address type="home">
     <street line="2">Bus 3</street><street line="1">Dorpsstraat 1</street>
     <apartment>3</apartment><city>Utrecht</city><regioncode>UT</regioncode>
     <postalcode>3511 AB</postalcode><country>NL</country>
    </address>
   </contact>
   <id source="CRM">C-9</id>
   <timeframe><description>within a month</description>
    <earliestdate>2025-04-01</earliestdate><latestdate>2025-04-30</latestdate></timeframe>
   <comments><![CDATA[Can I <b>test drive</b> on Saturday?]]></comments>
  </customer>
  <vendor>
   <id source="OEM">D-44</id><vendorname>Autohuis Utrecht</vendorname>
   <url>https://autohuis.example</url>
   <contact><name part="full">Sales desk</name><email>sales@autohuis.example</email></contact>
  </vendor>
  <provider>
   <id>P-1</id><name part="full">Kia.nl</name><service>Test drive request</service>
   <url>https://kia.example</url><email>leads@kia.example</email><phone>0800-1234</phone>
   <contact><name part="full">Lead desk</name><phone>0800-9999</phone></contact>
  </provider>
 </prospect>
</adf>"""


def test_every_element_of_the_1_0_dtd_is_read():
    lead = only(adf.parse(COMPLETE.encode()))
    assert lead.status is LeadStatus.RESEND
    assert lead.provider_lead_id == "OEM:A-17"
    assert lead.request_time == datetime(2025, 3, 14, 20, 5, tzinfo=UTC)
    wanted, trade_in = lead.vehicles
    assert lead.interest is wanted and lead.trade_ins == [trade_in]
    assert (wanted.trim, wanted.doors, wanted.bodystyle, wanted.transmission) == (
        "GT-Line",
        "5",
        "SUV",
        "A",
    )
    assert wanted.vin == "KNAA1234567890123"
    assert (wanted.odometer, wanted.odometer_units, wanted.odometer_status) == (
        12500,
        "km",
        "original",
    )
    assert wanted.colors[0].exterior == "white" and wanted.colors[0].interior == "black"
    assert wanted.image_url == "https://example.com/ev3.jpg"
    assert wanted.price.amount == Decimal("39995")
    assert (wanted.price.type, wanted.price.currency, wanted.price.delta) == (
        "offer",
        "EUR",
        "absolute",
    )
    assert (wanted.price.relative_to, wanted.price.source) == ("msrp", "web")
    assert wanted.price_comments == "incl. delivery"
    option = wanted.options[0]
    assert (option.name, option.stock, option.weighting) == ("Heat pump", "yes", "80")
    assert option.price.amount == Decimal("1200")
    assert wanted.finance.method == "lease"
    assert (wanted.finance.amounts[0].amount, wanted.finance.amounts[0].type) == (450, "monthly")
    assert (wanted.finance.balance.amount, wanted.finance.balance.type) == (15000, "residual")
    assert wanted.comments == "Family car" and wanted.condition == "excellent"
    assert wanted.ids[0].value == "V1"
    assert (trade_in.make, trade_in.odometer, trade_in.is_trade_in) == ("Volkswagen", 142000, True)
    person = lead.customer
    assert person.display_name == "Anna M. de Vries"
    assert [(p.type, p.time, p.preferred) for p in person.phones] == [
        (PhoneType.CELLPHONE, "evening", True),
        (PhoneType.FAX, "", False),
    ]
    assert person.address.street == ["Dorpsstraat 1", "Bus 3"]
    assert (person.address.city, person.address.region, person.address.postal_code) == (
        "Utrecht",
        "UT",
        "3511 AB",
    )
    assert (person.address.apartment, person.address.country, person.address.type) == (
        "3",
        "NL",
        "home",
    )
    assert lead.customer_ids[0].value == "C-9"
    assert lead.timeframe.description == "within a month"
    assert (lead.timeframe.earliest, lead.timeframe.latest) == (date(2025, 4, 1), date(2025, 4, 30))
    assert lead.comments == "Can I <b>test drive</b> on Saturday?"
    assert (lead.vendor.name, lead.vendor.url, lead.vendor.ids[0].value) == (
        "Autohuis Utrecht",
        "https://autohuis.example",
        "D-44",
    )
    assert lead.vendor.contact.emails[0].address == "sales@autohuis.example"
    provider = lead.provider
    assert (provider.name, provider.service, provider.url) == (
        "Kia.nl",
        "Test drive request",
        "https://kia.example",
    )
    assert [p.number for p in provider.contact.phones] == ["0800-9999", "0800-1234"]
    assert provider.contact.emails[0].address == "leads@kia.example"


def test_namespaces_upper_case_names_cdata_and_no_prolog_are_tolerated():
    body = b"""<ADF xmlns="urn:example:adf"><Prospect STATUS="NEW">
      <RequestDate><![CDATA[2025-03-14T09:00]]></RequestDate>
      <Customer><Contact><Name Part="Full"><![CDATA[Jan Jansen]]></Name>
      <Phone Type="Mobile">0612345678</Phone></Contact></Customer></Prospect></ADF>"""
    lead = only(adf.parse(body))
    lead.check()
    assert lead.customer.full_name == "Jan Jansen"
    assert lead.customer.phones[0].type is PhoneType.CELLPHONE
    assert lead.request_time == datetime(2025, 3, 14, 9, 0)


def test_a_prospect_without_requestdate_or_contact_gets_its_own_error():
    body = b"""<adf><prospect><customer><contact><name>A</name><phone>06</phone></contact>
      </customer></prospect><prospect><requestdate>2025-01-02</requestdate><customer>
      <contact><name>B</name></contact></customer></prospect></adf>"""
    without_date, without_contact = adf.parse(body)
    with pytest.raises(MissingRequestDate, match=r"prospect\[1\], line 1"):
        without_date.check()
    with pytest.raises(NoContact, match=r"no phone number and no e-mail.*prospect\[2\]"):
        without_contact.check()


def test_an_adf_without_prospects_and_malformed_xml_are_named():
    with pytest.raises(MissingField, match="no <prospect>"):
        adf.parse(b"<adf></adf>")
    with pytest.raises(MalformedDocument, match=r"malformed XML.*line 3"):
        adf.parse(b"<adf>\n<prospect>\n</adf>")
