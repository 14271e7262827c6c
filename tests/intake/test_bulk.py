"""A big document is imported in bulk, with exactly the outcomes of one lead at a time."""

from datetime import UTC, datetime, timedelta

import pytest

from intake.snapshot import rolled_back, snapshot
from scoreline.dealers.models import Dealer, Membership, Role, User
from scoreline.followup.models import Job, Notification
from scoreline.intake import bulk, processing
from scoreline.intake.models import Format, Payload, PayloadStatus
from scoreline.leads.models import Channel, Inquiry, Lead, LeadEvent, Person, Source

pytestmark = pytest.mark.django_db
ARRIVED = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def prospect(n: int, phone: str, email: str = "", lead_id: str = "", hours: int = 0) -> str:
    at = START + timedelta(hours=hours or n)
    ids = f"<id source='oem'>{lead_id}</id>" if lead_id else ""
    contact = (f"<phone>{phone}</phone>" if phone else "") + (
        f"<email>{email}</email>" if email else ""
    )
    status = "used" if n % 2 else "new"
    return f"""<prospect>{ids}<requestdate>{at.isoformat()}</requestdate>
      <vehicle status="{status}"><make>Kia</make><model>M{n}</model></vehicle>
      <customer><contact><name part="full">Klant {n}</name>{contact}</contact></customer>
      </prospect>"""


def document() -> bytes:
    """30 prospects: new people, repeats in other notations, a resent id, a known person
    (Karel, with a lead ten days ago), one without contact — all in time order."""
    parts = [prospect(n, f"06-2000{n:04d}", lead_id=f"X{n}") for n in range(1, 21)]
    parts += [
        prospect(21, "+31 6 20000001"),  # repeats prospect 1 (other notation)
        prospect(22, "", email="KAREL@example.nl"),  # repeats Karel's lead of ten days ago
        prospect(23, "0031620000002", lead_id="X2"),  # the same provider id again: duplicate
        prospect(24, ""),  # nobody to contact: refused
        prospect(25, "", email="oud@example.nl"),  # known person, lead long ago: new lead
    ]
    parts += [prospect(n, f"06-3000{n:04d}") for n in range(26, 31)]
    return f"<adf>{''.join(parts)}</adf>".encode()


def dealer_with_history(name: str) -> tuple[Dealer, Source]:
    dealer = Dealer.objects.create(name=name, slug=name.lower())
    source = Source.objects.create(name=f"OEM {name}", slug=f"oem-{name.lower()}")
    for seller in ("ann", "bob", "cor"):
        user = User.objects.create(username=f"{seller}-{name}")
        Membership.objects.create(user=user, dealer=dealer, role=Role.SALESPERSON)
    karel = Person.objects.create(dealer=dealer, email="karel@example.nl", phone="+31611111111")
    Lead.objects.create(
        dealer=dealer, person=karel, source=source, received_at=START - timedelta(days=10)
    )
    old = Person.objects.create(dealer=dealer, email="oud@example.nl")
    Lead.objects.create(
        dealer=dealer, person=old, source=source, received_at=START - timedelta(days=90)
    )
    return dealer, source


def imported(dealer: Dealer, source: Source) -> Payload:
    payload = processing.receive(
        document(), channel=Channel.ADF, format=Format.ADF, dealer=dealer, source=source, at=ARRIVED
    )
    processing.claim(payload.pk)
    return processing.process(payload)


def story(payload: Payload) -> list[tuple]:
    """Each position's fate, with leads and salespeople named by first appearance."""
    names: dict[int, int] = {}
    told = []
    for result in payload.results.order_by("position").select_related("lead__assigned_to"):
        lead = result.lead
        lead_name = names.setdefault(lead.pk, len(names)) if lead else None
        owner = lead.assigned_to.username.split("-")[0] if lead and lead.assigned_to else None
        told.append((result.position, result.status, lead_name, owner, result.error_code))
    return told


def counts(dealer: Dealer) -> tuple[int, ...]:
    leads = Lead.objects.filter(dealer=dealer)
    return (
        leads.count(),
        Person.objects.filter(dealer=dealer).count(),
        Inquiry.objects.filter(lead__dealer=dealer).count(),
        LeadEvent.objects.filter(lead__dealer=dealer).count(),
        Job.objects.filter(lead__dealer=dealer).count(),
        Notification.objects.filter(lead__dealer=dealer).count(),
        leads.filter(response_due_at__isnull=False).count(),
    )


def test_bulk_and_one_at_a_time_tell_the_same_story(monkeypatch):
    noord, oem_noord = dealer_with_history("Noord")
    zuid, oem_zuid = dealer_with_history("Zuid")
    in_bulk = imported(noord, oem_noord)
    monkeypatch.setattr(bulk, "BULK_MIN", 10**6)
    one_by_one = imported(zuid, oem_zuid)
    assert story(in_bulk) == story(one_by_one)
    assert counts(noord) == counts(zuid)
    assert in_bulk.status == one_by_one.status == PayloadStatus.FAILED  # the one without contact


def test_the_bulk_story_is_the_right_one():
    noord, oem = dealer_with_history("Noord")
    told = {
        position: (status, code) for position, status, _, _, code in story(imported(noord, oem))
    }
    assert told[20] == ("repeat", "") and told[21] == ("repeat", "")
    assert told[22] == ("duplicate", "") and told[23] == ("refused", "no_contact")
    assert told[24] == ("created", "")
    leads = Lead.objects.filter(dealer=noord)
    assert leads.count() == 2 + 20 + 1 + 5
    assert (
        not leads.filter(is_imported=False, assigned_to=None)
        .exclude(received_at__lt=START)
        .exists()
    )
    owners = [
        lead.assigned_to.username
        for lead in leads.filter(received_at__gte=START).order_by("received_at")[:4]
    ]
    assert owners == ["ann-Noord", "bob-Noord", "cor-Noord", "ann-Noord"]


def test_importing_the_big_document_again_counts_nothing_twice():
    noord, oem = dealer_with_history("Noord")
    imported(noord, oem)
    before = counts(noord)
    second = processing.receive(
        document() + b" ", channel=Channel.ADF, format=Format.ADF, dealer=noord, source=oem
    )
    processing.claim(second.pk)
    processing.process(second)
    after = counts(noord)
    assert after[0] == before[0]  # no new lead: ids are known, the rest repeat their own leads


def test_bulk_and_one_at_a_time_write_the_same_rows(monkeypatch, django_assert_max_num_queries):
    noord, oem = dealer_with_history("Noord")
    with rolled_back():
        with django_assert_max_num_queries(40):  # not one query per lead: 30 leads here
            in_bulk = imported(noord, oem)
        written_in_bulk = snapshot(), in_bulk.status, in_bulk.error
    monkeypatch.setattr(bulk, "BULK_MIN", 10**6)
    one_by_one = imported(noord, oem)
    assert (snapshot(), one_by_one.status, one_by_one.error) == written_in_bulk
    assert written_in_bulk[0]["Job"] and written_in_bulk[0]["Notification"]  # not an empty story
