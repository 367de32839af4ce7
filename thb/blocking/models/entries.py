"""Entries of the blocking list (issue 5 §1; BELGIUM.md §6). An entry is a domain name and references —
**never content**: no image, thumbnail, file hash, URL path or description of the material. The evidence
stays in the police evidence system; the list only points to it by reference.

Lifecycle (``EntryStatus``): reported → assessing → verified (officer A) → confirmed (officer B ≠ A) →
approved (the magistrate's order reference recorded) → published (in release N) → review_due (90 days at
most after the last verification) → removed; side states rejected, appealed, suspended (emergency pull),
and takedown (a site on a shared platform or hosted in Belgium is taken down rather than blocked).
Every transition is a row of ``EntryTransition`` (who, when, why, legal reference) and an audit event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, Organisation


class EntryStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSESSING = "assessing", _("Being assessed")
    VERIFIED = "verified", _("Verified (first officer)")
    CONFIRMED = "confirmed", _("Confirmed (second officer)")
    APPROVED = "approved", _("Approved (magistrate's order)")
    PUBLISHED = "published", _("Published")
    REVIEW_DUE = "review_due", _("Review due")
    REMOVED = "removed", _("Removed")
    REJECTED = "rejected", _("Rejected")
    APPEALED = "appealed", _("Appealed")
    SUSPENDED = "suspended", _("Suspended (emergency pull)")
    TAKEDOWN = "takedown", _("Takedown instead of blocking")


# States in which a name is (or is about to be) in what ISPs block: a new entry for the same name is refused.
LIVE_STATUSES = (
    EntryStatus.REPORTED,
    EntryStatus.ASSESSING,
    EntryStatus.VERIFIED,
    EntryStatus.CONFIRMED,
    EntryStatus.APPROVED,
    EntryStatus.PUBLISHED,
    EntryStatus.REVIEW_DUE,
    EntryStatus.APPEALED,
    EntryStatus.SUSPENDED,
    EntryStatus.TAKEDOWN,
)
# States whose entries are in a release being built.
BLOCKED_STATUSES = (EntryStatus.APPROVED, EntryStatus.PUBLISHED, EntryStatus.REVIEW_DUE, EntryStatus.APPEALED)


class Scope(models.TextChoices):
    EXACT = "exact", _("This name only")
    SUBDOMAINS = "subdomains", _("This name and its subdomains")


class Severity(models.TextChoices):
    """Interpol's "worst of" criteria ask for severe abuse; the grading is the officers' (no content)."""

    SEVERE = "severe", _("Severe")
    SERIOUS = "serious", _("Serious")
    OTHER = "other", _("Other")


class TakedownStatus(models.TextChoices):
    NONE = "", _("None")
    NOTICE_SENT = "notice_sent", _("Notice sent to the Belgian host (via the police)")
    INHOPE = "inhope", _("Referred to INHOPE")
    INTERPOL = "interpol", _("Referred to Interpol")
    PLATFORM = "platform", _("Referred to the platform")
    TAKEN_DOWN = "taken_down", _("Taken down")


class BlockEntry(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="block_entries")
    domain = models.CharField(_("domain (A-label)"), max_length=253)
    domain_unicode = models.CharField(_("domain"), max_length=253)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.SUBDOMAINS)
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.REPORTED
    )
    # references only (never content)
    report_reference = models.CharField(_("report reference"), max_length=100, blank=True)
    evidence_reference = models.CharField(_("evidence-system reference"), max_length=100, blank=True)
    case_reference = models.CharField(_("case reference"), max_length=100, blank=True)
    # criteria (Interpol "worst of": real children apparently under 13, severe abuse)
    apparent_age_under_13 = models.BooleanField(_("children apparently under 13"), null=True, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    # hosting, for takedown
    hosting_ip = models.GenericIPAddressField(_("hosting IP address"), null=True, blank=True)
    hosting_network = models.CharField(_("hosting network (AS)"), max_length=100, blank=True)
    hosting_country = models.CharField(_("hosting country"), max_length=2, blank=True)
    registrar = models.CharField(_("registrar"), max_length=200, blank=True)
    takedown_status = models.CharField(
        _("takedown"), max_length=12, choices=TakedownStatus.choices, blank=True, default=TakedownStatus.NONE
    )
    # dates
    first_seen_at = models.DateTimeField(_("first seen"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified online"), null=True, blank=True)
    next_review_due = models.DateTimeField(_("next review due"), null=True, blank=True)
    # the four eyes and the order
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    magistrate_order_reference = models.CharField(
        _("magistrate's order reference"), max_length=100, blank=True
    )
    published_in = models.ForeignKey(
        "blocking.Release", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("blocking-list entry")
        verbose_name_plural = _("blocking-list entries")
        indexes = [
            models.Index(fields=["organisation", "status", "next_review_due"]),
            models.Index(fields=["domain"]),
        ]
        constraints = [
            # One live entry per name: the list never holds the same domain twice.
            models.UniqueConstraint(
                fields=["domain"],
                condition=~models.Q(status__in=["removed", "rejected"]),
                name="block_entry_one_live_per_domain",
            ),
            # Four eyes: the confirming officer is never the verifying one.
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True)
                | ~models.Q(confirmed_by=models.F("verified_by")),
                name="block_entry_four_eyes",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "published", "review_due"])
                | ~models.Q(magistrate_order_reference=""),
                name="block_entry_approved_has_order",
            ),
        ]

    def __str__(self) -> str:
        return self.domain


class EntryTransition(models.Model):
    entry = models.ForeignKey(BlockEntry, on_delete=models.PROTECT, related_name="transitions")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    reason = models.TextField(_("why"), blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["entry", "at"])]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


class ProtectedDomain(BaseModel):
    """A name that must never be blocked, nor anything below it (the most popular domains, Belgian and EU
    government, large platforms and hosters): an entry that would cover it is refused."""

    domain = models.CharField(_("domain (A-label)"), max_length=253, unique=True)
    reason = models.CharField(_("why"), max_length=200, blank=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("protected domain")
        verbose_name_plural = _("protected domains")

    def __str__(self) -> str:
        return self.domain


class SharedPlatform(BaseModel):
    """A shared hosting platform the Public Suffix List does not name (e.g. wordpress.com): a site on it is
    referred for takedown by the platform instead of being blocked."""

    domain = models.CharField(_("platform domain"), max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("shared platform")
        verbose_name_plural = _("shared platforms")

    def __str__(self) -> str:
        return self.domain
