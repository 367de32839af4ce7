"""Forms of the case-file pages; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.core.forms import DateInput
from thb.core.models import Organisation

from .models import MAGISTRATE_OFFICE_KINDS, EntryKind
from .sections import CATEGORIES, ENTRY_FIELDS, FLAG_LABELS, Section


def _offices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Magistrate's office directing the investigation"),
        queryset=Organisation.objects.filter(kind__in=MAGISTRATE_OFFICE_KINDS, is_active=True).order_by(
            "slug"
        ),
    )


class OpenCaseFileForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the investigation"),
        max_length=120,
        help_text=_("An operation name, never a person's name."),
    )
    magistrate_office = _offices()
    police_reference = forms.CharField(label=_("Police reference (PV number)"), max_length=60, required=False)
    magistrate_reference = forms.CharField(
        label=_("Magistrate's reference (notice number)"), max_length=60, required=False
    )


class HeaderForm(OpenCaseFileForm):
    estimated_proceeds_eur = forms.DecimalField(
        label=_("Estimated criminal proceeds (EUR)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )


def texts_form(section: Section, initial: dict[str, str], data: dict | None = None) -> forms.Form:
    """One text area per part of the section."""
    form = forms.Form(data, prefix=section.key)
    for part in section.parts:
        form.fields[part.key] = forms.CharField(
            label=str(part.title),
            help_text=str(part.hint),
            required=False,
            max_length=50_000,
            initial=initial.get(part.key, ""),
            widget=forms.Textarea(attrs={"rows": 5}),
        )
    return form


def entry_form(kind: str, data: dict | None = None, initial: dict | None = None) -> forms.Form:
    """The fields of one list (sections.py ``ENTRY_FIELDS``)."""
    form = forms.Form(data, initial=initial, prefix=f"entry-{kind}")
    fields: dict[str, forms.Field] = {
        "category": forms.ChoiceField(
            label=_("Role") if kind == EntryKind.SUSPECT else _("Type"),
            choices=[("", "—"), *CATEGORIES[kind]],
        ),
        "name": forms.CharField(label=_("Name"), max_length=300, required=False),
        "description": forms.CharField(
            label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
        ),
        "date": forms.DateField(label=_("Date"), required=False, widget=DateInput()),
        "reference": forms.CharField(label=_("Reference"), max_length=120, required=False),
        "custody": forms.CharField(label=_("Where it is kept"), max_length=200, required=False),
        "amount_eur": forms.DecimalField(
            label=_("Value (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
        ),
        "flag": forms.BooleanField(label=str(FLAG_LABELS.get(kind, "")), required=False),
    }
    for name in ENTRY_FIELDS[kind]:
        form.fields[name] = fields[name]
    return form


class RemoveEntryForm(forms.Form):
    reason = forms.CharField(label=_("Why remove it"), max_length=2000)
