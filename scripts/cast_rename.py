#!/usr/bin/env python3
"""Rewrite test files written against the five old area casts to the one cast (tests/cast.py).

Temporary: for converting tests written in parallel with the unification; delete after merging.
Usage: scripts/cast_rename.py tests/followup/test_x.py [more files...]   (rewrites in place;
--check prints what would change instead). The mapping is tests/CAST_MAP.txt in code form.

Which old cast a file used is read from its imports (`from followup.cast import ...`,
`from .cast import ...` inside tests/web, ...) and, failing that, from its folder (a test that
only takes the `cast` fixture). What it cannot do is printed as a warning to fix by hand:
intake's `person(...)` (its signature changed) and followup's `build_cast()` outside the
fixture (now `held_to_the_standard(build_cast())`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Old cast module -> (attribute renames, string-literal renames (quoted exactly), other text).
AREAS: dict[str, dict[str, dict[str, str]]] = {
    "web": {
        "attrs": {},
        "strings": {},
        "text": {"a-long-test-password": "a-long-test-passphrase-1"},
    },
    "followup": {
        "attrs": {
            "fast_sam": "sanne",
            "slow_sid": "bram",
            "manager_mia": "marco",
            "marketing_max": "mila",
            "lille_louis": "louis",
            "lille_manager_lea": "lea",
        },
        "strings": {"sam": "sanne", "sid": "bram", "mia": "marco", "max": "mila"},
        "text": {
            "Sam Snel": "Sanne Smit",
            "Sid Traag": "Bram Bakker",
            "Mia Manager": "Marco Meester",
            "Max Markt": "Mila Markt",
            "Bram Jansen": "Bert Jansen",
            "sam@example.com": "sanne@example.com",
            "sid@example.com": "bram@example.com",
            "mia@example.com": "marco@example.com",
            "max@example.com": "mila@example.com",
        },
    },
    "security": {
        "attrs": {"no_answer": "not_reached"},
        "users": {
            "sam": "sanne",
            "mia": "marco",
            "mark": "mila",
            "dirk": "dirk",
            "ada": "ada",
            "otto": "olaf",
            "nobody": "nobody",
        },
        "strings": {"sam": "sanne", "mia": "marco", "mark": "mila", "otto": "olaf"},
        "text": {
            "Autohuis Zuid": "Garage Zuid",
            "Bram Jansen": "Bert Jansen",
            "bram@example.com": "bert@example.com",
        },
    },
    "intake": {
        "attrs": {"eva": "vera", "mia": "marco", "otto": "logan"},
        "strings": {"eva": "vera", "mia": "marco", "otto": "logan"},
        "text": {
            "Eva Visser": "Vera Verlof",
            "Mia Mulder": "Marco Meester",
            "Otto Oost": "Logan Lake",
        },
    },
    "planning": {
        "attrs": {
            "marketing_mark": "mila",
            "manager_mia": "marco",
            "salesperson_sam": "sanne",
            "lille_lea": "lea",
        },
        "strings": {"autohuis-noord": "noord", "mark": "mila", "mia": "marco", "sam": "sanne"},
        "text": {
            "Lille Centre": "Garage Lille",
            "mark@example.invalid": "mila@example.com",
            "mia@example.invalid": "marco@example.com",
        },
    },
}

# Old module -> name imported from it -> (new module, new name).
IMPORTS: dict[str, dict[str, tuple[str, str]]] = {
    "web": {
        "Cast": ("cast", "Cast"),
        "PASSWORD": ("cast", "PASSWORD"),
        "logged_in": ("cast", "logged_in"),
        "make_lead": ("cast", "make_lead"),
        "person": ("cast", "person"),
        "make_history": ("web.history", "make_history"),
    },
    "followup": {
        "Cast": ("cast", "Cast"),
        "build_cast": ("cast", "build_cast"),
        "MONDAY_10": ("followup.clock", "MONDAY_10"),
        "amsterdam": ("followup.clock", "amsterdam"),
        "AMSTERDAM": ("followup.clock", "AMSTERDAM"),
        "PARIS": ("followup.clock", "PARIS"),
    },
    "security": {
        "Cast": ("security.seeded", "SeededCast as Cast"),
        "build_cast": ("security.seeded", "build_seeded_cast"),
        "RECEIVED": ("security.seeded", "RECEIVED"),
        "PASSWORD": ("cast", "PASSWORD"),
        "NOORD_ROLES": ("", ""),
    },
    "intake": {
        "Cast": ("cast", "Cast"),
        "build_cast": ("cast", "build_cast"),
        "person": ("cast", "person"),
        "endpoint": ("intake.endpoints", "endpoint"),
    },
    "planning": {
        "Cast": ("cast", "Cast"),
        "build_cast": ("planning.history", "build_cast_with_history"),
        "import_history": ("planning.history", "import_history"),
        "NOORD_HISTORY": ("planning.history", "NOORD_HISTORY"),
        "COSTS": ("planning.history", "COSTS"),
    },
}

# Folders whose tests take the old `cast` fixture without importing the module.
FOLDER_AREA = {
    "web": "web",
    "followup": "followup",
    "worker": "followup",
    "security": "security",
    "api": "security",
    "ops": "security",
    "intake": "intake",
    "planning": "planning",
}

IMPORT = re.compile(
    r"^(?P<indent>[ \t]*)from "
    r"(?P<module>(?:\.+|(?:web|followup|security|intake|planning)\.)cast) import "
    r"(?:\((?P<paren>[^)]*)\)|(?P<names>[^\n]*))\n",
    re.MULTILINE,
)


def area_of(module: str, path: Path) -> str:
    if module.startswith("."):
        # a relative import: the old cast of the folder it climbs to (tests/<area>/...)
        dots = len(module) - len(module.lstrip("."))
        return path.resolve().parents[dots - 1].name
    return module.split(".")[0]


def rewrite(text: str, path: Path) -> tuple[str, list[str]]:
    warnings: list[str] = []
    areas: list[str] = []
    renamed: dict[str, str] = {}

    def new_import(match: re.Match[str]) -> str:
        area = area_of(match.group("module"), path)
        areas.append(area)
        names = (match.group("paren") or match.group("names") or "").replace("\n", " ")
        by_module: dict[str, list[str]] = {}
        for raw in (n.strip() for n in names.split(",")):
            if not raw:
                continue
            name = raw.split(" as ")[0].strip()
            module, new = IMPORTS[area].get(name, ("cast", name))
            if not module:
                warnings.append(f"{path}: {name} from {area}.cast is gone; fix by hand")
                continue
            if new != name and " as " not in new:
                renamed[name] = new
            by_module.setdefault(module, []).append(new)
            if area == "intake" and name == "person":
                warnings.append(
                    f"{path}: intake's person(username, dealer, role) is now "
                    "person(username, first, dealer, *roles, last=..., on_duty=...)"
                )
            if area == "followup" and name == "build_cast":
                warnings.append(
                    f"{path}: followup's build_cast() is now "
                    "held_to_the_standard(build_cast()) (followup.clock)"
                )
        return "".join(
            f"{match.group('indent')}from {module} import {', '.join(sorted(set(new_names)))}\n"
            for module, new_names in sorted(by_module.items())
        )

    text = IMPORT.sub(new_import, text)
    for old, new in renamed.items():
        text = re.sub(rf"(?<![\w.]){old}\b", new, text)
    if not areas:
        parts = path.resolve().parts
        if "tests" in parts:
            folder = parts[parts.index("tests") + 1]
            if folder in FOLDER_AREA:
                areas.append(FOLDER_AREA[folder])
    for area in dict.fromkeys(areas):
        table = AREAS[area]
        for old, new in table.get("users", {}).items():
            text = re.sub(rf"\.users\[(['\"]){old}\1\]", f".{new}", text)
        if ".users[" in text:
            warnings.append(f"{path}: cast.users[...] by a variable: use getattr(cast, name)")
        for old, new in table["attrs"].items():
            text = re.sub(rf"\.{old}\b", f".{new}", text)
        for old, new in table["text"].items():
            text = text.replace(old, new)
        for old, new in table["strings"].items():
            text = re.sub(rf"(['\"]){re.escape(old)}\1", rf"\g<1>{new}\g<1>", text)
    return text, warnings


def main(argv: list[str]) -> int:
    check = "--check" in argv
    for name in (a for a in argv if a != "--check"):
        path = Path(name)
        before = path.read_text()
        after, warnings = rewrite(before, path)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if after != before:
            if check:
                print(f"would rewrite {path}")
            else:
                path.write_text(after)
                print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
