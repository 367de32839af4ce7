"""Staff users. Each belongs to one organisation and holds one role (issue 2 §4; roles in core/roles.py)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..roles import Role
from .base import BaseModel
from .organisations import Organisation


class User(AbstractUser, BaseModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    preferred_language = models.CharField(_("interface language"), max_length=10, default="fr")
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["organisation", "role"])]
        constraints = [
            # Every staff account belongs to an organisation; only the platform superuser may stand outside.
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(is_superuser=True),
                name="user_has_organisation",
            ),
        ]
