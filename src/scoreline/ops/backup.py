"""Backups of the whole database, and a fingerprint to prove a restore gives the same figures.

SQLite: the online backup API copies a consistent snapshot while the web and the worker keep
writing. PostgreSQL: pg_dump's custom format, restored with pg_restore (see docs/operations.md).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connection

from scoreline.leads.models import Lead


class BackupError(Exception):
    pass


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def backup(dest: Path) -> Path:
    """Write a full copy of the database to `dest` (a SQLite file or a pg_dump archive)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite():
        _sqlite_backup(dest)
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dest}"])
    else:
        raise BackupError(f"backup: the {connection.vendor} database is not supported")
    return dest


def restore(src: Path) -> None:
    """Replace the database's contents with the backup at `src`. Stop web and worker first."""
    if not src.is_file():
        raise BackupError(f"restore: {src} is not a file")
    if is_sqlite():
        _sqlite_restore(src)
    elif connection.vendor == "postgresql":
        with open(src, "rb") as file:
            if file.read(5) != b"PGDMP":
                raise BackupError(f"restore: {src} is not a pg_dump archive")
        connection.close()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(src)]
        )
    else:
        raise BackupError(f"restore: the {connection.vendor} database is not supported")


def _sqlite_backup(dest: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()


def _sqlite_restore(src: Path) -> None:
    with open(src, "rb") as file:
        if file.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"restore: {src} is not a SQLite database")
    connection.ensure_connection()
    backup_db = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        backup_db.backup(connection.connection)
    finally:
        backup_db.close()


def _run(command: list[str]) -> None:
    """pg_dump/pg_restore against Django's database, the password passed in the environment."""
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    target = [
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or 'postgres'}",
        f"--dbname={settings['NAME']}",
    ]
    done = subprocess.run([*command, *target], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def fingerprint() -> dict[str, object]:
    """Row counts of every model and a digest of the figures that matter: leads' states."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin", "contenttypes"}
    }
    digest = hashlib.sha256()
    rows = Lead.objects.order_by("pk").values_list(
        "pk", "dealer_id", "status", "received_at", "first_response_at", "closed_at"
    )
    for row in rows.iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    return {"counts": counts, "leads_digest": digest.hexdigest()}
