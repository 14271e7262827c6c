"""Reading untrusted JSON bodies, and typed field access that names the JSON path on error."""

import json
from typing import Any

from scoreline.intake.errors import BadEncoding, BadValue, MalformedDocument, TooLarge

MAX_JSON_BYTES = 1024 * 1024


def read_json(body: bytes, *, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """The decoded JSON value (UTF-8, BOM allowed); raises IntakeError naming line and column."""
    if len(body) > max_bytes:
        raise TooLarge(f"the body is {len(body):,} bytes; the limit is {max_bytes:,}")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadEncoding(
            f"the body is not valid UTF-8: byte 0x{body[error.start]:02x} cannot be decoded",
            f"byte {error.start}",
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise MalformedDocument(
            f"malformed JSON: {error.msg}", f"line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise MalformedDocument("the JSON is nested too deeply", "line 1") from None
    except ValueError as error:  # Python's bound on the digits of an integer (4,300)
        raise MalformedDocument(f"a JSON number is too long: {error}", "body") from None


def records(document: Any, *keys: str) -> list[tuple[str, dict[str, Any]]]:
    """The lead objects in a body: one object, a list of them, or a list under one of `keys`."""
    if isinstance(document, dict):
        for key in keys:
            if isinstance(document.get(key), list):
                return _objects(document[key], f"$.{key}")
        return [("$", document)]
    if isinstance(document, list):
        return _objects(document, "$")
    raise BadValue("the body must be a JSON object or a list of objects", "$")


def _objects(items: list[Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise BadValue("each lead must be a JSON object", f"{path}[{index}]")
        found.append((f"{path}[{index}]", item))
    return found


def string(record: dict[str, Any], path: str, *names: str) -> str:
    """The first of `names` present in `record`, as trimmed text ("" when absent or null)."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise BadValue(f"{name} must be text or a number", f"{path}.{name}")
        return str(value).strip()
    return ""


def obj(record: dict[str, Any], path: str, *names: str) -> tuple[str, dict[str, Any]] | None:
    """The first of `names` that holds an object, with its path; None when none is present."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise BadValue(f"{name} must be an object", f"{path}.{name}")
        return f"{path}.{name}", value
    return None


def strings(record: dict[str, Any], path: str, name: str) -> list[str]:
    """A field that may hold one text or a list of them."""
    value = record.get(name)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise BadValue(f"{name} must hold text", f"{path}.{name}[{index}]")
    return [str(item).strip() for item in items if str(item).strip()]
