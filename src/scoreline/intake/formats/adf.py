"""ADF/XML 1.0 (Auto-lead Data Format), the whole of it, as real senders write it.

Every element of the 1.0 DTD is read; elements the DTD does not know are kept by name in
`extra` rather than dropped. Tolerance for prologs, encodings and namespaces, and the refusal
of hostile documents, live in `xmldoc`; request dates in `dates`.
"""

from lxml import etree

from scoreline.intake.errors import MissingField, UnknownFormat
from scoreline.intake.formats.amounts import parse_amount, parse_whole_number
from scoreline.intake.formats.dates import parse_date, parse_timestamp
from scoreline.intake.formats.parsed import (
    Address,
    ColorCombination,
    Contact,
    Email,
    Finance,
    FinanceAmount,
    LeadStatus,
    ParsedLead,
    Party,
    Phone,
    PhoneType,
    Price,
    ProviderId,
    Timeframe,
    Vehicle,
    VehicleOption,
)
from scoreline.intake.formats.xmldoc import (
    MAX_XML_BYTES,
    child_text,
    line_of,
    path_of,
    read_xml,
    text_of,
)

FORMAT = "adf"

_PHONE_TYPES = {
    "cellphone": PhoneType.CELLPHONE,
    "cell": PhoneType.CELLPHONE,
    "cellular": PhoneType.CELLPHONE,
    "mobile": PhoneType.CELLPHONE,
    "mobiel": PhoneType.CELLPHONE,
    "gsm": PhoneType.CELLPHONE,
    "fax": PhoneType.FAX,
    "facsimile": PhoneType.FAX,
    "pager": PhoneType.PAGER,
}
_VEHICLE_FIELDS = {
    "id",
    "year",
    "make",
    "model",
    "vin",
    "stock",
    "trim",
    "doors",
    "bodystyle",
    "transmission",
    "odometer",
    "condition",
    "colorcombination",
    "imagetag",
    "price",
    "pricecomments",
    "option",
    "finance",
    "comments",
}
_PROSPECT_FIELDS = {"id", "requestdate", "vehicle", "customer", "vendor", "provider"}


def parse(body: bytes, *, max_bytes: int = MAX_XML_BYTES) -> list[ParsedLead]:
    """Every prospect in an ADF document, in order; raises IntakeError for an unreadable one."""
    root = read_xml(body, max_bytes=max_bytes)
    if root.tag == "prospect":
        return [_prospect(root)]
    if root.tag != "adf":
        raise UnknownFormat(f"the root element is <{root.tag}>, not <adf>", line_of(root))
    prospects = root.findall("prospect")
    if not prospects:
        raise MissingField("the ADF document has no <prospect>", "/adf")
    return [_prospect(prospect) for prospect in prospects]


def _prospect(element: etree._Element) -> ParsedLead:
    request_text = child_text(element, "requestdate")
    customer = element.find("customer")
    return ParsedLead(
        format=FORMAT,
        where=path_of(element),
        line=element.sourceline,
        ids=_ids(element),
        request_time=parse_timestamp(request_text) if request_text else None,
        request_time_text=request_text,
        status=LeadStatus.RESEND if _attr(element, "status") == "resend" else LeadStatus.NEW,
        customer=_customer_contact(customer),
        customer_ids=_ids(customer) if customer is not None else [],
        vehicles=[_vehicle(v) for v in element.findall("vehicle")],
        timeframe=_timeframe(customer.find("timeframe")) if customer is not None else None,
        comments=child_text(customer, "comments") if customer is not None else "",
        vendor=_vendor(element.find("vendor")),
        provider=_provider(element.find("provider")),
        extra=_unknown(element, _PROSPECT_FIELDS),
    )


def _attr(element: etree._Element, name: str, default: str = "") -> str:
    return str(element.get(name, default)).strip().lower() or default


def _ids(element: etree._Element) -> list[ProviderId]:
    return [
        ProviderId(text_of(e), source=str(e.get("source", "")), sequence=str(e.get("sequence", "")))
        for e in element.findall("id")
        if text_of(e)
    ]


def _customer_contact(customer: etree._Element | None) -> Contact:
    """The customer's primary contact (`primarycontact="1"`), else the first, else nobody."""
    if customer is None:
        return Contact()
    contacts = customer.findall("contact")
    primary = [c for c in contacts if _attr(c, "primarycontact") == "1"]
    chosen = (primary or contacts or [None])[0]
    return _contact(chosen) if chosen is not None else Contact()


def _contact(element: etree._Element) -> Contact:
    contact = Contact(primary=_attr(element, "primarycontact") == "1")
    for name in element.findall("name"):
        _add_name(contact, name)
    contact.emails = [
        Email(text_of(e), preferred=_attr(e, "preferredcontact") == "1")
        for e in element.findall("email")
        if text_of(e)
    ]
    contact.phones = [_phone(p) for p in element.findall("phone") if text_of(p)]
    address = element.find("address")
    contact.address = _address(address) if address is not None else None
    return contact


def _add_name(contact: Contact, element: etree._Element) -> None:
    part = _attr(element, "part", "full")
    value = text_of(element)
    contact.name_type = _attr(element, "type", contact.name_type)
    if part == "first":
        contact.first_name = value
    elif part == "middle":
        contact.middle_name = value
    elif part in ("last", "surname"):
        contact.last_name = value
    else:
        contact.full_name = value


def _phone(element: etree._Element) -> Phone:
    label = _attr(element, "type")
    return Phone(
        text_of(element),
        type=_PHONE_TYPES.get(label, PhoneType.VOICE),
        label=label,
        time=_attr(element, "time"),
        preferred=_attr(element, "preferredcontact") == "1",
    )


def _address(element: etree._Element) -> Address:
    streets = sorted(element.findall("street"), key=_street_line)
    return Address(
        street=[text_of(s) for s in streets if text_of(s)],
        apartment=child_text(element, "apartment"),
        city=child_text(element, "city"),
        region=child_text(element, "regioncode"),
        postal_code=child_text(element, "postalcode"),
        country=child_text(element, "country"),
        type=_attr(element, "type"),
    )


def _vehicle(element: etree._Element) -> Vehicle:
    odometer = element.find("odometer")
    price = element.find("price")
    finance = element.find("finance")
    year = child_text(element, "year")
    return Vehicle(
        interest=_attr(element, "interest", "buy"),
        status=_attr(element, "status", "new"),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        make=child_text(element, "make"),
        model=child_text(element, "model"),
        trim=child_text(element, "trim"),
        vin=child_text(element, "vin").upper(),
        stock=child_text(element, "stock"),
        doors=child_text(element, "doors"),
        bodystyle=child_text(element, "bodystyle"),
        transmission=child_text(element, "transmission"),
        condition=child_text(element, "condition"),
        odometer=parse_whole_number(text_of(odometer)) if odometer is not None else None,
        odometer_units=_attr(odometer, "units") if odometer is not None else "",
        odometer_status=_attr(odometer, "status") if odometer is not None else "",
        colors=[_colors(c) for c in element.findall("colorcombination")],
        image_url=child_text(element, "imagetag"),
        price=_price(price) if price is not None else None,
        price_comments=child_text(element, "pricecomments"),
        options=[_option(o) for o in element.findall("option")],
        finance=_finance(finance) if finance is not None else None,
        comments=child_text(element, "comments"),
        ids=_ids(element),
        extra=_unknown(element, _VEHICLE_FIELDS),
    )


def _colors(element: etree._Element) -> ColorCombination:
    return ColorCombination(
        interior=child_text(element, "interiorcolor"),
        exterior=child_text(element, "exteriorcolor"),
        preference=child_text(element, "preference"),
    )


def _price(element: etree._Element) -> Price:
    return Price(
        parse_amount(text_of(element)),
        type=_attr(element, "type", "quote"),
        currency=str(element.get("currency", "")).strip().upper(),
        delta=_attr(element, "delta"),
        relative_to=_attr(element, "relativeto"),
        source=str(element.get("source", "")).strip(),
        text=text_of(element),
    )


def _option(element: etree._Element) -> VehicleOption:
    price = element.find("price")
    return VehicleOption(
        child_text(element, "optionname"),
        manufacturer_code=child_text(element, "manufacturercode"),
        stock=child_text(element, "stock"),
        weighting=child_text(element, "weighting"),
        price=_price(price) if price is not None else None,
    )


def _finance(element: etree._Element) -> Finance:
    balance = element.find("balance")
    return Finance(
        method=child_text(element, "method"),
        amounts=[_finance_amount(a, "total") for a in element.findall("amount")],
        balance=_finance_amount(balance, "finance") if balance is not None else None,
    )


def _finance_amount(element: etree._Element, default_type: str) -> FinanceAmount:
    return FinanceAmount(
        parse_amount(text_of(element)),
        type=_attr(element, "type", default_type),
        limit=_attr(element, "limit", "maximum"),
        currency=str(element.get("currency", "")).strip().upper(),
    )


def _timeframe(element: etree._Element | None) -> Timeframe | None:
    if element is None:
        return None
    return Timeframe(
        description=child_text(element, "description") or text_of(element),
        earliest=parse_date(child_text(element, "earliestdate")),
        latest=parse_date(child_text(element, "latestdate")),
    )


def _vendor(element: etree._Element | None) -> Party | None:
    if element is None:
        return None
    contact = element.find("contact")
    return Party(
        name=child_text(element, "vendorname"),
        url=child_text(element, "url"),
        ids=_ids(element),
        contact=_contact(contact) if contact is not None else None,
    )


def _provider(element: etree._Element | None) -> Party | None:
    """The provider: its `<name>`, service and url, with its email/phone as its contact."""
    if element is None:
        return None
    contact_element = element.find("contact")
    contact = _contact(contact_element) if contact_element is not None else Contact()
    contact.emails += [Email(text_of(e)) for e in element.findall("email") if text_of(e)]
    contact.phones += [_phone(p) for p in element.findall("phone") if text_of(p)]
    return Party(
        name=child_text(element, "name"),
        service=child_text(element, "service"),
        url=child_text(element, "url"),
        ids=_ids(element),
        contact=contact,
    )


def _unknown(element: etree._Element, known: set[str]) -> dict[str, str]:
    """Elements (and their attributes) outside the DTD, kept by name: `partner-score@value`."""
    extra: dict[str, str] = {}
    for child in element:
        if child.tag in known:
            continue
        extra[child.tag] = text_of(child)
        for key, value in child.attrib.items():
            extra[f"{child.tag}@{key}"] = str(value)
    return extra


def _street_line(element: etree._Element) -> int:
    line = str(element.get("line", ""))
    return int(line) if line.isdigit() else 0
