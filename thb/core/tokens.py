"""API bearer tokens: issue, verify, revoke (issue 2 §4). The secret is shown once and never stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import record_change
from .exceptions import ValidationFailedError
from .models import ApiToken, User
from .roles import Perm, has_perm

TOKEN_PREFIX = "thb_"


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once to the person who asked for it


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_create(
    *, user: User, name: str = "", days: int | None = None, actor: User | None
) -> IssuedToken:
    days = settings.THB_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise ValidationFailedError("A token is valid for 1 to 366 days.")
    if not user.is_active:
        raise ValidationFailedError("Tokens are issued only to active users.")
    if not has_perm(user, Perm.USE_API_TOKENS):
        raise ValidationFailedError("This user's role does not use the API; no token is issued.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            digest=token_digest(secret),
            expires_at=timezone.now() + timedelta(days=days),
        )
        record_change(
            actor=actor,
            action="api_token.create",
            obj=token,
            changes={"user": {"old": None, "new": str(user.uuid)}, "days": {"old": None, "new": days}},
        )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
            record_change(actor=actor, action="api_token.revoke", obj=token)
    return token


def user_for_token(secret: str) -> User | None:
    """The active user of a valid, unrevoked, unexpired token; None otherwise."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=token_digest(secret))
        .first()
    )
    if token is None or not token.is_valid or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
