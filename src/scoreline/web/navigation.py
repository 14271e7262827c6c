"""The main menu: the pages the user's roles open, in the order of their working day."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from scoreline.dealers.models import User
from scoreline.web.access import PAGE_ROLES, roles_of

MENU: list[tuple[str, Promise]] = [
    ("my_leads", _("My leads")),
    ("board", _("Board")),
    ("scoreboard", _("Scoreboard")),
    ("group", _("Group")),
    ("plan", _("Plan")),
    ("imports", _("Imports")),
    ("settings", _("Settings")),
]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    current: bool


def nav_for(user: User, current: str | None) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    held = {role for roles in roles_of(user).values() for role in roles}
    return [
        NavItem(reverse(name), str(label), name == current)
        for name, label in MENU
        if user.is_superuser or held & PAGE_ROLES[name]
    ]
