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
