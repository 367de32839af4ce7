"""Periodic jobs of investigations (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from .imports.service import drafts_purge

logger = logging.getLogger(__name__)


@shared_task(name="thb.investigations.tasks.purge_import_drafts")
def purge_import_drafts_task() -> int:
    """Uploaded files never imported are deleted after a day (DESIGN.md §4)."""
    deleted = drafts_purge()
    if deleted:
        logger.info("investigations: %d import draft(s) deleted", deleted)
    return deleted


@shared_task(name="thb.investigations.tasks.match_run")
def match_run_task(user_id: int | None = None) -> dict[str, int]:
    """Matching across every open investigation (issue 8 §2), every six hours and on request."""
    from thb.core.models import User

    from .matches import match_run

    actor = User.objects.filter(pk=user_id).first() if user_id else None
    run = match_run(actor=actor)
    logger.info("investigations: match run, %d records, %d new candidate(s)", run.records, run.new_candidates)
    return {"records": run.records, "candidates": run.candidates, "new": run.new_candidates}
