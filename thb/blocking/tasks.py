"""Periodic jobs of the blocking list (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services.entries import entries_mark_review_due


@shared_task(name="thb.blocking.tasks.mark_review_due")
def mark_review_due_task() -> int:
    return entries_mark_review_due()
