"""Checks that services of several apps share."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .exceptions import ValidationFailedError


def clean_choices(values: Any, allowed: list[str], *, field: str, required: bool = False) -> list[str]:
    """A multiple choice as typed: duplicates dropped (order kept), every value one of ``allowed``, at least
    one when ``required``. Raises ``ValidationFailedError`` naming ``field``."""
    values = list(dict.fromkeys(str(value) for value in (values or [])))
    if any(value not in allowed for value in values):
        raise ValidationFailedError(_("Unknown choice."), field=field)
    if required and not values:
        raise ValidationFailedError(_("Choose at least one."), field=field)
    return values
