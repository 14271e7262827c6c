"""Headers as people write them, in Dutch, French and English."""

import pytest

from scoreline.intake.headers import field_of, fold


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Telefoon", "phone"),
        ("GSM", "phone"),
        ("Téléphone", "phone"),
        ("TELEPHONE", "phone"),
        ("E-mailadres", "email"),
        ("Courriel", "email"),
        ("Herkomst", "source"),
        ("Aanvraagdatum", "received_at"),
        ("Date de la demande", "received_at"),
        ("Vendeur", "salesperson"),
        ("Marque", "vehicle_make"),
        ("Datum afgesloten", "closed_at"),
        ("Tijd", "received_time"),
        ("Naam", "full_name"),
        ("Prénom", "first_name"),
    ],
)
def test_a_known_name_is_found_whatever_its_case_and_accents(header, field):
    assert field_of(header) == (field, 1.0)


def test_a_known_name_inside_a_longer_header_is_found_less_surely():
    assert field_of("Telefoonnummer klant (mobiel)") == ("phone", 0.85)


def test_a_near_miss_is_found_and_says_how_near():
    field, confidence = field_of("Telefonnummer")
    assert field == "phone" and 0.6 < confidence < 0.85


def test_a_short_name_inside_a_header_says_nothing_and_an_unknown_header_is_none():
    assert field_of("Datum laatste contact") is None
    assert field_of("Kenteken") is None and field_of("  ") is None


def test_fold_drops_case_accents_and_punctuation():
    assert fold("  Date de la Création / Heure ") == "date de la creation heure"
