"""Call scripts: the one shown for a lead, new versions, and how versions compare."""

from followup.clock import MONDAY_10, amsterdam
from scoreline.followup.actions import log_activity, mark_won
from scoreline.followup.scripts import active_script, compare_scripts, new_script_version


def test_a_source_script_wins_over_the_dealer_wide_one(cast, clock):
    general = new_script_version(cast.noord, "Algemeen", "Goedendag …")
    portal = new_script_version(cast.noord, "Portal", "U reageerde op …", source=cast.marktplaats)

    assert active_script(cast.arrive(MONDAY_10, source=cast.marktplaats)) == portal
    assert active_script(cast.arrive(MONDAY_10, source=cast.website)) == general
    assert active_script(cast.arrive(MONDAY_10, dealer=cast.lille)) is None


def test_a_new_version_replaces_the_old_one_for_new_calls(cast, clock):
    first = new_script_version(cast.noord, "Portal", "v1", source=cast.marktplaats)
    second = new_script_version(cast.noord, "Portal", "v2", source=cast.marktplaats)

    first.refresh_from_db()
    assert (first.version, first.is_active, second.version) == (1, False, 2)
    assert active_script(cast.arrive(MONDAY_10)) == second


def test_scripts_compare_by_reach_and_conversion(cast, clock):
    old = new_script_version(cast.noord, "Portal", "v1")
    leads = [cast.arrive(MONDAY_10, name=f"Klant {n}") for n in range(3)]
    clock.move_to(amsterdam(2025, 3, 10, 10, 5))
    log_activity(leads[0], "call", by=cast.sanne, outcome="no_answer", script=old)
    log_activity(leads[0], "call", by=cast.sanne, outcome="no_answer", script=old)
    new = new_script_version(cast.noord, "Portal", "v2")
    log_activity(leads[1], "call", by=cast.sanne, outcome="reached", script=new)
    log_activity(leads[2], "call", by=cast.sanne, outcome="no_answer", script=new)
    mark_won(leads[1], by=cast.sanne)

    figures = {row.script.version: row for row in compare_scripts(cast.noord)}

    assert (figures[1].calls, figures[1].reach_rate, figures[1].conversion) == (2, 0.0, 0.0)
    assert (figures[2].calls, figures[2].reach_rate, figures[2].conversion) == (2, 0.5, 0.5)
