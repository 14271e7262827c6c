"""A lead's phone read in the customer's country (finding 6 of issue 14): an ADF address, a
JSON or exchange country field, an international prefix; else the dealer's. A number not
valid there is kept as written and flagged on the person, and a report over an exchange
folder stores the same number as the database."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cast import build_cast

from scoreline.analytics.exchange import read_folder
from scoreline.dealers.models import Dealer
from scoreline.intake.formats import adf, jsonlead
from scoreline.intake.importing import Destination, import_lead
from scoreline.intake.models import ResultStatus
from scoreline.leads.models import Channel, Person

ARRIVED = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def brussel(db):
    return Dealer.objects.create(name="Garage Brussel", slug="brussel", country="BE")


def adf_lead(phone: str, country: str = "", lead_id: str = "1") -> bytes:
    """An ADF prospect like the shared fixtures, its address in `country` when given."""
    address = f"<address><city>Toronto</city><country>{country}</country></address>"
    return f"""<?xml version="1.0"?>
<?adf version="1.0"?>
<adf><prospect>
  <id sequence="1" source="portal">{lead_id}</id>
  <requestdate>2025-03-14T10:30:00+01:00</requestdate>
  <vehicle><make>Kia</make><model>Niro</model></vehicle>
  <customer><contact>
    <name part="full">Pat Smith</name>
    <phone type="voice">{phone}</phone>
    {address if country else ""}
  </contact></customer>
</prospect></adf>""".encode()


def imported(document: bytes, dealer: Dealer, cast, parse=adf.parse) -> Person:
    (parsed,) = parse(document)
    outcome = import_lead(parsed, Destination(dealer, cast.website, Channel.WEBHOOK, ARRIVED))
    assert outcome.status == ResultStatus.CREATED, outcome
    assert outcome.lead is not None
    return outcome.lead.person


@pytest.mark.parametrize(
    ("phone", "country", "dealer", "stored"),
    [
        ("(416) 555-0123", "CA", "noord", "+14165550123"),  # the address says Canada
        ("+1 416 555 0123", "", "noord", "+14165550123"),  # the prefix says it
        ("001 416 555 0123", "", "noord", "+14165550123"),
        ("0151 23456789", "DE", "noord", "+4915123456789"),  # a German customer, Dutch dealer
        ("0049 151 23456789", "", "noord", "+4915123456789"),
        ("06 12 34 56 78", "FR", "brussel", "+33612345678"),  # French customer, Belgian dealer
        ("0470 12 34 56", "", "brussel", "+32470123456"),  # no country: the dealer's
    ],
)
def test_an_adf_phone_is_read_in_the_customers_country(
    cast, brussel, phone, country, dealer, stored
):
    person = imported(adf_lead(phone, country), Dealer.objects.get(slug=dealer), cast)
    assert (person.phone, person.phone_valid) == (stored, True)


def test_a_number_not_valid_in_the_country_read_is_kept_as_written_and_flagged(cast):
    person = imported(adf_lead("(416) 555-0123"), cast.noord, cast)  # no address: NL
    assert (person.phone, person.phone_valid) == ("(416) 555-0123", False)


def test_the_flagged_number_as_written_finds_the_person_again(cast):
    first = imported(adf_lead("(416) 555-0123", lead_id="1"), cast.noord, cast)
    (parsed,) = adf.parse(adf_lead("(416) 555-0123", lead_id="2"))
    outcome = import_lead(parsed, Destination(cast.noord, cast.website, Channel.WEBHOOK, ARRIVED))
    assert outcome.status == ResultStatus.REPEAT
    assert outcome.lead is not None and outcome.lead.person == first


def test_a_valid_number_is_the_persons_phone_before_a_flagged_one(cast):
    document = adf_lead("(416) 555-0123").replace(
        b'<phone type="voice">', b'<phone type="cellphone">06-12345678</phone><phone type="voice">'
    )
    person = imported(document, cast.noord, cast)
    assert (person.phone, person.phone_valid) == ("+31612345678", True)


def test_a_json_lead_says_the_customers_country(cast):
    document = (
        b'{"lead_id": "j1", "received_at": "2025-03-14T10:30:00+01:00", "name": "Pat Smith",'
        b' "phone": "0151 23456789", "country": "DE"}'
    )
    person = imported(document, cast.noord, cast, parse=jsonlead.parse)
    assert (person.phone, person.phone_valid) == ("+4915123456789", True)


EXCHANGE_ROWS = [
    # lead_id, dealer, phone, country: the database path and the folder path agree
    ("L1", "Autohuis Noord", "(416) 555-0123", "CA"),
    ("L2", "Autohuis Noord", "0049 151 23456789", ""),
    ("L3", "Autohuis Noord", "0171 2345678", "DE"),
    ("L4", "Garage Brussel", "06 12 34 56 78", "FR"),
    ("L5", "Autohuis Noord", "(416) 555-0199", ""),  # flagged: kept as written
]


def test_the_exchange_folder_stores_the_same_number_as_the_database(cast, brussel, tmp_path):
    header = "lead_id,dealer,source,received_at,first_name,phone,country\n"
    lines = [
        f"{i},{d},website,2025-03-14T10:30:00+01:00,Pat,{p},{c}\n" for i, d, p, c in EXCHANGE_ROWS
    ]
    (tmp_path / "leads.csv").write_text(header + "".join(lines))
    (tmp_path / "dealers.csv").write_text(
        "dealer,timezone,country\nAutohuis Noord,Europe/Amsterdam,NL\n"
        "Garage Brussel,Europe/Brussels,BE\n"
    )
    folder = read_folder(Path(tmp_path))
    from_folder = dict(folder.leads.select("lead_id", "phone").iter_rows())

    from_database = {}
    for lead_id, dealer_name, phone, country in EXCHANGE_ROWS:
        document = (
            f'{{"lead_id": "{lead_id}", "received_at": "2025-03-14T10:30:00+01:00",'
            f' "name": "Pat", "phone": "{phone}", "country": "{country}"}}'
        ).encode()
        dealer = Dealer.objects.get(name=dealer_name)
        from_database[lead_id] = imported(document, dealer, cast, parse=jsonlead.parse).phone
    assert from_folder == from_database
    assert from_database["L1"] == "+14165550123"
    assert from_database["L5"] == "(416) 555-0199"


def prospect(lead_id: str, when: str, phones: list[str], email: str = "") -> bytes:
    numbers = "".join(f'<phone type="voice">{p}</phone>' for p in phones)
    address = f"<email>{email}</email>" if email else ""
    return f"""<?xml version="1.0"?><adf><prospect><id source="portal">{lead_id}</id>
<requestdate>{when}</requestdate><customer><contact><name part="full">Pat Smith</name>
{numbers}{address}</contact></customer></prospect></adf>""".encode()


def import_one(document: bytes, cast):
    (parsed,) = adf.parse(document)
    arrived = datetime(2025, 6, 1, tzinfo=UTC)
    return import_lead(parsed, Destination(cast.noord, cast.website, Channel.WEBHOOK, arrived))


def test_a_second_number_finds_the_person_and_a_bridge_makes_two_persons_one(cast):
    first = import_one(prospect("1", "2025-03-01T10:00:00", ["0612345678", "0687654321"]), cast)
    again = import_one(prospect("2", "2025-03-02T10:00:00", ["0687654321"]), cast)
    assert again.status == ResultStatus.REPEAT and again.lead == first.lead
    mail = import_one(prospect("3", "2025-03-03T10:00:00", [], "pat@example.nl"), cast)
    assert mail.status == ResultStatus.CREATED  # nothing linked the address to Pat yet
    bridge = import_one(
        prospect("4", "2025-03-04T10:00:00", ["0612345678"], "pat@example.nl"), cast
    )
    assert bridge.status == ResultStatus.REPEAT and bridge.lead == first.lead
    assert Person.objects.filter(dealer=cast.noord).count() == 1
    # 30 days of 24 hours after the address's lead, across the change to summer time
    after = import_one(prospect("5", "2025-04-02T11:00:00", [], "PAT@example.nl"), cast)
    assert after.status == ResultStatus.REPEAT and after.lead == mail.lead  # in its window only
    assert after.lead.person_id == first.lead.person_id
