"""Forms of the operator console. The services validate again (one set of rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.core.models import Organisation, OrganisationKind

from .models import (
    OPERATOR_CHANNELS,
    Channel,
    Exploitation,
    NonDataKind,
    Outcome,
    ReporterRole,
    ScreeningIndicator,
    Sector,
    SignalType,
)


class LogCallForm(forms.Form):
    """One keyboard-friendly page: the signal type first (autofocus), then what the call was about."""

    signal_type = forms.ChoiceField(
        label=_("Type of signal"), choices=[c for c in SignalType.choices if c[0] != SignalType.NON_DATA]
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in Channel.choices if c[0] in OPERATOR_CHANNELS],
        initial=Channel.PHONE,
    )
    language = forms.CharField(label=_("Language (e.g. ro, ar)"), max_length=15, required=False)
    caller_name = forms.CharField(label=_("Caller's name, if given"), max_length=200, required=False)
    caller_phone = forms.CharField(label=_("Caller's phone number, if given"), max_length=40, required=False)
    interpreter_service = forms.ModelChoiceField(
        label=_("Interpreter service used"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.INTERPRETER_SERVICE, is_active=True),
    )
    reporter_role = forms.ChoiceField(
        label=_("Caller"), required=False, choices=[("", "—"), *ReporterRole.choices]
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", "—"), *Sector.choices])
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        required=False,
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.MultipleChoiceField(
        label=_("Signs heard (short checklist)"),
        required=False,
        choices=ScreeningIndicator.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    country = forms.CharField(label=_("Country abroad (two letters)"), max_length=2, required=False)
    victims_count = forms.IntegerField(
        label=_("Potential victims"), min_value=0, max_value=100000, required=False
    )
    minors_count = forms.IntegerField(
        label=_("Of whom minors"), min_value=0, max_value=100000, required=False
    )
    immediate_danger = forms.BooleanField(label=_("Immediate danger"), required=False)
    # Facts the dispatch procedure decides on (issue 4): unknown, yes or no — unknown is not "no".
    minor_involved = forms.NullBooleanField(label=_("A minor is involved"), required=False)
    unaccompanied_minor = forms.NullBooleanField(label=_("An unaccompanied foreign minor"), required=False)
    victim_wants_assistance = forms.NullBooleanField(
        label=_("The person wants assistance or shelter"), required=False
    )
    consent_to_police = forms.NullBooleanField(
        label=_("The person agrees that the police are told"), required=False
    )
    diplomatic_household = forms.NullBooleanField(
        label=_("Domestic worker in a diplomatic household"), required=False
    )
    online_csam = forms.NullBooleanField(
        label=_("Online child sexual abuse material (give the address only, never the material)"),
        required=False,
    )
    heard_from = forms.CharField(label=_("How they heard of the hotline"), max_length=100, required=False)
    campaign_code = forms.CharField(label=_("Campaign code"), max_length=40, required=False)
    narrative = forms.CharField(
        label=_("What the caller said"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    callback_due_at = forms.DateTimeField(
        label=_("Call back at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["signal_type"].widget.attrs["autofocus"] = True


class ContactEditForm(LogCallForm):
    """The same fields as when the call was logged, minus the channel (how it came in does not change)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["channel"]
        self.fields["signal_type"].widget.attrs.pop("autofocus", None)
        signal = self.fields["signal_type"]
        assert isinstance(signal, forms.ChoiceField)
        signal.choices = SignalType.choices


class NonDataForm(forms.Form):
    non_data_kind = forms.ChoiceField(choices=NonDataKind.choices)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the reporter"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in Outcome.choices if c[0]])
