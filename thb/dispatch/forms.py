"""Forms of the dispatch pages; the services validate again (one set of rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.core.models import Organisation

from .models import DeclineReason, LegalBasis, ReferralOutcome


class AddReferralForm(forms.Form):
    """One referral the operator adds to the procedure's proposals."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.filter(takes_referrals=True, is_active=True).order_by("kind", "slug"),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), required=False, choices=[("", "—"), *LegalBasis.choices]
    )
    disclosure = forms.ChoiceField(label=_("Disclosure profile"), required=False, choices=[])
    reason = forms.CharField(label=_("Why you add it"), required=False, max_length=2000)

    def __init__(self, *args: object, profiles: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        disclosure = self.fields["disclosure"]
        assert isinstance(disclosure, forms.ChoiceField)
        disclosure.choices = [("", "—"), *[(name, name) for name in profiles]]


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices)
    note = forms.CharField(
        label=_("Note on the outcome"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReassignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Competent organisation"),
        queryset=Organisation.objects.filter(takes_referrals=True, is_active=True).order_by("kind", "slug"),
    )
    reason = forms.CharField(label=_("Why"), max_length=2000)
