"""ADF by e-mail: find the document in the plain-text body or in an attachment.

Portals and OEM sites mail ADF as the text/plain body (often with a line of text around it) or
as an .xml/.adf attachment. The whole mail is the raw payload; this module only finds the
documents in it. Mailboxes (mbox, Maildir, IMAP) are read by `mailboxes.py`.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage, Message

from scoreline.intake.errors import UnknownFormat
from scoreline.intake.formats import adf
from scoreline.intake.formats.parsed import ParsedLead

_ADF_IN_TEXT = re.compile(
    rb"(<\?xml[^>]*\?>\s*)?(<\?adf[^>]*\?>\s*)?<adf\b.*?</adf\s*>", re.S | re.I
)
_XML_TYPES = ("application/xml", "text/xml", "application/adf+xml")


def message_of(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def message_id(raw: bytes) -> str:
    return str(message_of(raw).get("Message-ID", "")).strip()


def adf_documents(raw: bytes) -> list[tuple[str, bytes]]:
    """Each ADF document in a mail, with where it was found (attachment name or "body")."""
    found = []
    for index, part in enumerate(message_of(raw).walk()):
        if part.is_multipart():
            continue
        content = _bytes(part)
        name = part.get_filename() or ""
        if part.get_content_type() in _XML_TYPES or name.lower().endswith((".xml", ".adf")):
            found.append((f"attachment {name or index}", content))
        elif part.get_content_type() in ("text/plain", "text/html"):
            found += [(f"body part {index}", m.group(0)) for m in _ADF_IN_TEXT.finditer(content)]
    return found


def parse(raw: bytes) -> list[ParsedLead]:
    """The leads of every ADF document in the mail, each place prefixed with its mail part."""
    documents = adf_documents(raw)
    if not documents:
        raise UnknownFormat("the mail has no ADF document in its body or attachments", "mail")
    leads = []
    for where, document in documents:
        for lead in adf.parse(document):
            lead.where = f"{where}: {lead.where}"
            leads.append(lead)
    return leads


def _bytes(part: Message) -> bytes:
    """The part's content in its own bytes, undoing base64/quoted-printable transfer encoding."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return b""
    charset = part.get_content_charset()
    if (
        part.get_content_maintype() == "text"
        and charset
        and charset.lower() not in ("utf-8", "us-ascii")
    ):
        # Re-encode the text as UTF-8 and say so, so the XML reader's encoding sniffing agrees.
        text = payload.decode(charset, errors="replace")
        return re.sub(r'encoding\s*=\s*["\'][^"\']*["\']', 'encoding="utf-8"', text).encode("utf-8")
    return payload
