"""Marketing sees, per source, who works its leads and how — from the one report."""

from __future__ import annotations

from cast import Cast, logged_in
from django.utils import timezone

from scoreline.web.reports import dealer_report, period_named
from web.history import make_history


def test_each_source_opens_to_its_salespeople_with_the_reports_own_figures(cast: Cast) -> None:
    make_history(cast, days_ago=35)
    page = logged_in(cast.mila).get("/scoreboard/noord/").content.decode()
    assert "Who works the Website leads: 2 salespeople" in page
    assert page.count('<tr class="people">') == 3  # Website, AutoTrack, Marktplaats
    now = timezone.now()
    report = dealer_report(cast.noord, period_named("twelve", now, cast.noord), now)
    assert report is not None
    for source in report["by_source"]:
        pairs = [r for r in report["by_source_salesperson"] if r["source"] == source["source"]]
        assert sum(pair["leads"] for pair in pairs) == source["leads"]
        assert all(pair["call_attempts_per_lead"] is not None for pair in pairs)


def test_a_built_in_source_is_named_in_the_readers_language_in_the_table_and_verdict(
    cast: Cast,
) -> None:
    make_history(cast, days_ago=35)
    cast.website.name, cast.website.slug = "Phone", "phone"
    cast.website.save()
    page = logged_in(cast.mila, "nl").get("/scoreboard/noord/").content.decode()
    assert "<strong>Telefoon</strong>" in page
    assert "Telefoon: " in page  # the verdict's sentence names it the same way
    assert "Phone" not in page
