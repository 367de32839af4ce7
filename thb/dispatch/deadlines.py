"""Deadline arithmetic of referrals (DESIGN.md §3.8: pure functions, no database, no clock of their own)."""

from __future__ import annotations

from datetime import datetime, timedelta


def escalation_level_due(*, ack_due_at: datetime | None, now: datetime, second_level_after: timedelta) -> int:
    """The escalation level a referral not yet acknowledged should have reached at ``now``: 0 before its
    deadline, 1 once it is missed (the partner's and the hotline's supervisors), 2 once
    ``second_level_after`` more has passed (the coordination cell). Issue 4 §3."""
    if ack_due_at is None or now <= ack_due_at:
        return 0
    return 2 if now > ack_due_at + second_level_after else 1


def hours_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``fraction`` 0.5 for the median); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(len(ordered), rank) - 1]
