"""The ``Idempotency-Key`` header of public submissions (issue 3 §1): a retried submission — a phone that
lost the answer on a bad connection — gets the first answer again and never creates a second report.

The first answer is stored encrypted (it holds the receipt) in the same transaction as the report, so
either both exist or neither; concurrent retries collide on the unique key and the loser returns the
winner's answer. Stored answers are deleted after ``THB_IDEMPOTENCY_HOURS`` (tasks.purge_idempotency).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from thb.core.exceptions import ValidationFailedError

from .models import IdempotentSubmission

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: dict[str, Any]
    replayed: bool


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _replay(record: IdempotentSubmission, request_digest: str) -> StoredAnswer:
    if record.request_digest != request_digest:
        raise ValidationFailedError(
            "This Idempotency-Key was used for a different submission.", code="idempotency_key_reused"
        )
    return StoredAnswer(status=record.status_code, body=json.loads(record.response), replayed=True)


def run_once(
    *,
    endpoint: str,
    key: str | None,
    payload: dict[str, Any],
    handler: Callable[[], tuple[int, dict[str, Any]]],
) -> StoredAnswer:
    """Run ``handler`` (which writes and returns ``(status, body)``) at most once per ``key``."""
    if key is None:
        status, body = handler()
        return StoredAnswer(status=status, body=body, replayed=False)
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailedError(
            "The Idempotency-Key header must be 1 to 200 printable characters.", code="idempotency_key"
        )
    key_digest = _digest(endpoint, key)
    request_digest = _digest(json.dumps(payload, sort_keys=True, default=str))
    window = timezone.now() - timedelta(hours=settings.THB_IDEMPOTENCY_HOURS)
    existing = IdempotentSubmission.objects.filter(key_digest=key_digest, created_at__gte=window).first()
    if existing is not None:
        return _replay(existing, request_digest)
    try:
        with transaction.atomic():
            IdempotentSubmission.objects.filter(key_digest=key_digest, created_at__lt=window).delete()
            # Checked again inside the transaction: where writers are serialised (SQLite), a retry that
            # waited for the first submission's commit sees its answer here.
            existing = IdempotentSubmission.objects.filter(key_digest=key_digest).first()
            if existing is not None:
                return _replay(existing, request_digest)
            status, body = handler()
            IdempotentSubmission.objects.create(
                key_digest=key_digest,
                endpoint=endpoint,
                request_digest=request_digest,
                response=json.dumps(body),
                status_code=status,
            )
    except IntegrityError:
        # A concurrent retry committed first; its report stands, ours was rolled back with this transaction.
        return _replay(IdempotentSubmission.objects.get(key_digest=key_digest), request_digest)
    return StoredAnswer(status=status, body=body, replayed=False)


def purge_expired() -> int:
    window = timezone.now() - timedelta(hours=settings.THB_IDEMPOTENCY_HOURS)
    deleted, _ = IdempotentSubmission.objects.filter(created_at__lt=window).delete()
    return deleted
