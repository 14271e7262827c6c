"""Untrusted XML: any declared encoding read right, wrong ones named, hostile ones refused fast."""

import time

import pytest

from scoreline.intake.errors import (
    BadEncoding,
    HostileDocument,
    IntakeError,
    MalformedDocument,
    TooLarge,
)
from scoreline.intake.formats import adf
from scoreline.intake.formats.xmldoc import read_xml

LEAD = """<adf><prospect><requestdate>2025-03-14T09:00:00+01:00</requestdate>
<customer><contact><name part="full">{name}</name><email>a@b.nl</email></contact></customer>
</prospect></adf>"""


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1", "windows-1252", "utf-16"])
def test_any_declared_encoding_reads_the_name_right(encoding):
    body = f'<?xml version="1.0" encoding="{encoding}"?>\n{LEAD.format(name="Zoë Ærø")}'
    (lead,) = adf.parse(body.encode(encoding))
    assert lead.customer.full_name == "Zoë Ærø"


def test_a_byte_order_mark_wins_and_utf16_without_declaration_is_read():
    assert (
        adf.parse(b"\xef\xbb\xbf" + LEAD.format(name="Zoë").encode())[0].customer.full_name == "Zoë"
    )
    assert adf.parse(LEAD.format(name="Zoë").encode("utf-16-le"))[0].customer.full_name == "Zoë"


def test_a_document_in_another_encoding_than_declared_is_refused_naming_line_and_byte():
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + LEAD.format(name="Zoë")
    with pytest.raises(BadEncoding, match=r"not valid utf-8: byte 0xeb.*line 3, column 40"):
        adf.parse(body.encode("latin-1"))


def test_an_unknown_declared_encoding_is_named():
    with pytest.raises(BadEncoding, match="'klingon' is unknown"):
        adf.parse(b'<?xml version="1.0" encoding="klingon"?><adf/>')


def test_errors_point_at_the_original_line_after_the_prolog_is_cleaned():
    body = b'<?ADF VERSION "1.0"?>\n<?XML VERSION "1.0"?>\n<adf>\n<prospect>\n</adf>'
    with pytest.raises(MalformedDocument, match="line 5"):
        read_xml(body)


def refused_quickly(body: bytes, error: type[IntakeError], match: str) -> IntakeError:
    """The refusal, after checking it came in under a second and leaked nothing."""
    started = time.perf_counter()
    with pytest.raises(error, match=match) as caught:
        adf.parse(body)
    assert time.perf_counter() - started < 1.0
    assert "root:" not in str(caught.value)  # nothing of the file system leaks into the message
    return caught.value


def test_a_billion_laughs_is_refused_in_under_a_second():
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    body = f'<?xml version="1.0"?><!DOCTYPE adf [{"".join(entities)}]><adf>&lol9;</adf>'
    assert refused_quickly(body.encode(), HostileDocument, "declares entities").code == "hostile"


def test_a_quadratic_blowup_is_refused_in_under_a_second():
    body = f'<!DOCTYPE adf [<!ENTITY a "{"x" * 50_000}">]><adf>{"&a;" * 50_000}</adf>'
    assert refused_quickly(body.encode(), HostileDocument, "declares entities").where == (
        "line 1, column 16"
    )


def test_an_external_entity_is_refused_and_the_file_is_never_read():
    body = b'<!DOCTYPE adf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><adf>&xxe;</adf>'
    error = refused_quickly(body, HostileDocument, r"declares entities.*line 1")
    assert "passwd" not in error.problem


def test_a_parameter_entity_in_another_encoding_is_still_found():
    body = '<!DOCTYPE adf [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><adf/>'
    error = refused_quickly(body.encode("utf-16"), HostileDocument, "declares entities")
    assert error.where == "line 1, column 16"


def test_an_external_dtd_is_never_fetched():
    body = b'<!DOCTYPE adf SYSTEM "http://127.0.0.1:9/adf.dtd"><adf><prospect/></adf>'
    started = time.perf_counter()
    (lead,) = adf.parse(body)
    assert time.perf_counter() - started < 1.0
    assert lead.request_time is None


def test_an_undeclared_entity_reference_is_malformed():
    error = refused_quickly(b"<adf>&secret;</adf>", MalformedDocument, "secret")
    assert error.where == "line 1, column 14"


def test_a_huge_document_is_refused_before_it_is_read():
    body = b"<adf>" + b"<prospect/>" * 600_000 + b"</adf>"
    assert refused_quickly(body, TooLarge, "limit is 5,242,880").http_status == 413


def test_absurd_nesting_is_refused_in_under_a_second():
    body = b"<adf>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</adf>"
    assert refused_quickly(body, MalformedDocument, "malformed XML").code == "malformed"
