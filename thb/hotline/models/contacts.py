"""Contacts: every signal that reaches the hotline (issue 3 §2), and the anonymous reporter's thread."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.encryption import EncryptedTextField
from thb.core.models import BaseModel, JudicialDistrict, Organisation

from .screening import ScreeningIndicator
from .vocab import (
    Channel,
    ContactStatus,
    Exploitation,
    NonDataKind,
    Outcome,
    ReporterRole,
    Sector,
    SignalType,
)


class Contact(BaseModel):
    """One signal. Owned by the hotline organisation that received it (DESIGN.md §3.5); partners see it only
    through a referral (issue 4). The narrative is encrypted at rest (DESIGN.md §4)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contacts")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    signal_type = models.CharField(_("signal type"), max_length=20, choices=SignalType.choices, blank=True)
    non_data_kind = models.CharField(
        _("non-data kind"), max_length=20, choices=NonDataKind.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.NEW
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # language
    language = models.CharField(_("language"), max_length=15, blank=True)  # BCP 47
    language_detected = models.BooleanField(_("language detected automatically"), default=False)
    interpreter_service = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter service"),
    )
    # who and what
    reporter_role = models.CharField(
        _("caller role"), max_length=20, choices=ReporterRole.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=30, blank=True)
    exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    # where
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    judicial_district = models.ForeignKey(
        JudicialDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("judicial district"),
    )
    region = models.CharField(_("region"), max_length=20, blank=True)
    country = models.CharField(_("country abroad"), max_length=2, blank=True)  # ISO 3166-1 alpha-2
    # potential victims
    victims_count = models.PositiveIntegerField(_("potential victims"), null=True, blank=True)
    minors_count = models.PositiveIntegerField(_("of whom minors"), null=True, blank=True)
    minor_involved = models.BooleanField(_("minor involved"), null=True, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)  # ISO 3166-1 alpha-2
    unaccompanied_minor = models.BooleanField(_("unaccompanied foreign minor"), null=True, blank=True)
    # what the person wants and allows, and special situations: facts of the dispatch procedures (issue 4);
    # unknown (null) is not "no"
    victim_wants_assistance = models.BooleanField(_("wants assistance or shelter"), null=True, blank=True)
    consent_to_police = models.BooleanField(_("consents to the police being told"), null=True, blank=True)
    diplomatic_household = models.BooleanField(
        _("domestic worker in a diplomatic household"), null=True, blank=True
    )
    online_csam = models.BooleanField(_("online child sexual abuse material"), null=True, blank=True)
    # urgency
    immediate_danger = models.BooleanField(_("immediate danger"), default=False)
    urgent = models.BooleanField(_("urgent"), default=False)
    # how they heard of us (campaign attribution, issue 9; no tracking of the person)
    heard_from = models.CharField(_("how they heard of the hotline"), max_length=100, blank=True)
    campaign_code = models.CharField(_("campaign code"), max_length=40, blank=True)
    indicators = models.JSONField(_("indicators checklist"), default=list, blank=True)
    narrative = EncryptedTextField(_("narrative"), blank=True)
    # A caller may give a name or a number (never required). Encrypted; searchable only through the blind
    # index of ContactSearchToken (search.py).
    caller_name = EncryptedTextField(_("caller's name"), blank=True)
    caller_phone = EncryptedTextField(_("caller's phone number"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    # handling
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    callback_due_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    awaiting_hotline_since = models.DateTimeField(_("waiting for the hotline since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    linked_contacts = models.ManyToManyField("self", blank=True, verbose_name=_("about the same situation"))
    # anonymous web reports: the receipt is kept only as a slow, peppered hash (DESIGN.md §4)
    receipt_digest = models.CharField(max_length=128, unique=True, null=True, blank=True, editable=False)
    retain_until = models.DateTimeField(_("purge after"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["organisation", "status", "received_at"]),
            # The newest contacts without a filter (search with no query, the staff API's list): without it
            # PostgreSQL sorted a million rows (~420 ms, bench/queue_search.py).
            models.Index(fields=["organisation", "-received_at"], name="contact_newest_idx"),
            # The operator queue reads these two partial indexes only (a million contacts, a few waiting).
            models.Index(
                fields=["organisation", "awaiting_hotline_since"],
                name="contact_awaiting_idx",
                condition=models.Q(awaiting_hotline_since__isnull=False),
            ),
            models.Index(
                fields=["organisation", "callback_due_at"],
                name="contact_callback_idx",
                condition=models.Q(callback_due_at__isnull=False) & ~models.Q(status="closed"),
            ),
            models.Index(fields=["organisation", "postcode"], name="contact_postcode_idx"),
            models.Index(fields=["organisation", "claimed_by", "status"]),
            models.Index(fields=["retain_until"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minors_count__isnull=True)
                | models.Q(victims_count__isnull=True)
                | models.Q(minors_count__lte=models.F("victims_count")),
                name="contact_minors_within_victims",
            ),
            models.CheckConstraint(
                condition=~models.Q(signal_type="non_data") | ~models.Q(non_data_kind=""),
                name="contact_non_data_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label) if self.sector in Sector.values else self.sector

    @property
    def exploitation_labels(self) -> list[str]:
        return [str(Exploitation(v).label) for v in self.exploitation if v in Exploitation.values]

    @property
    def indicator_labels(self) -> list[str]:
        return [str(ScreeningIndicator(v).label) for v in self.indicators if v in ScreeningIndicator.values]


class ContactSearchToken(models.Model):
    """Blind index of a contact's encrypted search fields: keyed hashes (HMAC-SHA256, ``THB_SEARCH_KEY``)
    of the normalised phone number and of the trigrams of the caller's name. The database can answer "which
    contacts have all these tokens" without holding a readable name or number (search.py)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="search_tokens")
    token = models.CharField(max_length=34)

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")
        indexes = [models.Index(fields=["token", "contact"])]
        constraints = [
            models.UniqueConstraint(fields=["contact", "token"], name="contact_search_token_unique")
        ]

    def __str__(self) -> str:
        return self.token


class MessageAuthor(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    HOTLINE = "hotline", _("Hotline")


class ContactMessage(BaseModel):
    """One message of the two-way anonymous follow-up (as GlobaLeaks does for whistleblowers)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(_("from"), max_length=10, choices=MessageAuthor.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField(_("text"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["contact", "created_at"])]

    def __str__(self) -> str:
        return f"{self.contact} {self.author} {self.created_at:%Y-%m-%d %H:%M}"


class IdempotentSubmission(models.Model):
    """A public submission's ``Idempotency-Key``: a retry gets the first answer again and creates nothing.

    The answer (which holds the receipt) is encrypted, and deleted once the retry window has passed."""

    key_digest = models.CharField(max_length=64, unique=True)
    endpoint = models.CharField(max_length=60)
    request_digest = models.CharField(max_length=64)
    response = EncryptedTextField()
    status_code = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotent submission")
        verbose_name_plural = _("idempotent submissions")

    def __str__(self) -> str:
        return f"{self.endpoint} {self.created_at:%Y-%m-%d %H:%M}"
