"""`scoreline import DIR`: the exchange format, another CRM's export, row-level errors, repeatable.

The folder tests/intake/exchange holds the story: Anna (won, asked twice), Bert (lost after one
call, then bought), Chloé at a Belgian site, and rows that are wrong in one way each.
"""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from cast import build_cast
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from scoreline.dealers.models import Dealer
from scoreline.followup.models import Activity, ActivityKind, Direction
from scoreline.intake.models import Payload
from scoreline.leads.models import Inquiry, Lead, LeadStatus, MonthlyCost, Order

pytestmark = pytest.mark.django_db

EXCHANGE = Path(__file__).parent / "exchange"


@pytest.fixture
def cast():
    return build_cast()


@pytest.fixture
def folder(tmp_path):
    """A copy of tests/intake/exchange: every file of the format, with a bad row in several."""
    for path in EXCHANGE.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def exit_code_and_report(folder, *args: str) -> tuple[int, dict]:
    """What `scoreline import --format json` would exit with, and its report by file."""
    out, code = StringIO(), 0
    try:
        call_command("import", str(folder), *args, "--format", "json", stdout=out)
    except CommandError as error:
        code = error.returncode
    report = json.loads(out.getvalue())
    return code, {f["file"]: f for f in report["files"]} | {
        "flagged": report["closed_without_standard"]
    }


def run_import(folder, *args: str) -> dict:
    return exit_code_and_report(folder, *args)[1]


def test_an_exchange_folder_imports_with_row_level_errors_and_valid_rows_kept(cast, folder):
    report = run_import(folder)
    oost = Dealer.objects.get(name="Garage Oost")
    assert (oost.country, oost.customer_language) == ("BE", "fr")  # a Walloon site
    assert Dealer.objects.get(name="Autohuis Noord").customer_language == "nl"  # the country's
    leads = report["leads.csv"]
    assert leads["counts"]["created"] == 3 and leads["counts"]["repeat"] == 1
    errors = {e["where"]: e["problem"] for e in leads["errors"]}
    assert errors == {
        "leads.csv, row 6, column received_at": "received_at '4 maart' is not a date and time",
        "leads.csv, row 7, column source": (
            "source 'televisie' is unknown (or import with --create-sources)"
        ),
        "leads.csv, row 8, column dealer": "dealer 'Nergens' is unknown (add it to dealers.csv)",
        "leads.csv, row 9": "the lead has no phone number and no e-mail address",
    }
    anna = Lead.objects.get(person__email="anna@example.nl")
    assert [i.is_repeat for i in anna.inquiries.all()] == [
        False,
        True,
    ]  # L2: same e-mail, 7 days on
    assert anna.status == LeadStatus.WON and anna.assigned_to == cast.sanne and anna.is_imported
    chloe = Lead.objects.get(person__email="chloe@example.be")
    assert chloe.person.phone == "+32470123456"  # read in Garage Oost's country
    assert chloe.assigned_to is None  # open, but Garage Oost has nobody on duty yet
    bert = Lead.objects.get(person__phone="+31622222222")
    assert bert.assigned_to == cast.bram


def test_a_dealer_in_an_unknown_language_is_refused_naming_the_cell(cast, tmp_path):
    (tmp_path / "dealers.csv").write_text("dealer,country,language\nAutohaus Süd,DE,de\n")

    report = run_import(tmp_path)

    (error,) = report["dealers.csv"]["errors"]
    assert error["where"] == "dealers.csv, row 2, column language"
    assert not Dealer.objects.filter(name="Autohaus Süd").exists()


def test_a_refused_row_makes_the_command_exit_non_zero_and_a_clean_import_zero(cast, folder):
    code, report = exit_code_and_report(folder)
    assert code == 1 and report["leads.csv"]["status"] == "failed"
    (folder / "leads.csv").write_text(
        "lead_id,dealer,source,received_at,first_name,email\n"
        "N1,Autohuis Noord,website,2025-03-03T10:00:00+01:00,Nina,nina@example.nl\n"
    )
    for name in ("activities.csv", "calls.csv", "sales.csv", "costs.csv"):
        (folder / name).unlink()
    assert exit_code_and_report(folder)[0] == 0
    again, report = exit_code_and_report(folder)  # a repeat is no failure
    assert again == 0 and report["leads.csv"]["counts"]["duplicate"] == 1


def test_the_text_output_still_names_the_refused_row_before_exiting_non_zero(cast, folder):
    out = StringIO()
    with pytest.raises(CommandError, match="failed or had refused rows") as raised:
        call_command("import", str(folder), stdout=out)
    assert raised.value.returncode == 1
    assert "leads.csv, row 6, column received_at: received_at '4 maart'" in out.getvalue()


def test_history_is_never_refused_but_a_loss_without_the_effort_is_flagged(cast, folder):
    report = run_import(folder)
    bert = Lead.objects.get(person__phone="+31622222222")
    assert bert.status == LeadStatus.WON  # the order from the DMS came after the loss
    assert report["flagged"] == 0
    activities = report["activities.csv"]
    assert activities["counts"]["recorded"] == 2
    assert activities["errors"][0]["where"] == "activities.csv, row 4, column kind"


def test_a_lost_lead_without_effort_is_flagged_closed_without_standard(cast, folder):
    (folder / "sales.csv").unlink()
    report = run_import(folder)
    bert = Lead.objects.get(person__phone="+31622222222")
    assert bert.status == LeadStatus.LOST and bert.closed_without_standard is True
    assert report["flagged"] == 1


def test_calls_become_activities_inbound_included_and_orders_win_within_the_window(cast, folder):
    report = run_import(folder)
    bert = Lead.objects.get(person__phone="+31622222222")
    inbound = Activity.objects.get(lead=bert, direction=Direction.INBOUND)
    assert (inbound.kind, inbound.outcome, inbound.duration_s, inbound.by) == (
        "call",
        "reached",
        95,
        cast.bram,
    )
    anna = Lead.objects.get(person__email="anna@example.nl")
    assert Activity.objects.filter(lead=anna, kind=ActivityKind.CALL, outcome="no_answer").exists()
    assert report["calls.csv"]["errors"][0]["where"] == "calls.csv, row 4, column direction"
    assert Order.objects.get(order_id="O-1").lead == bert
    assert Order.objects.get(order_id="O-2").lead is None  # eight months on: outside 90 days
    sales = Payload.objects.get(meta__kind="sales")
    assert sales.results.get(position=1).note == "no lead matched"
    assert MonthlyCost.objects.count() == 2


def test_importing_the_same_folder_again_adds_nothing(cast, folder):
    run_import(folder)
    counts = (
        Lead.objects.count(),
        Inquiry.objects.count(),
        Activity.objects.count(),
        Order.objects.count(),
    )
    again = run_import(folder)
    assert (
        Lead.objects.count(),
        Inquiry.objects.count(),
        Activity.objects.count(),
        Order.objects.count(),
    ) == counts
    assert again["leads.csv"]["counts"]["duplicate"] == 4


def test_a_wrong_header_refuses_the_file_naming_the_missing_column(cast, folder):
    (folder / "leads.csv").write_text("id,dealer,when\n1,Autohuis Noord,2025-03-03\n")
    report = run_import(folder)
    (error,) = report["leads.csv"]["errors"]
    assert "lacks received_at" in error["problem"] and "found: id, dealer, when" in error["problem"]


def test_another_crms_xlsx_export_imports_through_a_column_mapping(cast, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Nr", "Vestiging", "Bron", "Aangemaakt", "Voornaam", "Achternaam", "Mobiel", "Merk"]
    )
    sheet.append(
        [
            101,
            "Autohuis Noord",
            "website",
            "03-03-2025 10:00",
            "Anna",
            "de Vries",
            "0612345678",
            "Kia",
        ]
    )
    book.save(tmp_path / "export.xlsx")
    mapping = {
        "files": {"leads": "export.xlsx"},
        "columns": {
            "leads": {
                "lead_id": "Nr",
                "dealer": "Vestiging",
                "source": "Bron",
                "received_at": "Aangemaakt",
                "first_name": "Voornaam",
                "last_name": "Achternaam",
                "phone": "Mobiel",
                "vehicle_make": "Merk",
            }
        },
        "date_formats": ["%d-%m-%Y %H:%M"],
    }
    (tmp_path / "mapping.json").write_text(json.dumps(mapping))
    report = run_import(tmp_path, "--mapping", str(tmp_path / "mapping.json"))
    assert report["export.xlsx"]["counts"]["created"] == 1
    lead = Lead.objects.get()
    assert (lead.person.phone, lead.vehicle_make) == ("+31612345678", "Kia")
    assert lead.received_at.isoformat() == "2025-03-03T09:00:00+00:00"


def test_a_latin_1_file_reads_as_the_same_file_in_utf_8(cast, folder):
    text = (folder / "leads.csv").read_text(encoding="utf-8")
    (folder / "leads.csv").write_bytes(text.encode("latin-1"))
    report = run_import(folder)
    assert report["leads.csv"]["counts"]["created"] == 3
    assert Lead.objects.filter(person__first_name="Chloé").exists()


def test_a_file_that_is_not_text_is_refused_naming_the_line(cast, folder):
    (folder / "leads.csv").write_bytes(b"lead_id,received_at\n\x00\x81\x00\x9d" * 40)
    report = run_import(folder)
    (error,) = report["leads.csv"]["errors"]
    assert error["problem"] == (
        "the file is not text in UTF-8, Windows-1252 or Latin-1: byte 0x81 cannot be read"
        " (at leads.csv, line 2)"
    )
    assert report["sales.csv"]["counts"]["recorded"] == 2


def test_an_open_lead_nobody_owns_is_assigned_by_the_dealers_rule(cast, folder):
    (folder / "leads.csv").write_text(
        "lead_id,dealer,source,received_at,first_name,email,status\n"
        "N1,Autohuis Noord,website,2025-03-03T10:00:00+01:00,Nina,nina@example.nl,open\n"
    )
    run_import(folder)
    nina = Lead.objects.get(person__email="nina@example.nl")
    assert nina.assigned_to in (cast.sanne, cast.bram) and nina.is_imported


def upload(kind: str, body: bytes) -> None:
    """As the imports page does: store the file, the worker imports it later."""
    from scoreline.intake import processing, spreadsheet
    from scoreline.intake.models import Format
    from scoreline.leads.models import Channel

    options = spreadsheet.Options(dealer="Autohuis Noord")
    processing.receive(
        body, channel=Channel.SPREADSHEET, format=Format.EXCHANGE, whole_duplicates=False,
        meta={"file": f"{kind}.csv", "kind": kind, "options": options.as_meta()},
    )  # fmt: skip
    processing.process_pending()


def test_a_later_activities_upload_settles_the_flag_of_a_loss(cast):
    upload("leads", (EXCHANGE / "leads.csv").read_bytes())
    bert = Lead.objects.get(person__phone="+31622222222")
    assert bert.closed_without_standard is True  # lost, and nothing known of any effort
    upload("activities", b"lead_id,at,kind,outcome\nL3,2025-03-04T10:00:00+01:00,call,reached\n")
    bert.refresh_from_db()
    assert bert.closed_without_standard is False  # Bert was reached before the loss


def test_an_export_listing_newest_first_still_makes_the_first_lead_first(cast, folder):
    (folder / "leads.csv").write_text(
        "lead_id,dealer,source,received_at,first_name,email\n"
        "N2,Autohuis Noord,website,2025-03-20T10:00:00+01:00,Nina,nina@example.nl\n"
        "N1,Autohuis Noord,website,2025-03-03T10:00:00+01:00,Nina,nina@example.nl\n"
    )
    run_import(folder)
    nina = Lead.objects.get(person__email="nina@example.nl")
    assert [(i.provider_id, i.is_repeat) for i in nina.inquiries.all()] == [
        ("exchange:N1", False),
        ("exchange:N2", True),
    ]


def test_rows_with_other_offsets_are_put_in_the_order_of_their_moments(cast, folder):
    # 10:30 in Amsterdam came half an hour before 10:00 in UTC, whatever the wall clocks say
    (folder / "leads.csv").write_text(
        "lead_id,dealer,source,received_at,first_name,email\n"
        "Z2,Autohuis Noord,website,2025-03-03T10:00:00Z,Nina,nina@example.nl\n"
        "Z1,Autohuis Noord,website,2025-03-03T10:30:00+01:00,Nina,nina@example.nl\n"
    )
    run_import(folder)
    nina = Lead.objects.get(person__email="nina@example.nl")
    assert [(i.provider_id, i.is_repeat) for i in nina.inquiries.order_by("received_at")] == [
        ("exchange:Z1", False),
        ("exchange:Z2", True),
    ]
