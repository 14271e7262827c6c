"""Which format a document on disk is in, from its first bytes (and its name for mails)."""

import re

from scoreline.intake.errors import UnknownFormat

_ROOT = re.compile(rb"<\s*(?:[\w.-]+:)?([A-Za-z][\w.-]*)[\s>/]")
_MAIL_HEADER = re.compile(rb"^(From |[A-Za-z-]+: )", re.M)


def sniff(body: bytes, name: str = "") -> str:
    """`adf`, `doorlinkenvoorraad`, `json` or `email`; UnknownFormat names what was seen."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.lower().endswith((".eml", ".mbox")) or (
        _MAIL_HEADER.match(head) and not head.startswith(b"<")
    ):
        return "email"
    if head[:1] in (b"{", b"["):
        return "json"
    for match in _ROOT.finditer(head):
        root = match.group(1).decode("ascii", "replace").lower()
        if root in ("adf", "prospect"):
            return "adf"
        if root in ("lead", "leads"):
            return "doorlinkenvoorraad"
        if root not in ("xml", "doctype") and not root.startswith("!"):
            break
    raise UnknownFormat(f"not a lead document this importer knows (starts {head[:40]!r})", name)
