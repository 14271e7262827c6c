"""The report as JSON, as a terminal table and as a self-contained HTML page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scoreline.analytics.render.html import render_html
from scoreline.analytics.render.json import render_json
from scoreline.analytics.render.table import render_table

FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {
    "table": render_table,
    "json": render_json,
    "html": render_html,
}
