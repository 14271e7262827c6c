"""Schemathesis against the API's own OpenAPI schema: any input, never a 500, always as documented.

Bounded for CI: a few examples per operation (SCHEMATHESIS_EXAMPLES to raise it locally).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from scoreline.api.urls import api
from security.cast import Cast

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()  # type: ignore[attr-defined]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_every_input_as_documented(case, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"Authorization": f"Bearer {cast.tokens['noord_write']}"})
