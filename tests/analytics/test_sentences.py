"""How a cut is named in a sentence."""

import pytest

from scoreline.analytics.sentences import cut_label


@pytest.mark.parametrize(
    ("lang", "named"), [("en", "(not set)"), ("nl", "(niet ingevuld)"), ("fr", "(non renseigné)")]
)
def test_a_cut_without_a_value_is_named_in_words_not_a_dash(lang: str, named: str) -> None:
    assert cut_label(lang, {"dealer": None}) == named


@pytest.mark.parametrize(
    ("lang", "named"),
    [
        ("en", "Leads without a campaign"),
        ("nl", "Leads zonder campagne"),
        ("fr", "Leads sans campagne"),
    ],
)
def test_the_leads_without_a_campaign_are_named_so(lang: str, named: str) -> None:
    assert cut_label(lang, {"campaign": None}) == named


def test_a_value_is_named_as_the_language_says_it() -> None:
    said_as = {"Phone": "Telefoon"}
    assert cut_label("nl", {"source": "Phone", "month": "2025-03"}, said_as) == (
        "Telefoon in maart 2025"
    )
    assert cut_label("nl", {"source": "AutoTrack"}, said_as) == "AutoTrack"


def test_a_cut_with_a_month_names_it_last() -> None:
    assert cut_label("nl", {"source": "AutoTrack", "month": "2025-03"}) == "AutoTrack in maart 2025"
