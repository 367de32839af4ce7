"""Periodic jobs of the blocking list (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services.entries import entries_mark_review_due


@shared_task(name="thb.blocking.tasks.mark_review_due")
def mark_review_due_task() -> int:
    return entries_mark_review_due()


@shared_task(
    name="thb.blocking.tasks.send_appeal_decision",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
)
def send_appeal_decision_task(appeal_id: int) -> bool:
    """E-mail the decision and its reason to the appellant, in the language of the appeal; retried until
    the mail server takes it. ``notified_at`` records that it went out."""
    from django.core.mail import send_mail
    from django.utils import timezone, translation
    from django.utils.translation import gettext as _

    from .models import Appeal, AppealStatus

    appeal = Appeal.objects.filter(pk=appeal_id, notified_at__isnull=True).first()
    if appeal is None:
        return False
    with translation.override(appeal.language):
        if appeal.status == AppealStatus.REMOVED:
            outcome = _("Your appeal is upheld: %(domain)s is removed from the blocking list.")
        else:
            outcome = _("Your appeal is rejected: %(domain)s stays on the blocking list.")
        body = "\n\n".join(
            [
                str(outcome) % {"domain": appeal.domain},
                str(_("Reason: %(reason)s")) % {"reason": appeal.reason},
                str(_("Internet providers apply a change with the next release of the list, within hours.")),
            ]
        )
        send_mail(str(_("Your appeal against the blocking of a website")), body, None, [appeal.email])
    Appeal.objects.filter(pk=appeal.pk).update(notified_at=timezone.now())
    return True
