"""Periodic jobs of the expertise network (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from .meetings import remind_overdue_districts

logger = logging.getLogger(__name__)


@shared_task(name="thb.expertise.tasks.remind_overdue_districts")
def remind_overdue_districts_task() -> int:
    reminded = remind_overdue_districts()
    if reminded:
        logger.info("expertise: %d district(s) reminded of their coordination meeting", reminded)
    return reminded
