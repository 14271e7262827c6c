"""Built-in sources and lost reasons are said in the reader's language; others as written."""

from __future__ import annotations

from django.utils import translation

from scoreline.leads.names import lost_reason_label, source_name, source_names_in


def test_a_built_in_source_is_said_in_the_readers_language() -> None:
    with translation.override("nl"):
        assert source_name("Walk-in", "walk-in") == "Binnenloper"
        assert source_name("Phone") == "Telefoon"  # by its name, as a report row names it
    with translation.override("fr"):
        assert source_name("Importer", "importer") == "Importateur"


def test_any_other_source_keeps_its_name() -> None:
    with translation.override("fr"):
        assert source_name("AutoTrack", "autotrack") == "AutoTrack"


def test_a_built_in_lost_reason_is_said_by_its_code_whatever_its_label() -> None:
    with translation.override("fr"):
        assert lost_reason_label("Geen interesse", "not_interested") == "Pas intéressé"
        assert lost_reason_label("Auto te duur", "too_expensive") == "Auto te duur"


def test_the_report_learns_each_languages_names_of_the_built_in_sources() -> None:
    said = source_names_in(("nl", "fr"), [("Phone", "phone"), ("AutoTrack", "autotrack")])
    assert said == {"nl": {"Phone": "Telefoon"}, "fr": {"Phone": "Téléphone"}}
