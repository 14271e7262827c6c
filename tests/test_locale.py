"""The Dutch and French catalogues are complete: every message the code and the templates
ask for is in them, translated, and none is fuzzy.

The messages asked for are found the way `makemessages` finds them, run on a copy of the
source in a temporary folder (never on the real catalogues, which other work appends to);
gettext's `msgcmp` then lists what a catalogue lacks — a message missing, untranslated or
fuzzy counts as lacking.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

import scoreline

SRC = Path(scoreline.__file__).resolve().parent
LANGUAGES = ("nl", "fr")
TOOLS = ("msgcmp", "msgattrib", "xgettext", "msguniq")


def _catalogue(language: str) -> Path:
    return SRC / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def asked_for(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The template (.pot) of every message in the code and templates, made on a copy."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"gettext tools not installed: {', '.join(missing)}")
    copy = tmp_path_factory.mktemp("messages") / "scoreline"
    shutil.copytree(
        SRC, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "vendor", "migrations")
    )
    (copy / "locale").mkdir()
    cwd = Path.cwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            call_command("makemessages", locale=["nl"], keep_pot=True, verbosity=0)
    finally:
        os.chdir(cwd)
    yield copy / "locale" / "django.pot"


def _entries(text: str) -> list[dict[str, str]]:
    """A PO text's entries: msgctxt, msgid, msgid_plural, msgstr (the first form), flags;
    obsolete entries (#~) left out."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    field = ""
    for line in [*text.splitlines(), ""]:
        starts = line.startswith(("#", "msgctxt ", "msgid "))
        if starts and "msgstr" in entry:  # a new entry without a blank line before it
            entries.append(entry)
            entry, field = {}, ""
        if not line.strip() or line.startswith("#~"):
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += line.strip()[1:-1]
        else:
            name, _space, rest = line.partition(" ")
            field = "msgstr" if name in ("msgstr", "msgstr[0]") else name
            entry[field] = entry.get(field, "") + rest.strip()[1:-1]
    return entries


def _key(entry: dict[str, str]) -> tuple[str, str]:
    return entry.get("msgctxt", ""), entry["msgid"]


def _read(language: str) -> list[dict[str, str]]:
    return [e for e in _entries(_catalogue(language).read_text("utf-8")) if e["msgid"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_asked_for_is_in_the_catalogue(asked_for: Path, language: str) -> None:
    catalogue = {_key(e) for e in _read(language)}
    asked = [e for e in _entries(asked_for.read_text("utf-8")) if e["msgid"]]
    lacking = [e["msgid"] for e in asked if _key(e) not in catalogue]
    assert lacking == [], f"{len(lacking)} messages missing from the {language} catalogue"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_untranslated_or_fuzzy(language: str) -> None:
    entries = _read(language)
    untranslated = [e["msgid"] for e in entries if not e.get("msgstr")]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", "")]
    assert untranslated == [], f"{len(untranslated)} untranslated in {language}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_gettext_agrees_the_catalogue_is_complete(asked_for: Path, language: str) -> None:
    """gettext's own comparison: msgcmp counts a message missing, empty or fuzzy as lacking."""
    compared = subprocess.run(
        ["msgcmp", str(_catalogue(language)), str(asked_for)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert compared.returncode == 0, compared.stderr[-2000:]
