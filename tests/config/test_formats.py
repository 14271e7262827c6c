"""One way to write a moment per language: 24-hour clock, month names as the language writes
them (lower case in Dutch and French)."""

from datetime import datetime

import pytest
from django.utils import formats, translation

MOMENT = datetime(2026, 10, 1, 8, 37)


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("nl", "do 1 okt 2026 08:37"),
        ("fr", "jeu 1 oct 2026 08:37"),
        ("en", "Thu 1 Oct 2026, 08:37"),
    ],
)
def test_a_moment_is_written_one_way_per_language(language: str, written: str) -> None:
    with translation.override(language):
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == written
        assert "a.m." not in formats.date_format(MOMENT, "DATETIME_FORMAT")
