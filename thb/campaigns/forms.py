"""Forms of the campaign pages. The services validate again (one set of rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from thb.core.departments import DEPARTMENTS
from thb.core.forms import DateInput
from thb.core.models import Organisation
from thb.hotline.models import Sector

from .models import Campaign, CampaignChannel, MaterialKind, TargetGroup

_LANGUAGE_NAMES = {"fr": _("French"), "nl": _("Dutch"), "de": _("German"), "en": _("English")}


class CampaignForm(forms.Form):
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.MultipleChoiceField(
        label=_("Risk sectors"), choices=Sector.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.PUBLIC_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each language gets its own short link and QR code, opening the hotline page in it."),
    )
    default_language = forms.ChoiceField(label=_("Main language"), choices=settings.PUBLIC_LANGUAGES)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=CampaignChannel.choices, widget=forms.CheckboxSelectMultiple
    )
    departments = forms.MultipleChoiceField(
        label=_("Departments"),
        choices=list(DEPARTMENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput())

    def __init__(self, *args: Any, campaign: Campaign | None = None, **kwargs: Any) -> None:
        if campaign is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{f"name_{code}": campaign.name.get(code, "") for code in _LANGUAGE_NAMES},
                **{f"message_{code}": campaign.message.get(code, "") for code in _LANGUAGE_NAMES},
                "target_groups": campaign.target_groups,
                "sectors": campaign.sectors,
                "languages": campaign.languages,
                "default_language": campaign.default_language,
                "channels": campaign.channels,
                "departments": campaign.departments,
                "partners": list(campaign.partners.all()),
                "starts_on": campaign.starts_on,
                "ends_on": campaign.ends_on,
            }
        super().__init__(*args, **kwargs)
        texts: dict[str, forms.Field] = {}
        for code, language in _LANGUAGE_NAMES.items():
            texts[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": language}, max_length=200, required=False
            )
        for code, language in _LANGUAGE_NAMES.items():
            texts[f"message_{code}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": language},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**texts, **self.fields}

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["name"] = {code: data.pop(f"name_{code}", "") for code in _LANGUAGE_NAMES}
        data["message"] = {code: data.pop(f"message_{code}", "") for code in _LANGUAGE_NAMES}
        data.pop("partners", None)
        return data


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.PUBLIC_LANGUAGES)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(code, names.get(code, code)) for code in campaign.languages]
        self.fields["file"].help_text = _(
            "PDF, PNG, JPEG, MP3, MP4, DOCX, ODT or text; at most %(size)s MB."
        ) % {"size": settings.THB_CAMPAIGN_MATERIAL_MAX_MB}
