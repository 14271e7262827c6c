"""Files read as dealers' tools write them: encodings, delimiters, title rows, workbooks."""

import io
from datetime import datetime, time

import pytest
from openpyxl import Workbook

from scoreline.intake.errors import BadHeader, MalformedDocument
from scoreline.intake.tables import delimiter, read_rows

HEADER = "Naam;Telefoon;Datum;Bedrag"
ROW = "José van der Berg;06-12345678;04-12-2026 09:15;1.250,50"


def test_windows_1252_with_semicolons_and_decimal_commas_keeps_every_cell():
    data = f"{HEADER}\r\n{ROW} €\r\n".encode("cp1252")
    (row,) = read_rows(data, "export.csv", mapping={"amount": "Bedrag"})
    assert row.get("naam") == "José van der Berg" and row.get("amount") == "1.250,50 €"
    assert row.at() == "export.csv, row 2"


def test_excels_csv_utf_8_byte_order_mark_is_not_part_of_the_first_header():
    data = "\ufeffPrénom,Téléphone\r\nChloé,0470123456\r\n".encode()
    (row,) = read_rows(data, "x.csv")
    assert row.values == {"prénom": "Chloé", "téléphone": "0470123456"}


def test_utf_16_from_excels_unicode_text_reads_with_its_tabs():
    data = "Naam\tTelefoon\r\nAnna\t0612345678\r\n".encode("utf-16")
    (row,) = read_rows(data, "x.txt")
    assert row.get("telefoon") == "0612345678"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b;c\n1,5;2;3\n4;5,5;6\n", ";"),  # decimal commas do not make it a comma file
        ("Export leads, maart\na\tb\tc\n1\t2\t3\n", "\t"),  # nor does a title line
        ("a,b,c\n1,2,3\n", ","),
    ],
)
def test_the_delimiter_is_the_one_that_splits_the_lines_alike(text, expected):
    assert delimiter(text) == expected


def test_a_title_row_and_a_blank_row_above_the_header_are_skipped_and_rows_keep_their_number():
    data = (
        b"Leads export Autohuis Noord;;;\n;;;\nNaam;Telefoon;Datum;Merk\nAnna;0612;1-2-2026;Kia\n"
    )
    (row,) = read_rows(data, "x.csv", required=("naam",))
    assert (row.number, row.get("merk")) == (4, "Kia")


def test_a_missing_column_is_named_with_the_row_of_the_header():
    with pytest.raises(BadHeader, match=r"lacks received_at .* \(at x.csv, row 2\)"):
        read_rows(b"Export\nNaam;Telefoon\nAnna;06\n", "x.csv", required=("received_at",))


def test_a_mapping_may_join_a_date_and_a_time_from_two_columns():
    data = b"Datum,Tijd,Naam\n04-12-2026,09:15,Anna\n"
    (row,) = read_rows(data, "x.csv", mapping={"received_at": ["Datum", "Tijd"]})
    assert row.get("received_at") == "04-12-2026 09:15"


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_is_read_from_the_sheet_named_like_its_kind_with_excels_dates():
    data = workbook(
        ("Toelichting", [["Dit bestand komt uit ons CRM"]]),
        (
            "Aanvragen 2026",
            [
                ["Aanvragen Autohuis Noord"],
                ["Datum", "Tijd", "Naam"],
                [datetime(2026, 12, 4), time(9, 15), "Anna"],
                [datetime(2026, 12, 5, 14, 30), None, "Bert"],
            ],
        ),
    )
    anna, bert = read_rows(data, "x.xlsx", sheet_words=("aanvra",))
    assert (anna.number, anna.get("datum"), anna.get("tijd")) == (3, "2026-12-04", "09:15:00")
    assert bert.get("datum") == "2026-12-05T14:30:00"


def test_without_a_sheet_named_like_its_kind_the_first_sheet_with_rows_is_read():
    data = workbook(("Leeg", []), ("Blad2", [["Naam", "Telefoon"], ["Anna", "06"]]))
    (row,) = read_rows(data, "x.xlsx", sheet_words=("lead",))
    assert row.get("naam") == "Anna"


def test_an_old_xls_workbook_is_refused_saying_what_to_do():
    with pytest.raises(MalformedDocument, match="old Excel .xls workbook: save it as .xlsx"):
        read_rows(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "export.xls")
