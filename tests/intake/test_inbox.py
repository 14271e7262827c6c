"""The inbox: stored raw first, processed once, failures kept with their error and retryable."""

from datetime import UTC, datetime

import pytest
from cast import build_cast

from scoreline.followup.models import Job
from scoreline.intake import processing
from scoreline.intake.models import Format, Payload, PayloadStatus, ResultStatus
from scoreline.leads.models import Channel, Inquiry, Lead, LeadEvent

pytestmark = pytest.mark.django_db

ARRIVED = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


def adf_lead(
    lead_id: str = "",
    phone: str = "06-12345678",
    when: str = "2025-03-14T09:55:00+01:00",
    status: str = "new",
) -> bytes:
    ids = f'<id source="Kia">{lead_id}</id>' if lead_id else ""
    return f"""<?xml version="1.0"?><?adf version="1.0"?><adf><prospect status="{status}">{ids}
      <requestdate>{when}</requestdate><vehicle status="new"><year>2025</year><make>Kia</make>
      <model>EV3</model></vehicle><customer><contact><name part="full">Anna de Vries</name>
      <phone>{phone}</phone></contact></customer><vendor><contact><name part="full">Noord</name>
      </contact></vendor></prospect></adf>""".encode()


@pytest.fixture
def cast():
    return build_cast()


def deliver(cast, body: bytes, at: datetime = ARRIVED) -> Payload:
    payload = processing.receive(
        body,
        channel=Channel.EMAIL,
        format=Format.ADF,
        dealer=cast.noord,
        source=cast.website,
        at=at,
    )
    if payload.status == PayloadStatus.PENDING:
        assert processing.claim(payload.pk)
        processing.process(payload)
    return payload


def test_a_payload_is_stored_raw_before_anything_reads_it(cast):
    body = b"<adf><broken"
    payload = processing.receive(
        body, channel=Channel.API, format=Format.ADF, dealer=cast.noord, source=cast.website
    )
    stored = Payload.objects.get(pk=payload.pk)
    assert bytes(stored.body) == body
    assert stored.status == PayloadStatus.PENDING
    assert stored.size == len(body) and len(stored.checksum) == 64


def test_a_claimed_payload_cannot_be_claimed_again(cast):
    payload = processing.receive(
        adf_lead(), channel=Channel.API, format=Format.ADF, dealer=cast.noord, source=cast.website
    )
    assert processing.claim(payload.pk) is True
    assert processing.claim(payload.pk) is False


def test_an_adf_lead_becomes_one_assigned_lead_with_its_inquiry(cast):
    payload = deliver(cast, adf_lead("K-1"))
    assert payload.status == PayloadStatus.DONE, payload.error
    lead = Lead.objects.get()
    assert lead.person.phone == "+31612345678"
    assert (lead.person.first_name, lead.person.last_name) == ("Anna", "de Vries")
    assert (lead.vehicle_make, lead.vehicle_model, lead.vehicle_condition) == ("Kia", "EV3", "new")
    assert lead.vehicle["year"] == 2025
    assert lead.received_at == datetime(2025, 3, 14, 8, 55, tzinfo=UTC)
    assert lead.assigned_to in (cast.sanne, cast.bram)
    assert LeadEvent.objects.get(lead=lead).to_user == lead.assigned_to
    assert Inquiry.objects.get().provider_id == "Kia:K-1"
    assert payload.results.get().status == ResultStatus.CREATED
    # The response clock runs: a deadline, and the reminder, breach and escalation to come.
    assert lead.response_due_at > lead.received_at
    assert Job.objects.filter(lead=lead).count() == 3


def test_the_same_body_twice_is_stored_twice_and_counted_once(cast):
    first = deliver(cast, adf_lead("K-1"))
    second = deliver(cast, adf_lead("K-1"))
    assert second.status == PayloadStatus.DUPLICATE and second.duplicate_of == first
    assert Lead.objects.count() == 1 and Inquiry.objects.count() == 1


def test_an_adf_resend_with_the_same_provider_id_counts_nothing_again(cast):
    deliver(cast, adf_lead("K-1"))
    resend = deliver(cast, adf_lead("K-1", status="resend", when="2025-03-14T09:56:00+01:00"))
    assert resend.status == PayloadStatus.DONE
    assert resend.results.get().status == ResultStatus.DUPLICATE
    assert Lead.objects.count() == 1 and Inquiry.objects.count() == 1


def test_the_same_person_within_30_days_is_a_repeat_inquiry_on_one_lead(cast):
    deliver(cast, adf_lead("K-1", phone="06-12345678"))
    later = datetime(2025, 5, 1, tzinfo=UTC)
    deliver(cast, adf_lead("K-2", phone="+31 6 12345678", when="2025-03-20T10:00:00+01:00"), later)
    deliver(cast, adf_lead("K-3", phone="0031612345678", when="2025-04-20T10:00:00+02:00"), later)
    first, second = Lead.objects.order_by("received_at")
    assert [i.is_repeat for i in first.inquiries.all()] == [False, True]
    assert second.inquiries.count() == 1
    assert first.person == second.person


def test_assignment_takes_turns_and_skips_the_absent(cast):
    for n, phone in enumerate(["0611111111", "0622222222", "0633333333"]):
        deliver(cast, adf_lead(f"K-{n}", phone=phone))
    owners = list(Lead.objects.order_by("pk").values_list("assigned_to__username", flat=True))
    assert owners == ["sanne", "bram", "sanne"]


def test_a_failed_payload_keeps_its_error_and_imports_after_retry(cast):
    body = adf_lead("K-1", when="14 maart")
    payload = processing.receive(
        body, channel=Channel.EMAIL, format=Format.ADF, dealer=cast.noord, source=cast.website
    )
    assert processing.process_pending() == 1
    payload.refresh_from_db()
    assert payload.status == PayloadStatus.FAILED
    assert "'14 maart' is not a date" in payload.error and "requestdate" in payload.error
    assert payload.results.get().status == ResultStatus.REFUSED
    assert processing.retry(payload) is True
    assert processing.process_pending() == 1
    payload.refresh_from_db()
    assert payload.status == PayloadStatus.FAILED and payload.attempts == 2


def test_one_bad_prospect_does_not_stop_the_others_and_retry_skips_the_imported(cast):
    body = b"""<adf><prospect><requestdate>2025-03-14T10:00:00+01:00</requestdate><customer>
      <contact><name>A</name><email>a@example.nl</email></contact></customer></prospect><prospect>
      <requestdate>2025-03-14T10:00:00+01:00</requestdate><customer><contact><name>B</name>
      </contact></customer></prospect></adf>"""
    payload = deliver(cast, body)
    assert payload.status == PayloadStatus.FAILED
    assert "1 refused" in payload.error and "no phone number and no e-mail" in payload.error
    assert Lead.objects.count() == 1
    processing.retry(payload)
    processing.process_pending()
    assert Lead.objects.count() == 1  # the imported prospect is not imported twice
