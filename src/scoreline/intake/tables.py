"""Rows from CSV or XLSX files, with headers mapped to the exchange format's column names.

A dealer importing another CRM's export gives a column mapping (exchange name → their header);
a file whose header lacks a required column is refused as a whole, naming what is missing and
what was found. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from scoreline.intake.errors import BadEncoding, BadHeader, MalformedDocument

ZIP_MAGIC = b"PK\x03\x04"


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
    data: bytes, file: str, *, required: tuple[str, ...] = (), mapping: dict[str, str] | None = None
) -> list[Row]:
    """Every data row of a CSV or XLSX file, keyed by exchange column names."""
    header, records = _xlsx(data, file) if data.startswith(ZIP_MAGIC) else _csv(data, file)
    columns = _columns(header, mapping or {})
    missing = [c for c in required if c not in columns.values()]
    if missing:
        raise BadHeader(
            f"the header lacks {', '.join(missing)} (found: {', '.join(h for h in header if h)})",
            f"{file}, row 1",
        )
    return [
        Row(file, number, {columns[i]: value for i, value in enumerate(record) if i in columns})
        for number, record in records
        if any(value.strip() for value in record)
    ]


def _columns(header: list[str], mapping: dict[str, str]) -> dict[int, str]:
    """Column index → exchange name: mapped headers first, then headers that are names already."""
    theirs = {their.strip().casefold(): ours for ours, their in mapping.items()}
    columns = {}
    for index, name in enumerate(header):
        key = name.strip().casefold()
        columns[index] = theirs.get(key, key)
    return columns


def _csv(data: bytes, file: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadEncoding(
            f"the file is not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded",
            f"{file}, line {line}",
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise BadHeader("the file is empty", f"{file}, row 1") from None
    except csv.Error as error:
        raise MalformedDocument(f"malformed CSV: {error}", f"{file}, row 1") from None
    return header, _numbered(reader, file)


def _numbered(reader: Iterator[list[str]], file: str) -> Iterator[tuple[int, list[str]]]:
    number = 1
    try:
        for number, record in enumerate(reader, start=2):  # noqa: B007 (used after the loop)
            yield number, record
    except csv.Error as error:
        raise MalformedDocument(f"malformed CSV: {error}", f"{file}, row {number + 1}") from None


def _xlsx(data: bytes, file: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise MalformedDocument(f"not a readable XLSX workbook: {error}", file) from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [_cell(v) for v in next(rows, ())]
    return header, ((n, [_cell(v) for v in r]) for n, r in enumerate(rows, start=2))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
