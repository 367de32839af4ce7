"""API authentication: bearer tokens (``Authorization: Bearer thb_…``) or the staff session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from thb.core.roles import Perm, has_perm, requires_second_factor
from thb.core.tokens import user_for_token


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None or not has_perm(user, Perm.USE_API_TOKENS):
            return None
        request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser session, accepted only when the second factor has been passed where it is required."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        from django.conf import settings

        user = super().authenticate(request, key)
        needs_factor = user and requires_second_factor(user) and not settings.THB_OTP_RELAXED
        if needs_factor and not getattr(user, "is_verified", lambda: False)():
            return None
        return user


STAFF_AUTH = [BearerTokenAuth(), VerifiedSessionAuth()]
