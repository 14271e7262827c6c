"""`scoreline intake`: every shared fixture from disk, mails, the failed list and retry."""

import json
import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from io import StringIO

import pytest
from cast import build_cast
from django.core.management import CommandError, call_command

from intake.conftest import ADF_FIXTURES
from scoreline.intake.models import Payload, PayloadStatus
from scoreline.leads.models import Inquiry, Lead, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return build_cast()


def intake(*args: str) -> list[dict]:
    return intake_exit(*args)[1]


def intake_exit(*args: str) -> tuple[int, list[dict]]:
    """What `scoreline intake ... --format json` would exit with, and the documents it lists."""
    out, code = StringIO(), 0
    try:
        call_command("intake", *args, "--format", "json", stdout=out)
    except CommandError as error:
        if not out.getvalue():
            raise
        code = error.returncode
    return code, json.loads(out.getvalue())


def import_fixture(name: str, dealer: str = "lakeside") -> dict:
    (document,) = intake(
        "file", str(ADF_FIXTURES / name), "--dealer", dealer, "--source", "website"
    )
    return document


def only_item(document: dict) -> dict:
    assert document["status"] == "done", document
    (item,) = document["items"]
    return item


def test_fixture_01_the_spec_example(cast):
    item = only_item(import_fixture("01_spec_minimal_lead_verbatim.xml"))
    assert item["result"] == "created"
    assert (item["person"], item["phone"], item["vehicle"]) == (
        "John Doe",
        "393-999-3922",  # area code 393 is not in use: kept as written, not verified
        "Chevrolet Blazer",
    )
    assert item["received_at"] == "2000-03-30T23:30:20+00:00"
    assert item["assigned_to"] == "logan"


def test_fixture_02_drops_the_nonsense_email_but_keeps_the_phone(cast):
    item = only_item(import_fixture("02_wikipedia_validating_variant.xml"))
    assert (item["person"], item["phone"], item["email"]) == ("First Last", "+13232233322", "")
    assert item["received_at"] == "2000-03-30T23:30:20+00:00"  # the truncated -08:0


def test_fixture_03_reads_a_time_without_offset_in_the_dealers_zone(cast):
    item = only_item(import_fixture("03_mygoaltracking_email_body_nonstandard_phone_types.xml"))
    assert (item["email"], item["phone"]) == ("johnny@customer.com", "+18574857485")
    assert item["received_at"] == "2008-06-25T15:47:50+00:00"  # 08:47:50 in Los Angeles (PDT)
    lead = Lead.objects.get(pk=item["lead"])
    assert (lead.vehicle_make, lead.vehicle_model, lead.vehicle_condition) == (
        "BUICK",
        "Regal",
        "used",
    )
    assert lead.vehicle["vin"] == "2G4WF52L6S1472882" and lead.message == "What is your best price?"


def test_fixture_06_keeps_the_provider_id_price_and_vendor_extension(cast):
    item = only_item(import_fixture("06_fuller_lead_with_vendor_extension_and_provider.xml"))
    lead = Lead.objects.get(pk=item["lead"])
    assert Inquiry.objects.get(lead=lead).provider_id == "Cobalt:38889"
    assert lead.vehicle["price"] == "26995" and lead.vehicle["currency"] == "USD"
    assert lead.vehicle["partner-score"] == "97" and lead.vehicle["options"] == ["Sport"]
    assert lead.person.email == "jdoe@example.com"


def test_fixture_07_refuses_each_prospect_with_its_reason_and_keeps_the_payload(cast):
    document = import_fixture("07_multiple_prospects_resend.xml")
    assert document["status"] == "failed"
    errors = [(i["code"], i["where"]) for i in document["items"]]
    assert errors == [
        ("bad_date", "/adf/prospect[1]/requestdate, line 1"),
        ("bad_date", "/adf/prospect[2]/requestdate, line 1"),
    ]
    assert Payload.objects.get().status == PayloadStatus.FAILED and Lead.objects.count() == 0


def test_a_failed_document_makes_the_command_exit_non_zero_and_a_good_one_zero(cast):
    bad, good = (
        str(ADF_FIXTURES / name)
        for name in ("07_multiple_prospects_resend.xml", "01_spec_minimal_lead_verbatim.xml")
    )
    code, documents = intake_exit("file", bad, good, "--dealer", "lakeside", "--source", "website")
    assert code == 1 and [d["status"] for d in documents] == ["failed", "done"]
    code, documents = intake_exit("file", good, "--dealer", "lakeside", "--source", "website")
    assert code == 0 and documents[0]["status"] == "duplicate"  # already imported: no failure


def test_fixture_08_is_recognised_as_doorlinkenvoorraad(cast):
    item = only_item(import_fixture("08_NL_doorlinkenvoorraad_lead-1.2_xml_not_adf.xml", "noord"))
    assert (item["person"], item["email"]) == ("John Doe", "john.doe@hotmail.com")
    assert Payload.objects.get().format == "doorlinkenvoorraad"


def test_the_same_file_twice_imports_once(cast):
    import_fixture("06_fuller_lead_with_vendor_extension_and_provider.xml")
    again = import_fixture("06_fuller_lead_with_vendor_extension_and_provider.xml")
    assert again["status"] == "duplicate" and again["duplicate_of"] is not None
    assert Lead.objects.count() == 1


def test_an_unknown_dealer_or_source_is_named(cast):
    path = str(ADF_FIXTURES / "01_spec_minimal_lead_verbatim.xml")
    with pytest.raises(CommandError, match="unknown dealer 'nowhere'"):
        intake("file", path, "--dealer", "nowhere", "--source", "website")
    with pytest.raises(CommandError, match="unknown source 'fax'"):
        intake("file", path, "--dealer", "noord", "--source", "fax")


def test_failed_lists_the_error_and_retry_imports_after_the_fix(cast, tmp_path):
    document = tmp_path / "lead.json"
    document.write_text(json.dumps({"lead_id": "7", "received_at": "2025-03-14T10:00:00+01:00"}))
    first = intake("file", str(document), "--dealer", "noord", "--source", "website")[0]
    assert first["status"] == "failed"
    (failed,) = intake("failed")
    assert failed["payload"] == first["payload"]
    assert failed["items"][0]["code"] == "no_contact"
    # The fix: the person's phone is added to the stored payload by an operator.
    payload = Payload.objects.get(pk=first["payload"])
    payload.body = json.dumps(
        {"lead_id": "7", "received_at": "2025-03-14T10:00:00+01:00", "phone": "0612345678"}
    ).encode()
    payload.save()
    (retried,) = intake("retry", str(payload.pk))
    assert retried["status"] == "done" and retried["items"][0]["result"] == "created"
    assert intake("failed") == []


def mail_with_adf(subject: str, adf: bytes, *, attached: bool) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "leads@oem.example",
        "sales@noord.example",
        subject,
    )
    message["Message-ID"] = f"<{subject.replace(' ', '-')}@oem.example>"
    if attached:
        message.set_content("A new lead is attached.")
        message.add_attachment(adf, maintype="application", subtype="xml", filename="lead.xml")
    else:
        message.set_content("New lead from kia.nl:\n\n" + adf.decode() + "\n\nRegards")
    return message.as_bytes()


def test_mail_finds_adf_in_the_body_and_in_attachments_from_eml_mbox_and_maildir(cast, tmp_path):
    adf = (ADF_FIXTURES / "03_mygoaltracking_email_body_nonstandard_phone_types.xml").read_bytes()
    other = (  # another person: every phone of hers differs from Johnny's (any one would join them)
        adf.replace(b"johnny@customer.com", b"mary@customer.com")
        .replace(b"857-485-7485", b"555-201-0000")
        .replace(b"867-586-7584", b"555-201-0001")
        .replace(b"979-685-9685", b"555-201-0002")
    )
    (tmp_path / "one.eml").write_bytes(mail_with_adf("lead one", adf, attached=False))
    box = mailbox.mbox(tmp_path / "leads.mbox")
    box.add(mail_with_adf("lead two", other, attached=True))
    box.flush()
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    maildir.add(mail_with_adf("lead three", other, attached=True))
    paths = [str(tmp_path / "one.eml"), str(tmp_path / "leads.mbox"), str(tmp_path / "Maildir")]
    documents = intake("mail", *paths, "--dealer", "lakeside", "--source", "website")
    assert [d["status"] for d in documents] == ["done", "done", "done"]
    # Mary's lead mailed a second time is a repeat inquiry on her lead, not a new lead.
    assert [d["items"][0]["result"] for d in documents] == ["created", "created", "repeat"]
    assert documents[0]["items"][0]["where"].startswith("body part")
    assert Payload.objects.filter(format="email").count() == 3  # every mail kept, raw
    assert Lead.objects.count() == 2


def test_the_worker_entry_point_processes_the_queue(cast):
    from scoreline.intake import processing

    body = (ADF_FIXTURES / "01_spec_minimal_lead_verbatim.xml").read_bytes()
    processing.receive(
        body,
        channel="adf",
        format="adf",
        dealer=cast.lakeside,
        source=Source.objects.get(slug="website"),
        at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert processing.process_pending(limit=10) == 1
    assert Lead.objects.count() == 1


def test_a_file_no_reader_knows_is_kept_and_listed_as_failed(cast, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Call Anna back about the EV3")
    (document,) = intake("file", str(path), "--dealer", "noord", "--source", "website")
    assert document["status"] == "failed" and "not a lead document" in document["error"]
    payload = Payload.objects.get()
    assert bytes(payload.body) == b"Call Anna back about the EV3"
    assert [d["payload"] for d in intake("failed")] == [payload.pk]


def test_an_operator_releases_the_claims_of_a_dead_worker(cast):
    from scoreline.intake import processing

    stuck = [
        processing.receive(f"<adf>{i}</adf>".encode(), channel="adf", format="adf")
        for i in range(2)
    ]
    assert all(processing.claim(p.pk) for p in stuck)  # the worker died holding both

    call_command("intake", "release", str(stuck[0].pk), stderr=StringIO(), stdout=StringIO())
    statuses = [Payload.objects.get(pk=p.pk).status for p in stuck]
    assert statuses == [PayloadStatus.PENDING, PayloadStatus.PROCESSING]
    err = StringIO()
    call_command("intake", "release", stderr=err, stdout=StringIO())
    assert "1 payload(s) put back" in err.getvalue()
    assert not Payload.objects.filter(status=PayloadStatus.PROCESSING).exists()
