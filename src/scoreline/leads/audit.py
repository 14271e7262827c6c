"""The audit trail's reasons, said in the reader's language when read.

A reason is stored as parts (`LeadEvent.reason_parts`): what a person typed is kept as
written ({"text": ...}); what the product says itself — "assigned by the rule X", "duplicate
of lead #12", a built-in lost reason — is a key and its values ({"key": ..., "params": ...}),
said again in the language of whoever reads it, like the notifications. `reason` keeps the
text as first written, for the admin and for rows from before the parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from scoreline.leads.names import lost_reason_label

Part = dict[str, Any]
JOIN = " — "

TEXTS: dict[str, Any] = {
    "by_rule": _("rule: %(rule)s"),
    "by_hand": _("entered by hand"),
    "second_breach": _("second breach of the response clock"),
    "duplicate_of": _("duplicate of lead #%(other)s"),
    "wrong_number_call": _("evidence: wrong-number call of %(at)s"),
    "manager": _("decided by manager %(user)s"),
    "phone_changed": _("phone %(old)s → %(new)s"),
    "first_name_changed": _("first name %(old)s → %(new)s"),
    "last_name_changed": _("last name %(old)s → %(new)s"),
    "email_changed": _("e-mail %(old)s → %(new)s"),
    "bounced": _("E-mail %(id)s to %(to)s bounced"),
    "bounced_message": _("evidence: bounced message of %(at)s"),
    "asked_before_standard": _("asked by %(user)s, before the follow-up standard was met"),
    "cleaned_up": _("cleaned up: the lead lay still"),
}


def said(key: str, **params: Any) -> Part:
    """A part the product says: a key of TEXTS and the values that fill it (JSON values)."""
    if key not in TEXTS:
        raise ValueError(f"no audit text {key!r}; known: {', '.join(sorted(TEXTS))}")
    return {"key": key, "params": params}


def typed(text: str) -> Part:
    """A part a person typed: shown as written."""
    return {"text": text}


def lost_reason_part(code: str, label: str) -> Part:
    """A lost reason: a built-in one in the reader's language, any other as written."""
    return {"lost_reason": code, "label": label}


def parts_of(reason: str | Iterable[Part] | None) -> list[Part]:
    """A reason as parts: a plain string is text a person typed; empty parts are left out."""
    if reason is None:
        return []
    if isinstance(reason, str):
        return [typed(reason)] if reason else []
    return [part for part in reason if part and part.get("text") != ""]


def reason_text(parts: Iterable[Part], language: str | None = None) -> str:
    """The parts joined, in `language` (the active one when None)."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return JOIN.join(filter(None, (_part(part, written=False) for part in parts)))


def written_text(parts: Iterable[Part]) -> str:
    """The parts as written down (the `reason` column, for the admin and search): the
    product's words in English whoever wrote them, a lost reason by its own label."""
    with translation.override("en"):
        return JOIN.join(filter(None, (_part(part, written=True) for part in parts)))


def _part(part: Mapping[str, Any], *, written: bool) -> str:
    if "key" in part:
        text = TEXTS.get(part["key"])
        params = {name: _shown(value) for name, value in part.get("params", {}).items()}
        return str(text) % params if text is not None else ""
    if "lost_reason" in part:
        label = str(part.get("label", ""))
        return label if written else lost_reason_label(label, str(part["lost_reason"]))
    return str(part.get("text", ""))


def _shown(value: Any) -> Any:
    """A stored moment ({"at": ISO}) as the active language writes it; others as stored."""
    if isinstance(value, dict) and "at" in value:
        return date_format(localtime(datetime.fromisoformat(value["at"])), "SHORT_DATETIME_FORMAT")
    return "–" if value in (None, "") else value


def shown_reason(reason: str, parts: list[Part]) -> str:
    """What the reader sees of an event's reason: said again from its parts, in the active
    language; an event from before the parts shows its reason as written."""
    return reason_text(parts) if parts else reason
