"""Input that no field of the platform can hold is refused at the API's door (issue 11 §3: bad input gets a
clear error, never a server error). NUL characters: PostgreSQL text cannot contain them, and a query with
one failed with a 500 (found by schemathesis). A JSON body or a query string carrying one is answered 422
in the API's error shape before any view or database is reached."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def _carries_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        body = request.body  # read once; Django keeps it for the view
        return b"\x00" in body or b"\\u0000" in body
    return False


class RejectNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and _carries_nul(request):
            return JsonResponse(
                {"error": "invalid", "message": "Text cannot contain NUL characters (U+0000)."}, status=422
            )
        return self.get_response(request)
