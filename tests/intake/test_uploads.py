"""A leads file uploaded on the imports page: held, previewed, confirmed, remembered."""

import pytest
from cast import build_cast

from scoreline.intake import processing, uploads
from scoreline.intake.models import ColumnMapping, PayloadStatus
from scoreline.leads.models import Lead

pytestmark = pytest.mark.django_db
EXPORT = (
    "Datum;Klant;Mobiel;Kenteken;Bron\n"
    "14-03-2025 10:00;Eva van Dijk;0612345678;AB-123-C;Website\n"
).encode("cp1252")  # fmt: skip


@pytest.fixture
def cast():
    return build_cast()


def test_a_held_file_waits_until_its_columns_are_confirmed_then_imports_with_them(cast):
    payload = uploads.hold(cast.noord, "leads", "export.csv", EXPORT)
    assert processing.process_pending() == 0 and payload.status == PayloadStatus.HELD
    guess = uploads.preview(payload)
    assert [c.field for c in guess.columns] == ["received_at", "full_name", "phone", "", "source"]
    assert guess.preview_rows() == [
        ["14-03-2025 10:00", "Eva van Dijk", "0612345678", "AB-123-C", "Website"]
    ]
    chosen = {"Datum": "received_at", "Klant": "full_name", "Mobiel": "phone", "Kenteken": "",
              "Bron": "source"}  # fmt: skip
    assert uploads.confirm(payload, chosen) is True
    assert uploads.confirm(payload, chosen) is False  # a second tab confirms nothing twice
    processing.process_pending()
    payload.refresh_from_db()
    assert payload.status == PayloadStatus.DONE, (payload.error, payload.meta)
    eva = Lead.objects.get()
    assert (eva.person.last_name, eva.person.phone) == ("van Dijk", "+31612345678")
    assert eva.received_at.isoformat() == "2025-03-14T09:00:00+00:00"


def test_the_dealers_confirmed_choice_is_where_its_next_upload_starts(cast):
    first = uploads.hold(cast.noord, "leads", "export.csv", EXPORT)
    uploads.confirm(first, {"Datum": "received_at", "Klant": "last_name", "Mobiel": "phone"})
    assert ColumnMapping.objects.get(dealer=cast.noord).columns["last_name"] == "Klant"
    again = uploads.hold(cast.noord, "leads", "export-april.csv", EXPORT)
    fields = {c.header: c.field for c in uploads.preview(again).columns}
    assert fields["Klant"] == "last_name"  # not the guess (full_name): the dealer's choice
    elsewhere = uploads.hold(cast.lakeside, "leads", "export.csv", EXPORT)
    assert {c.header: c.field for c in uploads.preview(elsewhere).columns}["Klant"] == "full_name"


def test_other_kinds_of_file_go_to_the_worker_at_once(cast):
    payload = uploads.hold(cast.noord, "costs", "costs.csv", b"source,month,amount\n")
    assert payload.status == PayloadStatus.PENDING
