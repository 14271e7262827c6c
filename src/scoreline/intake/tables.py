"""Rows from CSV or XLSX files, with headers mapped to the exchange format's column names.

Files are read as dealers' tools write them: UTF-8 with or without a byte order mark,
Windows-1252 or Latin-1 (told apart by charset-normalizer), `;`, `,` or tab as the delimiter,
a title row or two above the header, and of a workbook the sheet named like the file's kind
(else the first with rows). A dealer importing another CRM's export gives a column mapping
(exchange name → their header, or a list of headers joined by a space, such as a date and a
time); a file whose header lacks a required column is refused as a whole, naming what is
missing and what was found. Rows are numbered as a spreadsheet shows them: the first row is 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time

import charset_normalizer

from scoreline.intake.errors import BadEncoding, BadHeader, MalformedDocument
from scoreline.intake.headers import fold
from scoreline.intake.values import normalised

ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
SINGLE_BYTE_ENCODINGS = ("cp1252", "latin_1")
DELIMITERS = (",", ";", "\t", "|")
SNIFF_CHARS, SNIFF_LINES = 64_000, 30
HEADER_SEARCH = 10  # a header further down than this is not looked for


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    number: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def at(self, column: str = "") -> str:
        """`leads.csv, row 7, column received_at`; a JSON record is named by its path."""
        place = f"{self.file}, row {self.number}" if self.number else self.file
        return place + (f", column {column}" if column else "")


def read_rows(
    data: bytes,
    file: str,
    *,
    required: tuple[str, ...] = (),
    mapping: dict[str, str | list[str]] | None = None,
    sheet_words: tuple[str, ...] = (),
) -> list[Row]:
    """Every data row of a CSV or XLSX file, keyed by exchange column names."""
    header_at, header, records = read_table(data, file, sheet_words)
    columns = _columns(header, mapping or {})
    missing = [c for c in required if c not in columns]
    if missing:
        raise BadHeader(
            f"the header lacks {', '.join(missing)} (found: {', '.join(h for h in header if h)})",
            f"{file}, row {header_at}",
        )
    return [Row(file, number, normalised(_values(record, columns))) for number, record in records]


def read_table(
    data: bytes, file: str, sheet_words: tuple[str, ...] = ()
) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header's row number, the header and the non-empty rows below it, numbered."""
    if data.startswith(OLD_EXCEL_MAGIC):
        raise MalformedDocument("an old Excel .xls workbook: save it as .xlsx or CSV", file)
    records = _xlsx(data, file, sheet_words) if data.startswith(ZIP_MAGIC) else _csv(data, file)
    records = [(n, r) for n, r in records if any(v.strip() for v in r)]
    if not records:
        raise BadHeader("the file is empty", f"{file}, row 1")
    at = _header_index(records)
    number, header = records[at]
    return number, header, records[at + 1 :]


def _header_index(records: list[tuple[int, list[str]]]) -> int:
    """Which of the first rows is the header: the first about as wide as the widest.

    A title ("Leads export Autohuis Noord") or a period line above the header fills a cell
    or two; the header names most columns.
    """
    head = [sum(bool(v.strip()) for v in record) for _, record in records[:HEADER_SEARCH]]
    wanted = min(max(2, (max(head) + 1) // 2), max(head))
    return next(i for i, filled in enumerate(head) if filled >= wanted)


def _columns(header: list[str], mapping: dict[str, str | list[str]]) -> dict[str, list[int]]:
    """Exchange name → column indexes: mapped headers first, then headers that are names already.

    A mapping names a header, or several whose values are joined by a space (a date and a time).
    """
    index = {name.strip().casefold(): i for i, name in reversed(list(enumerate(header)))}
    columns: dict[str, list[int]] = {}
    mapped: set[int] = set()
    for ours, theirs in mapping.items():
        wanted = [theirs] if isinstance(theirs, str) else theirs
        found = [index[t.strip().casefold()] for t in wanted if t.strip().casefold() in index]
        if found:
            columns[ours] = found
            mapped.update(found)
    for i, name in enumerate(header):
        key = name.strip().casefold()
        if i not in mapped and key and key not in columns:
            columns[key] = [i]
    return columns


def _values(record: list[str], columns: dict[str, list[int]]) -> dict[str, str]:
    """The row's values by name; a value read from several columns joins them with a space."""
    values = {}
    for name, indexes in columns.items():
        cells = [record[i] for i in indexes if i < len(record)]
        values[name] = cells[0] if len(cells) == 1 else " ".join(c.strip() for c in cells if c)
    return values


def decode(data: bytes, file: str) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252/Latin-1.

    BadEncoding when no encoding reads it as text (a binary file).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    best = charset_normalizer.from_bytes(data, cp_isolation=list(SINGLE_BYTE_ENCODINGS)).best()
    if best is None:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise BadEncoding(
            f"the file is not text in UTF-8, Windows-1252 or Latin-1: byte "
            f"0x{data[utf8_error.start]:02x} cannot be read",
            f"{file}, line {line}",
        )
    return str(best)


def delimiter(text: str) -> str:
    """`;`, `,`, tab or `|`: the one that splits the first lines into the most equal rows.

    Counting a single line misleads when a title line sits above the header or decimal commas
    fill a semicolon file; agreement over many lines does not.
    """
    sample = text[:SNIFF_CHARS].splitlines()[:SNIFF_LINES]

    def agreement(candidate: str) -> tuple[int, int]:
        widths = [len(r) for r in csv.reader(sample, delimiter=candidate) if len(r) > 1]
        if not widths:
            return (0, 0)
        common = max(set(widths), key=widths.count)
        return (widths.count(common), common)

    return max(DELIMITERS, key=agreement)


def _csv(data: bytes, file: str) -> list[tuple[int, list[str]]]:
    text = decode(data, file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    records, number = [], 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 (used after the loop)
            records.append((number, record))
    except csv.Error as error:
        raise MalformedDocument(f"malformed CSV: {error}", f"{file}, row {number + 1}") from None
    return records


def _xlsx(data: bytes, file: str, sheet_words: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise MalformedDocument(f"not a readable XLSX workbook: {error}", file) from None
    sheets = [
        [(n, [_cell(v) for v in r]) for n, r in enumerate(sheet.iter_rows(values_only=True), 1)]
        for sheet in book.worksheets
    ]
    titles = [fold(sheet.title) for sheet in book.worksheets]
    named = [i for i, title in enumerate(titles) if any(w in title for w in sheet_words)]
    filled = [i for i, rows in enumerate(sheets) if any(any(v for v in r) for _, r in rows)]
    chosen = (named + filled + [0])[0]
    return sheets[chosen] if sheets else []


def _cell(value: object) -> str:
    """A cell as text; a date and time at midnight is a date (Excel stores dates so)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
