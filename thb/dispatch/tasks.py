"""Background work of dispatch (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .escalation import escalate_overdue
from .outbox import deliver_due


@shared_task(name="thb.dispatch.tasks.deliver_outbox")
def deliver_outbox_task() -> int:
    return deliver_due().delivered


@shared_task(name="thb.dispatch.tasks.escalate_overdue")
def escalate_overdue_task() -> int:
    return escalate_overdue()
