"""Travel documents of minors and the alerts their patterns raise (issue 9 §3; action point P4,
BELGIUM.md §1: "a directive for civil-registry staff on misuse of authentic documents for children's
travel").

Civil-registry clerks record each event — an identity document for a child, a passport, a parental travel
authorisation, a declaration of loss — with the accompanying adult. People and addresses are stored only
as pseudonyms (thb/childprotection/pseudonyms.py). Detection rules (``DetectionRule``, configurable) look
for the patterns of the directive; an alert is explained in words and goes through the dispatch procedure
to child protection and the police as a contact of the clerk's civil registry.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, Organisation


class DocumentKind(models.TextChoices):
    CHILD_ID = "child_id", _("Identity document for a child (Kids-ID)")
    PASSPORT = "passport", _("Passport")
    TRAVEL_AUTHORISATION = "travel_authorisation", _("Parental travel authorisation")
    LOSS_DECLARATION = "loss_declaration", _("Declaration of loss or theft")


class AdultRelation(models.TextChoices):
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Legal guardian")
    RELATIVE = "relative", _("Other family member")
    OTHER = "other", _("Other adult")


class TravelPurpose(models.TextChoices):
    NOT_SAID = "not_said", _("Not said")
    FAMILY = "family", _("Family travel or holiday")
    SCHOOL_TRIP = "school_trip", _("School trip declared by the school")
    ORGANISED_GROUP = "organised_group", _("Organised group declared by its organiser (youth movement, club)")
    OTHER = "other", _("Other")


# A trip declared as such by a school or an organiser, with its reference, is not "an adult accompanying
# unrelated minors" (the directive's first pattern).
DECLARED_GROUP_PURPOSES = (TravelPurpose.SCHOOL_TRIP, TravelPurpose.ORGANISED_GROUP)


class TravelDocumentEvent(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="travel_events")
    postcode = models.CharField(_("postcode of the commune"), max_length=4)
    kind = models.CharField(_("event"), max_length=25, choices=DocumentKind.choices)
    occurred_on = models.DateField(_("date"))
    child_ref = models.CharField(max_length=32)
    child_age = models.PositiveSmallIntegerField(_("age of the child"))
    parent_refs = models.JSONField(default=list, blank=True)  # pseudonyms of the child's parents/guardians
    address_ref = models.CharField(max_length=32)
    adult_ref = models.CharField(max_length=32, blank=True)
    adult_relation = models.CharField(
        _("accompanying adult"), max_length=10, choices=AdultRelation.choices, blank=True
    )
    purpose = models.CharField(
        _("purpose of the travel"),
        max_length=20,
        choices=TravelPurpose.choices,
        default=TravelPurpose.NOT_SAID,
    )
    purpose_reference = models.CharField(_("reference of the declaration"), max_length=200, blank=True)
    destination = models.CharField(_("destination country"), max_length=2, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [
            models.Index(fields=["organisation", "occurred_on"]),
            models.Index(fields=["adult_ref", "occurred_on"]),
            models.Index(fields=["child_ref", "kind", "occurred_on"]),
            models.Index(fields=["address_ref", "occurred_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(child_age__lt=18), name="travel_event_child_is_minor"),
            models.CheckConstraint(
                condition=Q(adult_ref="") | ~Q(adult_relation=""), name="travel_event_adult_has_relation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"


class RuleKey(models.TextChoices):
    SAME_ADULT = "same_adult_unrelated_minors", _("One adult accompanying several unrelated minors")
    REPEATED_LOSS = "repeated_loss", _("Repeated loss declarations for one child")
    ONE_ADDRESS = "many_minors_one_address", _("Many unrelated minors at one address requesting documents")


class DetectionRule(models.Model):
    """The parameters of one rule, set by the coordination cell (issue 9 §3: "configurable"): whether it
    runs, the period it looks back over, and how many it takes to alert."""

    key = models.CharField(_("rule"), max_length=40, choices=RuleKey.choices, unique=True)
    enabled = models.BooleanField(_("active"), default=True)
    window_days = models.PositiveIntegerField(_("period (days)"))
    threshold = models.PositiveIntegerField(_("alert from"))

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_days__gte=1, window_days__lte=1825), name="rule_window_range"
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=2, threshold__lte=50), name="rule_threshold_range"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class AlertStatus(models.TextChoices):
    SENT = "sent", _("Sent through the dispatch procedure")
    NOT_SENT = "not_sent", _("Not sent yet (no active procedure)")


class TravelAlert(BaseModel):
    """One pattern about one subject (an adult, a child, an address). Later events that continue the same
    pattern within the rule's period are added to it rather than raising a new alert."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="travel_alerts")
    rule = models.CharField(_("rule"), max_length=40, choices=RuleKey.choices)
    subject_ref = models.CharField(max_length=32)
    explanation = models.JSONField(_("why"), default=dict)  # {"count": …, "window_days": …, "threshold": …}
    events = models.ManyToManyField(TravelDocumentEvent, related_name="alerts")
    status = models.CharField(_("status"), max_length=10, choices=AlertStatus.choices)
    contact = models.ForeignKey(
        "hotline.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_event_on = models.DateField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "created_at"]),
            models.Index(fields=["rule", "subject_ref", "last_event_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.created_at:%Y-%m-%d}"
