"""One rounding rule for percentages: the alert, the tile and the sentence say the same."""

from decimal import Decimal

import pytest
from django.utils import translation

from scoreline.analytics.rounding import rounded_percent
from scoreline.analytics.sentences import count as sentence_count
from scoreline.analytics.sentences import percent as sentence_percent
from scoreline.planning.pace import warning_text
from scoreline.web.templatetags.scoreline import number as page_number
from scoreline.web.templatetags.scoreline import percent as page_percent


def test_a_share_is_rounded_half_up_on_the_value_people_read() -> None:
    assert f"{0.185:.0%}" == "18%"  # Python rounds the binary float: the old alert's figure
    assert rounded_percent(0.185) == Decimal("19")
    assert rounded_percent(0.12345, 1) == Decimal("12.3")
    assert rounded_percent(0.12355, 1) == Decimal("12.4")


def test_the_page_and_the_sentence_round_alike() -> None:
    with translation.override("en"):
        assert page_percent(0.185, 0) == "19%"
        assert page_percent(0.12355) == "12.4%"
    assert sentence_percent("en", 0.12355) == "12.4 %"


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_a_sentence_groups_thousands_as_the_table_beside_it(language: str) -> None:
    with translation.override(language):
        assert sentence_count(language, 1977) == page_number(1977)
    assert sentence_count(language, 977) == "977"


def test_the_pace_warning_uses_the_same_rule() -> None:
    from datetime import UTC, date, datetime

    import numpy as np

    from scoreline.planning.pace import MonthParts, PaceForecast

    parts = MonthParts(4, np.array([0.5, 0.5]), leads_so_far=20, expected_new_leads=0, p_new=0)
    pmf = np.array([0.0, 0.0, 0.815, 0.185])  # 4 sold; P(7 by month end) = 18.5 %
    forecast = PaceForecast(
        "Noord", date(2026, 3, 1), datetime(2026, 3, 4, tzinfo=UTC), parts, 7.0, pmf
    )
    assert forecast.p_target == 0.185
    assert "unlikely (19%)" in warning_text(forecast)
