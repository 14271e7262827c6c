"""A salesperson's name on the board opens that salesperson's leads, as the manager sees them."""

from __future__ import annotations

from .cast import Cast, logged_in, make_lead


def test_the_name_on_the_board_opens_that_salespersons_leads(cast: Cast) -> None:
    make_lead(cast, to=cast.sanne, name="Anna Smit")
    make_lead(cast, to=cast.bram, name="Bert Kok")
    marco = logged_in(cast.marco)
    board = marco.get("/board/noord/").content.decode()
    assert f'href="/leads/?who={cast.sanne.pk}"' in board

    page = marco.get(f"/leads/?who={cast.sanne.pk}").content.decode()
    assert "Leads of Sanne" in page
    assert "Anna Smit" in page and "Bert Kok" not in page
    assert f"who={cast.sanne.pk}" in page  # the filters keep the salesperson


def test_only_a_manager_looks_at_another_salespersons_leads(cast: Cast) -> None:
    assert logged_in(cast.sanne).get(f"/leads/?who={cast.bram.pk}").status_code == 403
    assert logged_in(cast.marco).get(f"/leads/?who={cast.olaf.pk}").status_code == 404
    assert logged_in(cast.marco).get("/leads/?who=x").status_code == 404
