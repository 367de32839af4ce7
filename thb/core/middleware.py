"""Request-level behaviour shared by every page and endpoint."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .request_context import current_request_id
from .roles import requires_second_factor

logger = logging.getLogger("thb.request")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """Gives every request an id (taken from a well-formed ``X-Request-ID`` of the proxy, else new)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class DatabaseUnavailableMiddleware:
    """Pages answer 503 ("try again") rather than 500 when the database is unreachable. The page is built
    without the database (no templates with context processors), in the reader's language."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError
        from django.utils.html import escape
        from django.utils.translation import gettext as _

        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        title = escape(_("The service is briefly unavailable"))
        text = escape(_("Nothing was lost: please try again in a moment. In immediate danger, call 112."))
        body = f'<!doctype html><meta charset="utf-8"><title>{title}</title><h1>{title}</h1><p>{text}</p>'
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        return response


class RequestLogMiddleware:
    """One log line per request: method, path (never the query string), status, duration — no IP, no agent.

    The query string is left out because later issues carry receipt codes and search terms there.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    # Sections never logged: the stop page keeps nothing per visitor, not even a log line with a time
    # (issue 5 §3: visits are counted per day only).
    UNLOGGED_SECTIONS = ("stop",)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        parts = request.path.split("/", 3)
        if len(parts) > 2 and parts[2] in self.UNLOGGED_SECTIONS:
            return response
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.info("%s %s %s %.0fms", request.method, request.path, response.status_code, elapsed_ms)
        return response


class StaffLanguageMiddleware:
    """Staff pages exist in the four staff languages only (DESIGN.md §5); a staff URL under a public-only
    language prefix (e.g. /ar/staff/) goes to the user's interface language, or English."""

    STAFF_SECTIONS = ("staff", "admin")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.staff_codes = {code for code, _name in settings.STAFF_LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        parts = request.path.split("/", 3)
        if len(parts) > 2 and parts[2] in self.STAFF_SECTIONS and parts[1] not in self.staff_codes:
            language = getattr(request.user, "preferred_language", "") or "en"
            target = language if language in self.staff_codes else "en"
            return redirect("/" + "/".join([target, *parts[2:]]))
        return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """Logs a staff user out after ``THB_SESSION_IDLE_SECONDS`` without a request, and in any case
    ``SESSION_COOKIE_AGE`` seconds after sign-in (issue 2 §4).

    The absolute limit is kept here because the idle clock writes the session on every request, and each
    write moves Django's own expiry date forward: without ``signed_in_at`` an active session would never end.
    Pages answer with a redirect to the sign-in page (``?expired=1`` shows why); the API, whose clients want
    JSON, just continues signed out and so answers 401.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = int(request.session.get("last_activity", now))
            started = int(request.session.get("signed_in_at", now))
            if now - last > settings.THB_SESSION_IDLE_SECONDS or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                if not request.path.startswith("/api/"):
                    return redirect(f"{reverse('core:login')}?expired=1")
            else:
                request.session["last_activity"] = now
                request.session.setdefault("signed_in_at", now)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Roles that see victim data must pass a TOTP check before any staff page (issue 2 §4).

    Enrolment and verification pages, logout, static files and the health check stay reachable. The API
    authenticates with bearer tokens, which are issued only by an administrator's command.
    ``THB_OTP_RELAXED`` (demo only; production refuses to start with it) turns the check off.
    """

    EXEMPT_URL_NAMES = {"login", "logout", "otp-setup", "otp-verify"}

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not settings.THB_OTP_RELAXED
            and user.is_authenticated
            and requires_second_factor(user)
            and not getattr(user, "is_verified", lambda: False)()
            and not self._exempt(request)
        ):
            from django_otp import user_has_device

            target = "core:otp-verify" if user_has_device(user) else "core:otp-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.path}, safe='/')}")
        return self.get_response(request)

    def _exempt(self, request: HttpRequest) -> bool:
        path = request.path
        if path.startswith(("/static/", "/healthz", "/api/")):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(path)
            except Resolver404:
                return True
        return match.url_name in self.EXEMPT_URL_NAMES and match.namespace == "core"
