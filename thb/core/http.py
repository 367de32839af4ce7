"""Small helpers for views and endpoints."""

from __future__ import annotations

from typing import cast

from django.http import Http404, HttpRequest

from .models import User
from .roles import Perm, has_perm


def request_user(request: HttpRequest) -> User:
    """The signed-in staff user of a request that passed ``login_required`` or API authentication."""
    return cast(User, request.user)


def require_perm(request: HttpRequest, perm: Perm) -> None:
    """A page the user's role may not use answers 404, as for anything they may not see (DESIGN.md §3.3)."""
    if not has_perm(request_user(request), perm):
        raise Http404()
