"""A wrong address or a page not meant for the reader answers in the product's own pages."""

from __future__ import annotations

import pytest
from cast import Cast, logged_in


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Page not found"), ("nl", "Pagina niet gevonden"), ("fr", "Page introuvable")],
)
def test_a_wrong_address_gets_the_products_404_in_the_readers_language(
    cast: Cast, language: str, words: str
) -> None:
    response = logged_in(cast.sanne, language).get("/leads/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert words in page and 'class="brand"' in page


def test_a_page_not_meant_for_a_salesperson_gets_the_products_403(cast: Cast) -> None:
    response = logged_in(cast.sanne, "nl").get("/board/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Niet voor uw rol" in page and 'href="/"' in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Something went wrong"),
        ("nl", "Er ging iets mis"),
        ("fr", "Une erreur est survenue"),
    ],
)
def test_a_failing_page_gets_the_products_500_in_the_readers_language(
    cast: Cast, settings, language: str, words: str
) -> None:  # noqa: ANN001
    settings.ROOT_URLCONF = "web.failing_urls"
    settings.DEBUG = False
    client = logged_in(cast.sanne, language)
    client.raise_request_exception = False
    response = client.get("/fails/")
    page = response.content.decode()
    assert response.status_code == 500
    assert words in page and 'class="brand"' in page and "a bug, on purpose" not in page


@pytest.mark.parametrize(
    "address",
    [
        "/board/",
        "/scoreboard/",
        "/group/",
        "/plan/",
        "/settings/",
        "/imports/",
        "/board/noord/",
        "/scoreboard/noord/",
    ],
)
def test_every_page_not_meant_for_a_salesperson_answers_403(cast: Cast, address: str) -> None:
    response = logged_in(cast.sanne).get(address)
    assert response.status_code == 403
    assert "Not for your role" in response.content.decode()
