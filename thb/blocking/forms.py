"""Forms of the blocking pages; the services validate again (one set of rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope, Severity, TakedownStatus


class ReportForm(forms.Form):
    domain = forms.CharField(
        label=_("Domain (or a pasted address: only the domain is kept)"),
        max_length=2000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.SUBDOMAINS)
    report_reference = forms.CharField(label=_("Report reference"), max_length=100, required=False)
    evidence_reference = forms.CharField(label=_("Evidence-system reference"), max_length=100, required=False)
    case_reference = forms.CharField(label=_("Case reference"), max_length=100, required=False)
    hosting_ip = forms.GenericIPAddressField(label=_("Hosting IP address"), required=False)
    hosting_network = forms.CharField(label=_("Hosting network (AS)"), max_length=100, required=False)
    hosting_country = forms.CharField(label=_("Hosting country (two letters)"), max_length=2, required=False)
    registrar = forms.CharField(label=_("Registrar"), max_length=200, required=False)


class VerifyForm(forms.Form):
    verified_online_at = forms.DateTimeField(
        label=_("Verified online at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    apparent_age_under_13 = forms.TypedChoiceField(
        label=_("Children apparently under 13"),
        choices=[("true", _("yes")), ("false", _("no"))],
        coerce=lambda value: value == "true",
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    reason = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ApproveForm(forms.Form):
    order_reference = forms.CharField(label=_("Reference of the magistrate's order"), max_length=100)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=2000)


class ReviewForm(forms.Form):
    still_online = forms.TypedChoiceField(
        label=_("Is the material still online?"),
        choices=[("true", _("yes: keep it blocked")), ("false", _("no: remove it"))],
        coerce=lambda value: value == "true",
    )


class TakedownForm(forms.Form):
    takedown_status = forms.ChoiceField(label=_("Takedown"), choices=TakedownStatus.choices)
