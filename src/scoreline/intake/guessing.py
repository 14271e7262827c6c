"""The column mapping of a dealer's own export, guessed from its header and its values.

`scoreline import --guess-mapping` prints the guess and imports with it; the imports page
shows it over the first rows for the dealer to correct. Both call `guess`:

1. Read the file as it comes (`tables.read_table`: encoding, delimiter, title rows, sheet).
2. Name each column's field by its header (`headers.field_of`); a column whose header names
   nothing known but whose values are all e-mail addresses or phone numbers is taken for that.
3. Drop a name the values contradict: an e-mail column without `@`, a date column of words.
4. Give each field its surest column (ties: the leftmost); a whole name next to a first name
   is the last name; a time column joins the date column before it.
5. Read the order of the dates from their values, else from the dealer's country, and keep it
   as the mapping file's `date_formats`.
A choice made by hand (`chosen`, header → field or "" to ignore) overrules steps 2 to 4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from scoreline.intake.formats.dates import date_pattern, day_first_of, parse_local, parse_timestamp
from scoreline.intake.headers import FULL_NAME, RECEIVED_TIME, SHEET_WORDS, field_of
from scoreline.intake.tables import read_table

CHOSEN = 1.0
BY_VALUES = 0.6  # a column recognised by its values alone
SAMPLE = 50  # values looked at per column
EXAMPLES = 3  # values shown per column
DATE_FIELDS = ("received_at", "closed_at")
CONTACT_FIELDS = ("phone", "email")
REQUIRED = ("received_at",)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,20}$")
_TIME = re.compile(r"^\d{1,2}(?P<sep>[:.hHu])\d{2}(?P<second>:\d{2})?$")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the file: its header, the field it goes to ("" ignored), how sure."""

    header: str
    field: str
    confidence: float
    examples: list[str]
    index: int = 0  # of the column in the file


@dataclass(frozen=True, slots=True)
class Guess:
    file: str
    kind: str
    header_row: int
    columns: list[Column]
    date_formats: list[str]
    rows: list[list[str]] = field(default_factory=list)  # the first rows, as read

    @property
    def missing(self) -> list[str]:
        """What the file needs and no column gives: the import would refuse every row."""
        mapped = {c.field for c in self.columns}
        missing = [f for f in REQUIRED if f not in mapped]
        if not mapped & {*CONTACT_FIELDS}:
            missing.append("phone or email")
        return missing

    def mapping(self) -> dict[str, str | list[str]]:
        """Field → header, as a mapping file's `columns` says it; a time joins its date."""
        found: dict[str, str | list[str]] = {}
        for column in self.columns:
            if column.field and column.field != RECEIVED_TIME:
                found[column.field] = column.header
        times = [c.header for c in self.columns if c.field == RECEIVED_TIME]
        if times and isinstance(found.get("received_at"), str):
            found["received_at"] = [str(found["received_at"]), times[0]]
        return found

    def preview_rows(self) -> list[list[str]]:
        """The first rows, cell by cell under `columns`."""
        return [[r[c.index] if c.index < len(r) else "" for c in self.columns] for r in self.rows]

    def as_mapping_file(self) -> dict[str, Any]:
        """The JSON that `scoreline import --mapping` reads."""
        return {
            "files": {self.kind: self.file},
            "columns": {self.kind: self.mapping()},
            "date_formats": self.date_formats,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "header_row": self.header_row,
            "columns": [
                {
                    "column": c.header,
                    "field": c.field or None,
                    "confidence": c.confidence,
                    "examples": c.examples,
                }
                for c in self.columns
            ],  # fmt: skip
            "date_formats": self.date_formats,
            "missing": self.missing,
        }


def guess(
    data: bytes,
    file: str,
    kind: str = "leads",
    *,
    country: str = "NL",
    chosen: dict[str, str] | None = None,
    preview: int = 5,
) -> Guess:
    """The mapping of one file (steps in the module docstring); IntakeError if it is unreadable."""
    header_row, header, records = read_table(data, file, SHEET_WORDS.get(kind, ()))
    samples = [_sample(records, i) for i in range(len(header))]
    chosen = chosen or {}
    known = {h for h in header if h in chosen}
    candidates = [
        (CHOSEN, chosen[h]) if h in known else _candidate(h, samples[i], kind)
        for i, h in enumerate(header)
    ]
    fields = _assign(candidates, by_hand={i for i, h in enumerate(header) if h in known})
    columns = [
        Column(h, fields[i], candidates[i][0] if fields[i] else 0.0, samples[i][:EXAMPLES], i)
        for i, h in enumerate(header)
        if h.strip()
    ]
    columns = _name_parts(columns)
    rows = [record for _, record in records[:preview]]
    formats = _date_formats(columns, header, samples, country)
    return Guess(file, kind, header_row, columns, formats, rows)


def _sample(records: list[tuple[int, list[str]]], index: int) -> list[str]:
    values = (r[index].strip() for _, r in records if index < len(r))
    return [v for v in values if v][:SAMPLE]


def _candidate(header: str, values: list[str], kind: str) -> tuple[float, str]:
    """How sure, and which field, the header and values say (0.0 and "" for nothing)."""
    if kind != "leads":
        return (CHOSEN, header.strip().casefold()) if header.strip() else (0.0, "")
    named = field_of(header)
    if named is not None and _fits(named[0], values):
        return named[1], named[0]
    if values and all(_EMAIL.match(v) for v in values):
        return BY_VALUES, "email"
    if values and all(_PHONE.match(v) and sum(c.isdigit() for c in v) >= 8 for v in values):
        return BY_VALUES, "phone"
    return 0.0, ""


def _fits(name: str, values: list[str]) -> bool:
    """Whether most values could be this field's (no values: nothing contradicts the header)."""
    if not values:
        return True
    checks = {
        "email": lambda v: "@" in v,
        "phone": lambda v: sum(c.isdigit() for c in v) >= 6,
        "received_at": _is_moment,
        "closed_at": _is_moment,
        RECEIVED_TIME: lambda v: bool(_TIME.match(v)),
        "first_name": _is_word,
        "last_name": _is_word,
        FULL_NAME: _is_word,
    }
    check = checks.get(name)
    return check is None or sum(map(check, values)) * 2 >= len(values)


def _is_moment(text: str) -> bool:
    return any(
        (
            parse_timestamp(text),
            parse_local(text, day_first=True),
            parse_local(text, day_first=False),
        )
    )


def _is_word(text: str) -> bool:
    return not any(c.isdigit() for c in text)


def _assign(candidates: list[tuple[float, str]], by_hand: set[int]) -> list[str]:
    """Each field to its surest column, the leftmost among equals; a choice by hand first."""
    fields = [""] * len(candidates)
    taken: set[str] = set()
    order = sorted(range(len(candidates)), key=lambda i: (i not in by_hand, -candidates[i][0], i))
    for i in order:
        confidence, name = candidates[i]
        if name and confidence > 0 and name not in taken:
            fields[i] = name
            taken.add(name)
    return fields


def _name_parts(columns: list[Column]) -> list[Column]:
    """A whole-name column beside a first-name column holds the last name (`Voornaam`, `Naam`)."""
    fields = {c.field for c in columns}
    if FULL_NAME in fields and "first_name" in fields and "last_name" not in fields:
        return [replace(c, field="last_name") if c.field == FULL_NAME else c for c in columns]
    return columns


def _date_formats(
    columns: list[Column], header: list[str], samples: list[list[str]], country: str
) -> list[str]:
    """The strptime patterns of the file's numeric dates, in the order their values prove."""
    values: list[str] = []
    for column in columns:
        if column.field in DATE_FIELDS:
            values += samples[column.index]
    day_first = day_first_of(values, country)
    patterns = [date_pattern(v, day_first=day_first) for v in values]
    found = [p for p in patterns if p]
    times = [c for c in columns if c.field == RECEIVED_TIME]
    if times:  # the date column's dates are read with the time column's time after a space
        time_values = samples[header.index(times[0].header)]
        found += [f"{p} {_time_pattern(t)}" for p in found if "%H" not in p for t in time_values]
    return sorted(set(found), key=found.index)


def _time_pattern(text: str) -> str:
    match = _TIME.match(text)
    if match is None:
        return "%H:%M"
    return f"%H{match['sep']}%M" + (":%S" if match["second"] else "")
