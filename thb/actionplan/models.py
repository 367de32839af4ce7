"""Action plans and their action points (issue 9 §1; action point P11, BELGIUM.md §1): the 2008 plan
pre-loaded from its French original with Dutch, German and English translations; later plans beside it.

Titles and texts are stored per language (DESIGN.md §5: content staff write is stored per language) as
``{"fr": …, "nl": …, "de": …, "en": …}``; ``localised`` picks the reader's language, else French (the
original)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thb.core.departments import DEPARTMENTS
from thb.core.i18n import localised
from thb.core.models import BaseModel


class Pillar(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection of victims")
    PROSECUTION = "prosecution", _("Investigation and prosecution")
    COORDINATION = "coordination", _("Coordination")


class PointStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    DROPPED = "dropped", _("Dropped")


class ActionPlan(BaseModel):
    slug = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.JSONField(_("title"), default=dict)
    approved = models.DateField(_("approved"))

    class Meta:
        ordering = ["-approved"]

    def __str__(self) -> str:
        return self.slug

    @property
    def title_text(self) -> str:
        return localised(self.title)


class ActionPoint(BaseModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="points")
    code = models.CharField(_("code"), max_length=10)
    number = models.PositiveIntegerField()  # for ordering: P2 before P10
    pillar = models.CharField(_("pillar"), max_length=15, choices=Pillar.choices)
    title = models.JSONField(_("title"), default=dict)
    text = models.JSONField(_("text"), default=dict)
    responsible = models.JSONField(_("responsible departments"), default=list)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=PointStatus.choices, default=PointStatus.NOT_STARTED
    )
    figure = models.CharField(_("live figure"), max_length=30, blank=True)  # a key of figures.FIGURES
    # what shows progress on the point, each [{"fr": …, "nl": …, "de": …, "en": …}] (issue 9 §1: indicators)
    indicators = models.JSONField(_("indicators"), default=list)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="action_point_code_once")]

    def __str__(self) -> str:
        return self.code

    @property
    def title_text(self) -> str:
        return localised(self.title)

    @property
    def text_text(self) -> str:
        return localised(self.text)

    @property
    def indicator_texts(self) -> list[str]:
        return [localised(indicator) for indicator in self.indicators]

    @property
    def responsible_labels(self) -> list[str]:
        return [str(DEPARTMENTS.get(code, code)) for code in self.responsible]


class ProgressUpdate(BaseModel):
    """What was done, the status it leads to, the evidence (a reference: a law, a circular, a report), and
    the point's live figure at that moment (kept, so the report shows the figure as it was)."""

    point = models.ForeignKey(ActionPoint, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=PointStatus.choices)
    note = models.TextField(_("what was done"), max_length=4000)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    figures = models.JSONField(_("figures at the time"), default=list)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.point} {self.status}"
