"""Formatting filters in the reader's locale: money, percentages and business minutes.

They only format; a figure that could not be computed (None) shows as a dash, never a guess.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from scoreline.analytics.rounding import rounded_percent
from scoreline.leads.names import source_name as _source_name
from scoreline.web.navigation import NavItem, nav_for

register = template.Library()

DASH = "–"
Number = int | float | Decimal | None
# A value missing from a template's context arrives as "" (string_if_invalid): also a dash.


def _number(value: int | float | Decimal, digits: int) -> str:
    return number_format(value, digits, use_l10n=True, force_grouping=True)


@register.filter
def euro(value: Number, digits: int = 2) -> str:
    """€ 1.234,56 in Dutch, 1 234,56 € in French, €1,234.56 in English."""
    if value is None or value == "":
        return DASH
    amount = _number(value, digits)
    language = (get_language() or "en")[:2]
    if language == "fr":
        return f"{amount}\u00a0€"
    if language == "nl":
        return f"€\u00a0{amount}"
    return f"€{amount}"


@register.filter
def percent(value: Number, digits: int = 1) -> str:
    """A share (0.129) as 12,9 % (nl, fr) or 12.9% (en)."""
    if value is None or value == "":
        return DASH
    number = _number(rounded_percent(float(value), digits), digits)
    if (get_language() or "en")[:2] == "en":
        return f"{number}%"
    return f"{number}\u00a0%"


@register.filter
def number(value: Number, digits: int = 0) -> str:
    return DASH if value is None or value == "" else _number(value, digits)


@register.filter
def source_name(value: object) -> str:
    """A source named in a report row: a built-in kind in the reader's language."""
    return DASH if value in (None, "") else _source_name(str(value))


@register.filter
def minutes(value: Number) -> str:
    """Business minutes as "12 min", "3 h 05", or "2 d 4 h" for long waits (8-hour days)."""
    if value is None or value == "":
        return DASH
    total = round(float(value))
    if total < 60:
        return _("%(m)s min") % {"m": total}
    if total < 8 * 60:
        return _("%(h)s h %(m)02d") % {"h": total // 60, "m": total % 60}
    return _("%(d)s d %(h)s h") % {"d": total // 480, "h": (total % 480) // 60}


@register.filter
def since(value: datetime | None) -> str:
    """Wall-clock time from value to now, short: "12 min", "5 h", "3 d"."""
    if not isinstance(value, datetime):
        return DASH
    seconds = (timezone.now() - value).total_seconds()
    if seconds < 3600:
        return _("%(m)s min") % {"m": max(0, int(seconds // 60))}
    if seconds < 86400:
        return _("%(h)s h") % {"h": int(seconds // 3600)}
    return _("%(d)s d") % {"d": int(seconds // 86400)}


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> list[NavItem]:
    """The menu for the current user, marking the page being shown."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    return nav_for(request.user, match.url_name if match else None)
