"""The platform's API, version 1: OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs.

Errors share one shape, ``{"error": code, "message": text}`` (DESIGN.md §3.9): domain errors, validation
errors (422, with the offending fields in ``detail``), authentication (401) and missing objects (404).
"""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thb.blocking.api import router as blocklist_router
from thb.blocking.api_staff import router as blocklist_staff_router
from thb.core.api import router as core_router
from thb.core.exceptions import DomainError
from thb.dispatch.api import router as dispatch_router
from thb.hotline.api import router as public_router
from thb.hotline.api_staff import router as hotline_router


class PlatformAPI(NinjaAPI):
    """The API whose OpenAPI document lists, for every operation that takes input, the 422 that its
    validation can answer (schemas, NUL characters: thb/api/guards.py) — so that clients and schemathesis
    find every answer documented (issue 11 §3)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {
            "description": "Unprocessable Content",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                takes_input = operation.get("parameters") or operation.get("requestBody")
                if takes_input and "422" not in operation["responses"] and 422 not in operation["responses"]:
                    operation["responses"][422] = error
        return schema


api = PlatformAPI(
    title="THB Platform API",
    version="1",
    description="API of Belgium's platform against trafficking in human beings.",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, object] = {"error": exc.code, "message": exc.message}
    field = getattr(exc, "field", None)
    if field:
        body["detail"] = [{"loc": ["body", field], "msg": exc.message, "type": "value_error"}]
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = [
        {"loc": list(e.get("loc", [])), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors
    ]
    return api.create_response(
        request, {"error": "invalid", "message": "The request is not valid.", "detail": detail}, status=422
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"error": "unauthorized", "message": "Authentication required."}, status=401
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"error": "not_found", "message": "Not found."}, status=404)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database is unreachable: nothing was stored. 503 tells clients to retry (with the same
    Idempotency-Key, a retry can never create a second report)."""
    response = api.create_response(
        request,
        {"error": "unavailable", "message": "The service is briefly unavailable. Please try again."},
        status=503,
    )
    response["Retry-After"] = "5"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"error": "http_error", "message": str(exc)}, status=exc.status_code)


api.add_router("/", core_router)
api.add_router("/public/", public_router)
api.add_router("/hotline/", hotline_router)
api.add_router("/dispatch/", dispatch_router)
api.add_router("/blocklist/", blocklist_router)
api.add_router("/blocklist/", blocklist_staff_router)
