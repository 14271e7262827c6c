"""`scoreline import PATH --guess-mapping`: a dealer's own export, read as it comes.

tests/intake/dealer_exports holds files as dealers' tools write them: a Dutch CRM's export
(Windows-1252, semicolons, a title row, whole names, Dutch statuses), a Belgian Excel "CSV
UTF-8" (byte order mark, French headers, the date and the time in two columns); the French
workbook is built here, with a title row and Excel's own dates.
"""

import json
import shutil
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from cast import build_cast, person
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from scoreline.dealers.models import Dealer, Role
from scoreline.leads.models import Lead, LeadStatus, Source

pytestmark = pytest.mark.django_db
EXPORTS = Path(__file__).parent / "dealer_exports"
# After every date in the exports: the tests never depend on today's date.
AFTER = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def cast():
    with time_machine.travel(AFTER, tick=False):
        yield build_cast()


def run(*args: str) -> tuple[int, dict]:
    """What `scoreline import ... --format json` exits with, and what it writes."""
    out, code = StringIO(), 0
    try:
        call_command("import", *args, "--format", "json", stdout=out)
    except CommandError as error:
        code = error.returncode
    return code, json.loads(out.getvalue()) if out.getvalue() else {}


def export(name: str, tmp_path: Path) -> str:
    shutil.copy(EXPORTS / name, tmp_path / name)
    return str(tmp_path / name)


def lead_of(email: str = "", phone: str = "") -> Lead:
    found = Lead.objects.select_related("person", "assigned_to", "lost_reason", "source")
    return found.get(person__email=email) if email else found.get(person__phone=phone)


def test_a_dutch_crms_windows_1252_export_imports_every_field_where_it_belongs(cast, tmp_path):
    path = export("nl_crm_windows_1252.csv", tmp_path)
    code, report = run(path, "--dealer", "noord", "--guess-mapping")
    (file,) = report["files"]
    assert file["counts"]["created"] == 3
    jan = lead_of("jan@example.nl")
    assert (jan.person.first_name, jan.person.last_name, jan.person.phone) == (
        "Jan", "van der Berg", "+31612345678",
    )  # fmt: skip
    assert jan.received_at == datetime(2026, 12, 4, 8, 15, tzinfo=UTC)  # 09:15 in Amsterdam
    assert (jan.vehicle_make, jan.vehicle_model, jan.vehicle_condition) == ("Kia", "EV3", "new")
    assert (jan.status, jan.assigned_to, jan.source) == (LeadStatus.OPEN, cast.sanne, cast.website)
    renee = lead_of(phone="+31612345679")
    assert (renee.person.first_name, renee.person.last_name) == ("Renée", "'t Hart")
    assert (renee.status, renee.assigned_to, renee.source) == ("won", cast.bram, cast.marktplaats)
    assert renee.closed_at == datetime(2026, 12, 20, 15, 0, tzinfo=UTC)
    assert renee.vehicle_condition == "used"
    piet = lead_of("piet@example.nl")
    assert (piet.person.first_name, piet.person.last_name) == ("Piet", "de Vries")
    assert (piet.status, piet.lost_reason.code) == (LeadStatus.LOST, "not_interested")


def test_a_refused_row_of_a_guessed_import_is_named_and_the_command_exits_non_zero(cast, tmp_path):
    code, report = run(export("nl_crm_windows_1252.csv", tmp_path), "--dealer", "noord",
                       "--guess-mapping")  # fmt: skip
    (error,) = report["files"][0]["errors"]
    assert code == 1 and error["where"] == "nl_crm_windows_1252.csv, row 7"
    assert "no phone number and no e-mail address" in error["problem"]


def test_the_guess_is_shown_with_confidence_and_the_first_values_as_read(cast, tmp_path):
    out = StringIO()
    call_command("import", export("nl_crm_windows_1252.csv", tmp_path), "--dealer", "noord",
                 "--guess-mapping", "--dry-run", stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "nl_crm_windows_1252.csv (leads), header on row 3:" in text
    assert "  Telefoonnummer → phone (100%): 06-12345678 | 0612345679" in text
    assert "  Bedrag → (not imported): 1.250,50 | € 24.995,00" in text
    assert "dates read as %d-%m-%Y %H:%M" in text
    assert Lead.objects.count() == 0  # a dry run imports nothing


def test_a_saved_guess_imports_the_same_way_through_mapping(cast, tmp_path):
    path = export("nl_crm_windows_1252.csv", tmp_path)
    saved = tmp_path / "noord.json"
    run(path, "--dealer", "noord", "--guess-mapping", "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text())
    assert mapping["columns"]["leads"]["full_name"] == "Naam"
    assert mapping["files"] == {"leads": "nl_crm_windows_1252.csv"}
    assert mapping["date_formats"] == ["%d-%m-%Y %H:%M"]
    code, report = run(str(tmp_path), "--dealer", "noord", "--mapping", str(saved))
    assert report["files"][0]["counts"]["created"] == 3
    assert lead_of("jan@example.nl").person.last_name == "van der Berg"


def test_a_belgian_excel_csv_utf_8_with_date_and_time_in_two_columns(cast, tmp_path):
    oost = Dealer.objects.create(name="Garage Oost", slug="oost", country="BE",
                                 time_zone="Europe/Brussels")  # fmt: skip
    person("lotte", "Lotte", oost, Role.SALESPERSON, last="Peeters")
    code, report = run(export("be_excel_csv_utf8.csv", tmp_path), "--dealer", "oost",
                       "--guess-mapping")  # fmt: skip
    assert code == 0 and report["files"][0]["counts"]["created"] == 2
    chloe = lead_of("chloe@example.be")
    assert (chloe.person.first_name, chloe.person.last_name) == ("Chloé", "Van den Broeck")
    assert (chloe.person.phone, chloe.dealer) == ("+32470123456", oost)
    assert chloe.received_at == datetime(2026, 3, 13, 8, 15, tzinfo=UTC)  # 13/03, 09:15 CET
    pieter_jan = lead_of(phone="+32471987654")
    assert pieter_jan.received_at == datetime(2026, 3, 2, 15, 40, tzinfo=UTC)  # 2 March, not 3 Feb
    assert pieter_jan.vehicle_model == "EV6" and pieter_jan.status == LeadStatus.OPEN


def french_workbook(path: Path) -> None:
    book = Workbook()
    book.active.title = "Résumé"
    book.active.append(["Export du CRM, mars 2026"])
    sheet = book.create_sheet("Demandes")
    sheet.append(["Demandes de la Concession du Lac"])
    sheet.append(["Date de la demande", "Nom du client", "Téléphone", "Courriel", "Origine",
                  "Marque", "Modèle", "Statut", "Date de clôture", "Motif de perte"])  # fmt: skip
    lost = "Acheté ailleurs"
    sheet.append([datetime(2026, 3, 2, 9, 30), "Jean de la Fontaine", "06 12 34 56 78", "",
                  "Site web", "Kia", "Niro", "Perdu", datetime(2026, 3, 9), lost])  # fmt: skip
    sheet.append([datetime(2026, 3, 4, 14, 0), "Marie-Claire Dubois", "", "mc@example.fr",
                  "Site web", "Kia", "EV3", "Vendu", datetime(2026, 3, 20, 17, 0), ""])  # fmt: skip
    book.save(path)


def test_a_french_workbook_with_a_title_row_and_excels_dates(cast, tmp_path):
    Dealer.objects.create(name="Concession du Lac", slug="lac", country="FR",
                          time_zone="Europe/Paris")  # fmt: skip
    french_workbook(tmp_path / "export_crm.xlsx")
    code, report = run(str(tmp_path), "--dealer", "lac", "--guess-mapping", "--create-sources")
    assert code == 0 and report["files"][0]["counts"]["created"] == 2, report
    guess = report["guesses"][0]
    assert guess["header_row"] == 2 and guess["missing"] == []
    jean = lead_of(phone="+33612345678")
    assert (jean.person.first_name, jean.person.last_name) == ("Jean", "de la Fontaine")
    assert jean.received_at == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert (jean.status, jean.lost_reason.code) == (LeadStatus.LOST, "bought_elsewhere")
    assert jean.source == Source.objects.get(name="Site web")
    marie = lead_of("mc@example.fr")
    assert (marie.person.first_name, marie.status) == ("Marie-Claire", LeadStatus.WON)
    assert marie.closed_at == datetime(2026, 3, 20, 16, 0, tzinfo=UTC)


def test_a_file_without_a_date_column_is_not_imported_and_says_what_is_missing(cast, tmp_path):
    (tmp_path / "lijst.csv").write_text("Naam;Telefoon\nAnna;0612345678\n")
    code, _ = run(str(tmp_path / "lijst.csv"), "--dealer", "noord", "--guess-mapping")
    assert code == 1 and Lead.objects.count() == 0
    with pytest.raises(CommandError, match="lijst.csv has no column for received_at"):
        call_command("import", str(tmp_path / "lijst.csv"), "--dealer", "noord",
                     "--guess-mapping", stdout=StringIO())  # fmt: skip


def test_importing_the_same_export_again_adds_nothing(cast, tmp_path):
    path = export("be_excel_csv_utf8.csv", tmp_path)
    Dealer.objects.create(name="Garage Oost", slug="oost", country="BE")
    run(path, "--dealer", "oost", "--guess-mapping")
    code, report = run(path, "--dealer", "oost", "--guess-mapping")
    assert code == 0 and report["files"][0]["counts"]["duplicate"] == 2
    assert Lead.objects.count() == 2
