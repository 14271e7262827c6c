"""Errors as problem+json (RFC 9457): a stable `code`, a human `message`, the `field` at fault.

Every error the API returns goes through `problem()`, so clients parse one shape.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from scoreline.followup.errors import (
    FollowUpStandardNotMet,
    InvalidChange,
    MailNotSent,
    OverrideNotAllowed,
)
from scoreline.intake.errors import IntakeError

PROBLEM_TYPE = "application/problem+json"


class ApiError(Exception):
    """Raised by API code to answer with a problem document instead of a result."""

    def __init__(self, status: int, code: str, message: str, field: str = "") -> None:
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.extra: dict[str, Any] = {}
        super().__init__(message)


def problem_body(status: int, code: str, message: str, field: str = "", **extra: Any) -> dict:
    body: dict[str, Any] = {
        "type": f"about:blank#{code}",
        "title": code.replace("_", " "),
        "status": status,
        "code": code,
        "message": message,
        "field": field,
    }
    body.update(extra)
    return body


def problem(status: int, code: str, message: str, field: str = "", **extra: Any) -> HttpResponse:
    body = problem_body(status, code, message, field, **extra)
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)


def from_api_error(error: ApiError) -> HttpResponse:
    return problem(error.status, error.code, error.message, error.field, **error.extra)


def not_found(what: str, field: str = "") -> ApiError:
    """The same answer whether the object is missing or belongs to another dealer."""
    return ApiError(404, "not_found", f"No {what} with this id.", field)


def field_of(location: tuple | list) -> str:
    """Pydantic's error location ('body', 'payload', 'status') as a dotted field name."""
    parts = [str(p) for p in location if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts)


def validation_problem(errors: list[dict]) -> HttpResponse:
    """Ninja's validation errors: the first one names the field, all are listed in `errors`."""
    listed = [
        {"field": field_of(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in errors
    ]
    first = listed[0] if listed else {"field": "", "message": "The request is not valid."}
    message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return problem(422, "invalid", message, first["field"], errors=listed)


def from_action_error(error: Exception) -> ApiError:
    """A refused follow-up action or intake as the API's error, keeping its words."""
    if isinstance(error, FollowUpStandardNotMet):
        problem = ApiError(409, "follow_up_standard_not_met", str(error), "status")
        problem.extra = {"missing": list(error.missing)}
        return problem
    if isinstance(error, OverrideNotAllowed):
        return ApiError(403, "override_not_allowed", str(error), "override_reason")
    if isinstance(error, InvalidChange):
        return ApiError(422, "invalid_change", str(error))
    if isinstance(error, MailNotSent):  # the dealer's mail server failed: nothing was logged
        return ApiError(502, "mail_not_sent", str(error))
    if isinstance(error, IntakeError):
        return ApiError(422, error.code, str(error), error.where)
    raise error
