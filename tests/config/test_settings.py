"""The settings fail loudly, naming the variable, and keep a development secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SETTINGS_PROBE = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'scoreline.config.settings'); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE']); print(settings.DEBUG)"
)


def run_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update(SCORELINE_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE], env=clean, capture_output=True, text=True
    )


def test_it_defaults_to_sqlite_in_the_var_folder(tmp_path: Path) -> None:
    result = run_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["django.db.backends.sqlite3", "False"]


def test_it_generates_a_development_secret_once_and_keeps_it(tmp_path: Path) -> None:
    run_settings(tmp_path)
    first = (tmp_path / "secret_key").read_text()
    run_settings(tmp_path)
    assert (tmp_path / "secret_key").read_text() == first
    assert len(first) >= 50


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ({"DATABASE_URL": "nonsense://x"}, "DATABASE_URL='nonsense://x' is not a database URL"),
        ({"DB_CONN_MAX_AGE": "ten"}, "DB_CONN_MAX_AGE='ten' is not a whole number"),
    ],
)
def test_a_bad_value_names_the_variable(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = run_settings(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_postgres_urls_select_the_postgres_engine(tmp_path: Path) -> None:
    result = run_settings(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    assert result.stdout.splitlines()[0] == "django.db.backends.postgresql"


def test_serving_beyond_this_machine_without_debug_requires_a_secret_key(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean["SCORELINE_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "scoreline.cli", "serve", "--host", "0.0.0.0", "--port", "1"],
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    probe = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='scoreline.config.settings'; "
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); print(c.execute('PRAGMA journal_mode').fetchone()[0]); "
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    clean["SCORELINE_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", probe], env=clean, capture_output=True, text=True
    )
    journal, timeout = result.stdout.split()
    assert journal == "wal"
    assert int(timeout) >= 5000
