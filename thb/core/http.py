"""Small helpers for views and endpoints."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from .models import User


def request_user(request: HttpRequest) -> User:
    """The signed-in staff user of a request that passed ``login_required`` or API authentication."""
    return cast(User, request.user)
