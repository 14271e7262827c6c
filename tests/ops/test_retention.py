"""Leads closed long ago lose their personal data; open and recent ones keep it."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from security.seeded import SeededCast as Cast

from scoreline.leads.models import Lead, LeadStatus, Person
from scoreline.ops.backup import fingerprint
from scoreline.ops.retention import apply_retention, cutoff_for

NOW = datetime(2027, 6, 15, 12, 0, tzinfo=UTC)


def _close(lead: Lead, status: str, at: datetime, cast: Cast) -> None:
    reason = cast.not_reached if status == LeadStatus.LOST else None
    Lead.objects.filter(pk=lead.pk).update(status=status, closed_at=at, lost_reason=reason)


def test_the_cutoff_counts_calendar_months_back() -> None:
    assert cutoff_for(24, NOW) == datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
    assert cutoff_for(1, datetime(2025, 3, 31, tzinfo=UTC)) == datetime(2025, 2, 28, tzinfo=UTC)
    assert cutoff_for(3, datetime(2025, 1, 10, tzinfo=UTC)) == datetime(2024, 10, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="at least 1"):
        cutoff_for(0, NOW)


def test_only_persons_whose_leads_all_closed_before_the_cutoff_are_anonymised(cast: Cast) -> None:
    anna, bert, cor = cast.noord_leads
    _close(anna, LeadStatus.LOST, NOW - timedelta(days=800), cast)
    _close(bert, LeadStatus.WON, NOW - timedelta(days=30), cast)  # recent: kept
    # cor stays open: kept
    before = fingerprint()

    done = apply_retention(24, now=NOW)

    assert (done.persons, done.leads) == (1, 1)
    assert Person.objects.get(pk=anna.person_id).email == ""
    assert Person.objects.get(pk=bert.person_id).email == "bert@example.com"
    assert Person.objects.get(pk=cor.person_id).email == "cor@example.com"
    assert fingerprint() == before


def test_a_dry_run_counts_and_changes_nothing(cast: Cast) -> None:
    _close(cast.noord_leads[0], LeadStatus.WON, datetime(2020, 1, 6, tzinfo=UTC), cast)

    out = StringIO()
    call_command("retention", "--months", "24", "--dry-run", stdout=out)

    assert "would anonymise 1 person(s) with 1 lead(s)" in out.getvalue()
    assert Person.objects.get(pk=cast.noord_leads[0].person_id).first_name == "Anna"


def test_the_command_refuses_a_nonsense_period(cast: Cast) -> None:
    with pytest.raises(CommandError, match="--months"):
        call_command("retention", "--months", "-3")
