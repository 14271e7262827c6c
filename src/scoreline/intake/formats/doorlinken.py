"""doorlinkenvoorraad.nl lead XML (lead-1.2): the Dutch stock-syndication service's relay.

Not ADF: `<lead>` with `id`, `customer_number`, `created`, `name`, `email`, `phone`, `message`
and `<vehicle><stock_number>`. The sender expects `<response><success>1</success></response>`
back (see `response()`). A `<leads>` wrapper with several `<lead>` is accepted too.
"""

from lxml import etree

from scoreline.intake.errors import UnknownFormat
from scoreline.intake.formats.dates import parse_timestamp
from scoreline.intake.formats.parsed import Contact, Email, ParsedLead, Phone, ProviderId, Vehicle
from scoreline.intake.formats.xmldoc import (
    MAX_XML_BYTES,
    child_text,
    line_of,
    path_of,
    read_xml,
    text_of,
)

FORMAT = "doorlinkenvoorraad"
CONTENT_TYPE = "application/xml"

_LEAD_FIELDS = {
    "id",
    "customer_number",
    "created",
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "telephone",
    "message",
    "vehicle",
}
_VEHICLE_FIELDS = {"stock_number", "make", "brand", "model", "vin", "year"}


def parse(body: bytes, *, max_bytes: int = MAX_XML_BYTES) -> list[ParsedLead]:
    """Every `<lead>` in the document; raises IntakeError for an unreadable one."""
    root = read_xml(body, max_bytes=max_bytes)
    if root.tag == "lead":
        return [_lead(root)]
    if root.tag == "leads":
        return [_lead(lead) for lead in root.findall("lead")]
    raise UnknownFormat(f"the root element is <{root.tag}>, not <lead>", line_of(root))


def response(success: bool, message: str = "") -> bytes:
    """The answer the sender expects; a failure names the problem for its log."""
    root = etree.Element("response")
    etree.SubElement(root, "success").text = "1" if success else "0"
    if message:
        etree.SubElement(root, "message").text = message
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _lead(element: etree._Element) -> ParsedLead:
    created = child_text(element, "created")
    lead_id = child_text(element, "id")
    customer_number = child_text(element, "customer_number")
    vehicle = element.find("vehicle")
    return ParsedLead(
        format=FORMAT,
        where=path_of(element),
        line=element.sourceline,
        ids=[ProviderId(lead_id, source=FORMAT)] if lead_id else [],
        request_time=parse_timestamp(created) if created else None,
        request_time_text=created,
        customer=_customer(element),
        customer_ids=[ProviderId(customer_number, source=FORMAT)] if customer_number else [],
        vehicles=[_vehicle(vehicle)] if vehicle is not None else [],
        comments=child_text(element, "message"),
        extra={c.tag: text_of(c) for c in element if c.tag not in _LEAD_FIELDS},
    )


def _customer(element: etree._Element) -> Contact:
    email = child_text(element, "email")
    phone = child_text(element, "phone") or child_text(element, "telephone")
    return Contact(
        full_name=child_text(element, "name"),
        first_name=child_text(element, "first_name"),
        last_name=child_text(element, "last_name"),
        emails=[Email(email)] if email else [],
        phones=[Phone(phone)] if phone else [],
    )


def _vehicle(element: etree._Element) -> Vehicle:
    year = child_text(element, "year")
    return Vehicle(
        status="used",
        stock=child_text(element, "stock_number"),
        make=child_text(element, "make") or child_text(element, "brand"),
        model=child_text(element, "model"),
        vin=child_text(element, "vin").upper(),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        extra={c.tag: text_of(c) for c in element if c.tag not in _VEHICLE_FIELDS},
    )
