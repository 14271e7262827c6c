"""A salesperson's name on the board opens that salesperson's leads, as the manager sees them."""

from __future__ import annotations

import re

from cast import Cast, logged_in, make_lead


def _first_figure(page: str, name: str) -> str:
    """The first figure of the salesperson's row in the board's table."""
    found = re.search(rf">{name}</a></td>\s*<td class=\"num\">([^<]*)</td>", page)
    assert found, f"no row for {name}"
    return found.group(1)


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


def test_the_salesperson_table_shows_the_chosen_periods_figures_from_the_one_report(
    cast: Cast,
) -> None:
    from django.utils import timezone

    from scoreline.web.reports import dealer_report, period_named
    from web.history import make_history

    make_history(cast, days_ago=40)  # before this month, inside the last 12 months
    marco = logged_in(cast.marco)
    month = marco.get("/board/noord/").content.decode()
    twelve = marco.get("/board/noord/?period=twelve")
    page = twelve.content.decode()
    assert twelve.status_code == 200
    assert 'aria-current="true">Last 12 complete months' in page
    now = timezone.now()
    report = dealer_report(cast.noord, period_named("twelve", now, cast.noord), now)
    sanne = next(
        row for row in report["by_salesperson"] if row["salesperson"] == cast.sanne.get_full_name()
    )
    assert sanne["leads"] == 18
    assert f'href="/leads/?who={cast.sanne.pk}"' in page
    assert _first_figure(page, cast.sanne.get_full_name()) == "18"  # the chosen period's leads
    assert _first_figure(month, cast.sanne.get_full_name()) == "0"  # none of them this month
    assert marco.get("/board/noord/?period=nonsense").status_code == 200  # this month
