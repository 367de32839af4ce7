"""Periodic jobs of the core app (scheduled in ``settings.CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session
from django.db.models import F
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="thb.core.tasks.record_worker_heartbeat")
def record_worker_heartbeat(name: str = "beat") -> int:
    """Proves that the worker and its scheduler run: ``/healthz/worker`` reads the time of the last beat."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(name=name).update(last_beat_at=now, runs=F("runs") + 1)
    if not updated:
        WorkerHeartbeat.objects.create(name=name, last_beat_at=now, runs=1)
    return WorkerHeartbeat.objects.get(name=name).runs


@shared_task(name="thb.core.tasks.purge_expired_sessions")
def purge_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
