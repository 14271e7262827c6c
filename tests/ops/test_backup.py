"""A backup restores to the same figures, on SQLite and on PostgreSQL."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from security.seeded import build_seeded_cast

from scoreline.leads.models import Lead, LeadStatus
from scoreline.ops.backup import fingerprint


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_the_same_figures(tmp_path: Path) -> None:
    cast = build_seeded_cast()
    before = fingerprint()
    archive = tmp_path / "scoreline.backup"
    call_command("backup", str(archive), stdout=StringIO())

    # Damage after the backup: a lead lost, another closed.
    Lead.objects.filter(pk=cast.zuid_lead.pk).delete()
    Lead.objects.filter(pk=cast.noord_leads[0].pk).update(status=LeadStatus.SPAM)
    assert fingerprint() != before

    call_command("restore", str(archive), "--yes", stdout=StringIO())

    assert fingerprint() == before
    assert before["counts"]["leads.Lead"] == 5


@pytest.mark.django_db
def test_restoring_a_file_that_is_no_backup_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")

    with pytest.raises(CommandError, match="junk.bin"):
        call_command("restore", str(junk), "--yes")


@pytest.mark.django_db
def test_restoring_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="missing.db is not a file"):
        call_command("restore", str(tmp_path / "missing.db"), "--yes")
