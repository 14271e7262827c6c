"""The JSON API under /api/v1/; its OpenAPI schema is /api/v1/openapi.json, docs /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from scoreline.api import activities, dealers, leads, overrides, plans, reports
from scoreline.api.auth import SessionCallerAuth, TokenAuth
from scoreline.api.problems import (
    PROBLEM_TYPE,
    ApiError,
    from_api_error,
    problem,
    validation_problem,
)
from scoreline.api.schemas import CALL_EVENT_DOC, CallEvent


class ScorelineApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Errors are documented as application/problem+json, which is what they are."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_TYPE: content["application/json"]}
        # The phone system's call event is posted to its intake endpoint (/intake/<token>/),
        # not to this API; its shape and signature are documented here all the same.
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["CallEvent"] = CallEvent.model_json_schema()
        schema["info"]["description"] += CALL_EVENT_DOC
        return schema


api = ScorelineApi(
    title="Scoreline API",
    version="1",
    description="Leads, activities, report figures and plans of the dealers a token may see.",
    auth=[TokenAuth(), SessionCallerAuth()],
    urls_namespace="api-v1",
)
api.add_router("", dealers.router)
api.add_router("", leads.router)
api.add_router("", activities.router)
api.add_router("", overrides.router)
api.add_router("", reports.router)
api.add_router("", plans.router)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return from_api_error(error)


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return validation_problem(list(error.errors))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = problem(
        401, "unauthenticated", "Send a valid token: 'Authorization: Bearer sl_…'.", "Authorization"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem(404, "not_found", "Nothing here.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problem(error.status_code, "http_error", str(error))


urlpatterns = [path("v1/", api.urls)]
