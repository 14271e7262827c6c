"""Reading untrusted XML: tolerant of what real senders write, closed to what attackers write.

1. Refuse a body over the size limit before looking at it.
2. Decode it by its byte order mark or its declared encoding (any Python knows), strictly.
3. Refuse any entity declaration (billion laughs, quadratic blow-up, external entities).
4. Blank out the prolog's XML and ADF processing instructions, however they are spelled (the
   ADF spec's own example has an illegal `<?XML VERSION “1.0”?>` after `<?ADF VERSION "1.0"?>`),
   and the document type declaration (never loaded, never needed), keeping every line and
   column where it was so errors point at the right place. Parse with lxml with entities
   unresolved, no DTD loading, no network, no huge trees.
5. Drop namespaces and lower-case element and attribute names: senders disagree on both.
"""

import codecs
import re

from lxml import etree

from scoreline.intake.errors import BadEncoding, HostileDocument, MalformedDocument, TooLarge

MAX_XML_BYTES = 5 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*\W{0,3}([A-Za-z][\w.:-]*)", re.I)
_PROLOG_ITEM = re.compile(
    r"\s*(<\?([\w:.-]*).*?\?>|<!--.*?-->|<!(DOCTYPE)\b[^\[>]*(?:\[.*?\])?\s*>)", re.S | re.I
)
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.I)


def read_xml(body: bytes, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """The document's root element, with plain lower-case names; raises IntakeError subclasses."""
    if len(body) > max_bytes:
        raise TooLarge(f"the document is {len(body):,} bytes; the limit is {max_bytes:,}")
    text = decode(body)
    declaration = _ENTITY_DECLARATION.search(text)
    if declaration:
        raise HostileDocument(
            "the document declares entities; entity expansion is refused",
            _line_column(text, declaration.start()),
        )
    root = _parse(_cleaned_prolog(text).encode("utf-8"))
    _normalise_names(root)
    return root


def decode(body: bytes) -> str:
    """The body as text, by BOM, else by declared encoding, else UTF-8; strict, naming the byte."""
    encoding, start = _encoding(body)
    try:
        return codecs.decode(body[start:], encoding)
    except UnicodeDecodeError as error:
        offset = start + error.start
        text = body[:offset].decode(encoding, errors="replace")
        raise BadEncoding(
            f"the document is not valid {encoding}: byte 0x{body[offset]:02x} cannot be decoded",
            _line_column(text, len(text)),
        ) from None


def _encoding(body: bytes) -> tuple[str, int]:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    if body.startswith(b"<\x00"):
        return "utf-16-le", 0
    if body.startswith(b"\x00<"):
        return "utf-16-be", 0
    declared = _DECLARED_ENCODING.search(body[:1024])
    if declared is None:
        return "utf-8", 0
    name = declared.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name, 0
    except LookupError:
        raise BadEncoding(f"the declared encoding {name!r} is unknown", "XML declaration") from None


def _cleaned_prolog(text: str) -> str:
    """Blank out `<?xml?>`, `<?adf?>` (whatever their case or quotes) and `<!DOCTYPE>`."""
    text = text.lstrip("\ufeff")
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        target = (match.group(2) or match.group(3) or "").lower()
        if target in ("xml", "adf", "doctype"):
            start, end = match.span(1)
            blank = re.sub(r"[^\n]", " ", text[start:end])
            text = text[:start] + blank + text[end:]
        position = match.end()
    return text


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise MalformedDocument(
            f"malformed XML: {error.msg}", f"line {line}, column {column}"
        ) from None
    if root is None:
        raise MalformedDocument("the document has no root element", "line 1")
    return root


def _normalise_names(root: etree._Element) -> None:
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            raise HostileDocument("the document refers to an undeclared entity", line_of(element))
        if not _plain(tag):
            element.tag = etree.QName(element).localname.lower()
        attributes = element.attrib
        for key in [key for key in attributes if not _plain(key)]:
            attributes[etree.QName(key).localname.lower()] = attributes.pop(key)


def _plain(name: str) -> bool:
    """Already without namespace and in lower case (most names: then nothing is rewritten)."""
    return name.islower() and "}" not in name


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def line_of(element: etree._Element) -> str:
    return f"line {element.sourceline}" if element.sourceline else ""


def path_of(element: etree._Element) -> str:
    """The element's path, e.g. `/adf/prospect[2]/vehicle`."""
    return str(element.getroottree().getpath(element))


def text_of(element: etree._Element | None) -> str:
    """All text inside an element (CDATA included), whitespace-trimmed; "" for no element."""
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


def child_text(parent: etree._Element, name: str) -> str:
    return text_of(parent.find(name))
