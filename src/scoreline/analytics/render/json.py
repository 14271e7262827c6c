"""The report as one JSON object (EXCHANGE.md): null where a figure cannot be computed."""

from __future__ import annotations

from typing import Any

import orjson


def render_json(report: dict[str, Any]) -> str:
    """Indented JSON (orjson: a million-lead report is written in milliseconds)."""
    options = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE
    return orjson.dumps(report, option=options, default=str).decode()
