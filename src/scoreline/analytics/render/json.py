"""The report as one JSON object (EXCHANGE.md): null where a figure cannot be computed."""

from __future__ import annotations

import json
from typing import Any


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
