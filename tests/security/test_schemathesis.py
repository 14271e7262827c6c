"""Schemathesis against the API's own OpenAPI schema: any input, never a 500, always as documented.

Bounded for CI: a few examples per operation (SCHEMATHESIS_EXAMPLES to raise it locally).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from scoreline.api.urls import api
from security.seeded import SeededCast as Cast

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As in Django's test client: the WSGI app must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_every_input_as_documented(case, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {cast.tokens['noord_write']}"}
    )
    assert response.status_code < 500
