"""Structured logs: one JSON object per line, extra fields kept, exceptions included."""

import json
import logging

from scoreline.ops.logs import JsonFormatter


def _record(**extra: object) -> logging.LogRecord:
    record = logging.LogRecord(
        "scoreline.intake", logging.WARNING, __file__, 1, "payload %s failed", (7,), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_line_is_json_with_the_message_and_the_extras() -> None:
    line = JsonFormatter().format(_record(payload=7, dealer="noord"))

    entry = json.loads(line)
    assert entry["message"] == "payload 7 failed"
    assert (entry["level"], entry["logger"]) == ("WARNING", "scoreline.intake")
    assert (entry["payload"], entry["dealer"]) == (7, "noord")
    assert "\n" not in line


def test_an_exception_travels_with_its_traceback() -> None:
    try:
        raise ValueError("bad opening hours")
    except ValueError:
        import sys

        record = _record()
        record.exc_info = sys.exc_info()

    entry = json.loads(JsonFormatter().format(record))

    assert "ValueError: bad opening hours" in entry["exception"]


def test_values_that_are_not_json_are_written_as_text() -> None:
    entry = json.loads(JsonFormatter().format(_record(when=object())))

    assert entry["when"].startswith("<object object")
