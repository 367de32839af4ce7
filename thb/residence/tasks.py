"""Periodic jobs of the residence procedure (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from .reminders import remind_and_escalate

logger = logging.getLogger(__name__)


@shared_task(name="thb.residence.tasks.remind_and_escalate")
def remind_and_escalate_task() -> dict[str, int]:
    reminded, escalated = remind_and_escalate()
    if reminded or escalated:
        logger.info("residence: %d reminder(s), %d escalation(s)", reminded, escalated)
    return {"reminded": reminded, "escalated": escalated}
