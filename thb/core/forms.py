"""Forms of the core pages: sign-in, second factor, audit search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO 8601 whatever the page's language: with the locale's
    format ("01/01/2026" in French) the browser shows an empty field and the initial date is lost."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "demo_refused": _("Demo accounts cannot sign in on a production platform."),
        "no_organisation": _("This account belongs to no organisation; ask your administrator."),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if settings.IS_PRODUCTION and getattr(user, "is_demo", False):
            raise forms.ValidationError(self.error_messages["demo_refused"], code="demo_refused")
        if user.organisation_id is None and not user.is_superuser:
            raise forms.ValidationError(self.error_messages["no_organisation"], code="no_organisation")


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter the six digits shown by your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class AuditSearchForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=80)
    actor = forms.CharField(label=_("User name"), required=False, max_length=150)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=80)
    object_uuid = forms.UUIDField(label=_("Object identifier"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())


def add_domain_error(form: forms.Form, error: Any, *, prefix: str = "") -> None:
    """Show a service's refusal (a ``DomainError``) on the form: on the field it names when the form has it
    (``prefix`` + field first, for forms whose fields are prefixed), else above the form."""
    field = getattr(error, "field", None)
    for name in (f"{prefix}{field}", field) if field else ():
        if name in form.fields:
            form.add_error(name, error.message)
            return
    form.add_error(None, error.message)
