"""Forms of the residence pages; the services and the engine validate again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.forms import DateInput
from thb.core.models import Organisation

from .labels import EVENTS
from .models import Path
from .services import MAGISTRATE_KINDS


class OpenProcedureForm(forms.Form):
    path = forms.ChoiceField(label=_("Path"), choices=Path.choices)
    magistrate_office = forms.ModelChoiceField(
        label=_("Prosecutor's or labour auditor's office following the case"),
        required=False,
        queryset=Organisation.objects.filter(kind__in=MAGISTRATE_KINDS, is_active=True).order_by("slug"),
    )


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("What happened"), choices=[])
    on = forms.DateField(label=_("Date"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until, as printed on the document (if it says)"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args: object, events: list[str], **kwargs: object) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, EVENTS.get(code, code)) for code in events]


class ActionDoneForm(forms.Form):
    note = forms.CharField(label=_("Note (no names)"), required=False, max_length=500)
