"""The audit trail's reasons are said again in the reader's language."""

from __future__ import annotations

import pytest

from scoreline.leads import audit


def test_the_products_words_are_said_in_the_readers_language_and_typed_text_as_written() -> None:
    parts = [
        audit.lost_reason_part("duplicate", "Dubbele aanvraag"),
        audit.said("duplicate_of", other=12),
        audit.typed("klant belde zelf"),
    ]
    assert audit.reason_text(parts, "en") == (
        "Duplicate inquiry — duplicate of lead #12 — klant belde zelf"
    )
    assert audit.reason_text(parts, "fr") == (
        "Demande en double — doublon du lead n° 12 — klant belde zelf"
    )
    assert audit.written_text(parts).startswith("Dubbele aanvraag — ")


def test_an_unknown_key_is_refused_when_written() -> None:
    with pytest.raises(ValueError, match="no audit text 'nope'"):
        audit.said("nope")


def test_an_event_from_before_the_parts_shows_its_reason_as_written() -> None:
    assert audit.shown_reason("rule: Used", []) == "rule: Used"
