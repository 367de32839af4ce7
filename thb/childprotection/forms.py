"""The clerk's form for a travel-document event, and the coordination cell's form for a rule. The service
checks everything again (one set of rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.core.forms import DateInput

from .models import AdultRelation, DocumentKind, TravelPurpose

_NUMBER = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}


class TravelEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=DocumentKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    postcode = forms.CharField(
        label=_("Postcode of your commune"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    child_number = forms.CharField(
        label=_("Child's national register or BIS number"),
        max_length=20,
        widget=forms.TextInput(attrs=_NUMBER),
        help_text=_("Only a pseudonym is kept; the number itself is not stored."),
    )
    parent_number_1 = forms.CharField(
        label=_("Registered parent or guardian (national register number)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=_NUMBER),
    )
    parent_number_2 = forms.CharField(
        label=_("Second registered parent or guardian"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=_NUMBER),
    )
    street = forms.CharField(label=_("Child's registered address: street"), max_length=200)
    house_number = forms.CharField(label=_("Number"), max_length=20)
    box = forms.CharField(label=_("Box"), max_length=20, required=False)
    address_postcode = forms.CharField(label=_("Postcode of the address"), max_length=10)
    adult_number = forms.CharField(
        label=_("Accompanying adult (national register or BIS number)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=_NUMBER),
    )
    adult_relation = forms.ChoiceField(
        label=_("The adult is the child's"), choices=[("", "—"), *AdultRelation.choices], required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose of the travel"), choices=TravelPurpose.choices, required=False
    )
    purpose_reference = forms.CharField(
        label=_("Reference of the declaration"),
        max_length=200,
        required=False,
        help_text=_(
            "For a trip declared by a school or an organiser: its name and the reference of the declaration."
        ),
    )
    destination = forms.CharField(label=_("Destination country (two letters)"), max_length=2, required=False)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["parent_numbers"] = [data.pop("parent_number_1", ""), data.pop("parent_number_2", "")]
        return data


class RuleForm(forms.Form):
    enabled = forms.BooleanField(label=_("Active"), required=False)
    window_days = forms.IntegerField(label=_("Period (days)"), min_value=1, max_value=1825)
    threshold = forms.IntegerField(label=_("Alert from"), min_value=2, max_value=50)
