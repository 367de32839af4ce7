"""Abuse protection of the public endpoints (the hotline's reports, the stop page's appeals) without storing
anything about the sender (DESIGN.md §4): an in-memory token bucket per process, shared by all senders —
no IP address, no cookie, no fingerprint.

It protects the database and the operators from floods (a script submitting thousands of reports), not
from one persistent person; the HTML form adds a honeypot field for naive bots.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .exceptions import DomainError


class RateLimitedError(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _("Too many reports are arriving right now. Please try again in a minute.")


class TokenBucket:
    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.tokens = self.capacity
        self.updated = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


_bucket: TokenBucket | None = None


def public_rate_limit() -> None:
    global _bucket
    per_minute = settings.THB_PUBLIC_RATE_PER_MINUTE
    if _bucket is None or _bucket.capacity != per_minute:
        _bucket = TokenBucket(per_minute)
    if not _bucket.take():
        raise RateLimitedError()
