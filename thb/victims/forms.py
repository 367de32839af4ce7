"""Forms of the victim-case pages; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.core.models import Organisation, OrganisationKind
from thb.dispatch.models import LegalBasis
from thb.hotline.models import Exploitation, Sector

from .models import AgeBand, CaseStatus, Gender, OpenedVia


def _codes(value: str, *, upper: bool) -> list[str]:
    return sorted({c.upper() if upper else c.lower() for c in value.split()})


class CaseFactsForm(forms.Form):
    """What is known of the person and the exploitation — never the identity (IdentityForm)."""

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
    countries = forms.CharField(
        label=_("Countries of recruitment and transit (two-letter codes, separated by spaces)"),
        required=False,
        max_length=200,
    )

    def clean_nationalities(self) -> list[str]:
        codes = _codes(self.cleaned_data["nationalities"], upper=True)
        if any(len(c) != 2 or not c.isalpha() for c in codes):
            raise forms.ValidationError(_("Use two-letter country codes (ISO 3166-1)."))
        return codes

    def clean_countries(self) -> list[str]:
        codes = _codes(self.cleaned_data["countries"], upper=True)
        if any(len(c) != 2 or not c.isalpha() for c in codes):
            raise forms.ValidationError(_("Use two-letter country codes (ISO 3166-1)."))
        return codes

    def clean_languages(self) -> list[str]:
        codes = _codes(self.cleaned_data["languages"], upper=False)
        if any(not (2 <= len(c.split("-")[0]) <= 3) for c in codes):
            raise forms.ValidationError(_("Not a language code (BCP 47, e.g. ro or ar-MA)."))
        return codes


class OpenCaseForm(CaseFactsForm):
    opened_via = forms.ChoiceField(label=_("Opened"), choices=OpenedVia.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices, required=False)
    field_order = ["opened_via", "legal_basis"]


class EditFactsForm(CaseFactsForm):
    accompanying_centre = forms.ModelChoiceField(
        label=_("Specialised centre accompanying the person"),
        required=False,
        queryset=Organisation.objects.filter(
            kind=OrganisationKind.SPECIALISED_CENTRE, is_active=True
        ).order_by("slug"),
    )


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
