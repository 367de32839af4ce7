"""Periodic jobs of the hotline (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .retention import purge_expired_contacts


@shared_task(name="thb.hotline.tasks.purge_expired_contacts")
def purge_expired_contacts_task() -> int:
    return purge_expired_contacts()
