"""The names of built-in sources and lost reasons in the reader's language.

Sources and lost reasons are rows with a name a person typed (often in the dealer's own
language: the demo's reasons are Dutch). The product's built-in kinds — the phone, a walk-in,
the importer, "no interest", … — are known by their slug or code and said here, at display
time, in the language being read; any other name shows as written. `Source.__str__`,
`LostReason.__str__`, the pages' report tables and the verdict's sentences all ask here.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

SOURCES: dict[str, Any] = {
    "website": _("Website"),
    "dealer-website": _("Dealer website"),
    "importer": _("Importer"),
    "oem": _("Importer"),
    "phone": _("Phone"),
    "telefoon": _("Phone"),
    "walk-in": _("Walk-in"),
    "walkin": _("Walk-in"),
    "showroom": _("Walk-in"),
    "email": _("E-mail"),
    "e-mail": _("E-mail"),
    "referral": _("Referral"),
    "other": _("Other"),
}

LOST_REASONS: dict[str, Any] = {
    "not_interested": _("Not interested"),
    "not_reached": _("Not reached"),
    "bought_elsewhere": _("Bought elsewhere"),
    "no_budget": _("No budget or financing"),
    "duplicate": _("Duplicate inquiry"),
    "fake": _("Fake or test inquiry"),
    "spam": _("Spam"),
}


def source_name(name: str, slug: str = "") -> str:
    """A source's name to show: a built-in kind in the active language, else as written."""
    said = SOURCES.get(slug or slugify(name))
    return str(said) if said is not None else name


def lost_reason_label(label: str, code: str) -> str:
    """A lost reason to show: a built-in reason (by its code) in the active language, else
    its label as written."""
    said = LOST_REASONS.get(code)
    return str(said) if said is not None else label


def source_names_in(
    languages: tuple[str, ...], sources: list[tuple[str, str]]
) -> dict[str, dict[str, str]]:
    """For each language, {name: as the language says it} of the built-in sources among
    `sources` ((name, slug) pairs): the report's verdict sentences name their cut in every
    language at once."""
    said: dict[str, dict[str, str]] = {}
    for language in languages:
        with translation.override(language):
            said[language] = {
                name: source_name(name, slug)
                for name, slug in sources
                if source_name(name, slug) != name
            }
    return said
