"""Forms of the victim-case pages; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.core.models import Organisation
from thb.dispatch.models import LegalBasis
from thb.hotline.models import Exploitation, Sector

from .models import AgeBand, CaseStatus, Gender, OpenedVia


class OpenCaseForm(forms.Form):
    opened_via = forms.ChoiceField(label=_("Opened"), choices=OpenedVia.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, required=False)
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=Exploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False)
    nationalities = forms.CharField(
        label=_("Nationalities (two-letter codes, separated by spaces)"), required=False, max_length=100
    )
    languages = forms.CharField(
        label=_("Languages (codes, separated by spaces)"), required=False, max_length=100
    )
    places = forms.CharField(
        label=_("Places"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_nationalities(self) -> list[str]:
        codes = [c.upper() for c in self.cleaned_data["nationalities"].split()]
        if any(len(c) != 2 or not c.isalpha() for c in codes):
            raise forms.ValidationError(_("Use two-letter country codes (ISO 3166-1)."))
        return sorted(set(codes))

    def clean_languages(self) -> list[str]:
        codes = [c.lower() for c in self.cleaned_data["languages"].split()]
        if any(not (2 <= len(c.split("-")[0]) <= 3) for c in codes):
            raise forms.ValidationError(_("Not a language code (BCP 47, e.g. ro or ar-MA)."))
        return sorted(set(codes))


class IdentityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=500, required=False)
    details = forms.CharField(
        label=_("Identity details (documents, date of birth, addresses)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Why"), max_length=2000)


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True).order_by("kind", "slug")
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    reason = forms.CharField(label=_("Why"), max_length=2000)


LIST_CHOICES = [
    ("adult_labour", _("Adults — labour exploitation")),
    ("adult_sexual", _("Adults — sexual exploitation")),
    ("child_labour", _("Children — labour exploitation")),
    ("child_sexual", _("Children — sexual exploitation")),
]
