"""The lead's vehicle details named and formatted in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from scoreline.web.vehicle import vehicle_facts

DETAILS = {"fuel": "benzine", "year": 2021, "mileage_km": 76874, "price_eur": 26350}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            [
                ("Bouwjaar", "2021"),
                ("Brandstof", "benzine"),
                ("Kilometerstand", "76.874\u00a0km"),
                ("Prijs", "€\u00a026.350"),
            ],
        ),
        (
            "fr",
            [
                ("Année", "2021"),
                ("Carburant", "essence"),
                ("Kilométrage", "76\u00a0874\u00a0km"),
                ("Prix", "26\u00a0350\u00a0€"),
            ],
        ),
        (
            "en",
            [
                ("Year of manufacture", "2021"),
                ("Fuel", "petrol"),
                ("Mileage", "76,874\u00a0km"),
                ("Price", "€26,350"),
            ],
        ),
    ],
)
def test_each_fact_is_named_and_its_number_grouped(language: str, expected: list) -> None:
    with translation.override(language):
        assert vehicle_facts(DETAILS) == expected


def test_an_intake_vehicle_folds_units_and_currency_and_keeps_unknown_keys() -> None:
    details = {
        "odometer": 41000,
        "odometer_units": "km",
        "price": "27950.00",
        "currency": "EUR",
        "price_type": "asking",
        "trade_in": [{"make": "Opel", "model": "Corsa", "year": 2015, "odometer": 120500}],
        "wheel_size": "18 inch",
        "vin": "",
    }
    with translation.override("nl"):
        facts = dict(vehicle_facts(details))
    assert facts == {
        "Kilometerstand": "41.000\u00a0km",
        "Prijs": "€\u00a027.950",
        "Inruil": "Opel Corsa 2015, 120.500\u00a0km",
        "wheel_size": "18 inch",
    }
