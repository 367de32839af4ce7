"""Forms of the public pages. The same service as the API validates again (one set of rules)."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ReporterRole, Sector
from .services.public_reports import MESSAGE_MAX, TEXT_MAX, TEXT_MIN


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("What is happening?"),
        help_text=_(
            "Describe the situation in your own words and in your own language. Do not give your "
            "name if you do not want to."
        ),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    language = forms.ChoiceField(label=_("Language of your message"), required=False)
    reporter_role = forms.ChoiceField(
        label=_("You are"),
        required=False,
        choices=[("", _("I prefer not to say")), *ReporterRole.choices],
        widget=forms.RadioSelect,
    )
    sector = forms.ChoiceField(
        label=_("Where does it happen?"), required=False, choices=[("", _("I do not know")), *Sector.choices]
    )
    postcode = forms.CharField(
        label=_("Postcode (Belgium), if you know it"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    minor_involved = forms.BooleanField(
        label=_("A child or a young person under 18 is involved"), required=False
    )
    immediate_danger = forms.BooleanField(label=_("Someone is in danger right now"), required=False)
    # A field people never see: bots fill it in (no CAPTCHA, nothing stored about the sender).
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The code of the campaign whose link or QR code opened the page (issue 9 §2): not about the person.
    campaign = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Recognise it automatically")), *settings.PUBLIC_LANGUAGES]
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4().hex

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=64,
        help_text=_("The 16 digits you received when you sent your report, for example 1234-5678-9012-3456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "dir": "ltr"}),
    )


class ReplyForm(ReceiptForm):
    text = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
