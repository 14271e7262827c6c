"""The imports page in a browser: a CRM's own export, its columns checked before importing."""

from __future__ import annotations

from pathlib import Path

import pytest
from cast import Cast

from scoreline.intake import processing
from scoreline.intake.models import ColumnMapping
from scoreline.leads.models import Lead

from .conftest import log_in, shoot

pytestmark = pytest.mark.browser
EXPORT = (
    "Export aanvragen Autohuis Noord;;;;\r\n"
    "Aanvraagdatum;Klant;Mobiel;Kenteken;Bron\r\n"
    "14-03-2025 10:00;Eva van Dijk;0687654321;AB-123-C;Website\r\n"
    "15-03-2025 11:30;Jan de Vries;0687654322;XY-987-Z;Website\r\n"
).encode("cp1252")  # fmt: skip


def test_the_manager_corrects_a_guessed_column_and_imports_a_crm_export(
    page, stage: Cast, tmp_path: Path
) -> None:  # noqa: ANN001
    (tmp_path / "crm-export.csv").write_bytes(EXPORT)
    log_in(page, "marco")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(page.base + "/imports/")
    page.select_option("#id_kind", "leads")
    page.set_input_files("#id_file", str(tmp_path / "crm-export.csv"))
    page.click("button.primary")
    page.wait_for_url("**/preview/**")
    preview = page.locator("#preview")
    assert preview.get_by_text("Eva van Dijk").is_visible()
    assert page.get_by_label("Aanvraagdatum").input_value() == "received_at"
    assert page.get_by_label("Klant").input_value() == "full_name"
    assert page.get_by_label("Kenteken").input_value() == ""
    shoot(page, "9-import-preview")
    page.get_by_label("Klant").select_option("last_name")  # the dealer knows better
    page.get_by_role("button", name="Import with these columns").click()
    page.wait_for_url("**/imports/noord/")
    assert page.get_by_text("crm-export.csv").is_visible()
    processing.process_pending()
    eva = Lead.objects.get(person__phone="+31687654321")
    assert (eva.person.first_name, eva.person.last_name) == ("", "Eva van Dijk")
    assert ColumnMapping.objects.get(dealer=stage.noord).columns["last_name"] == "Klant"
    assert page.errors == []
