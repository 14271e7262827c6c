"""Cell values as people write them: statuses, lost reasons, new or used, whole names."""

import pytest

from scoreline.intake.values import normalised, split_name


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Verkocht", "won"),
        ("Gewonnen", "won"),
        ("Vendu", "won"),
        ("Verloren", "lost"),
        ("Perdu", "lost"),
        ("Open", "open"),
        ("Lopend", "open"),
        ("En cours", "open"),
        ("Misschien", "Misschien"),  # unknown: left for the reader to refuse by name
    ],
)
def test_a_status_in_dutch_french_or_english_becomes_open_won_or_lost(status, expected):
    assert normalised({"status": status})["status"] == expected


def test_a_status_that_is_a_lost_reason_is_lost_with_that_reason():
    assert normalised({"status": "Geen interesse"}) == {
        "status": "lost",
        "lost_reason": "not_interested",
    }
    assert normalised({"status": "Perdu", "lost_reason": "Acheté ailleurs"})["lost_reason"] == (
        "bought_elsewhere"
    )
    assert normalised({"status": "lost", "lost_reason": "Klant verhuisd"})["lost_reason"] == (
        "Klant verhuisd"
    )


def test_new_or_used_in_three_languages():
    found = [normalised({"vehicle_condition": c})["vehicle_condition"] for c in
             ("Nieuw", "Occasion", "Neuf", "Gebruikt", "used")]  # fmt: skip
    assert found == ["new", "used", "new", "used", "used"]


@pytest.mark.parametrize(
    ("whole", "first", "last"),
    [
        ("Anna de Vries", "Anna", "de Vries"),
        ("Jan van der Berg", "Jan", "van der Berg"),
        ("Anna Maria van Dijk", "Anna Maria", "van Dijk"),
        ("Pieter 't Hart", "Pieter", "'t Hart"),
        ("Karel Van den Broeck", "Karel", "Van den Broeck"),
        ("Jean de la Fontaine", "Jean", "de la Fontaine"),
        ("Marie-Claire Dubois", "Marie-Claire", "Dubois"),
        ("Vries, Anna de", "Anna", "de Vries"),
        ("Dhr. J. de Jong", "J.", "de Jong"),
        ("Mme Chloé Peeters", "Chloé", "Peeters"),
        ("Jansen", "", "Jansen"),
    ],
)
def test_a_whole_name_splits_with_its_particles_kept_with_the_last_name(whole, first, last):
    assert split_name(whole) == (first, last)


def test_a_whole_name_is_split_only_where_the_row_has_no_first_or_last_name():
    assert normalised({"full_name": "Jan van der Berg"})["last_name"] == "van der Berg"
    kept = normalised({"full_name": "Jan van der Berg", "first_name": "Johannes"})
    assert (kept["first_name"], kept.get("last_name")) == ("Johannes", None)
