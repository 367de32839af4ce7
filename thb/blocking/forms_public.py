"""The public appeal form of the stop page (no login; a honeypot field for naive bots)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.public import STATEMENT_MAX, STATEMENT_MIN


class AppealForm(forms.Form):
    domain = forms.CharField(label=_("The blocked website (domain name)"), max_length=300)
    statement = forms.CharField(
        label=_("Why the block is a mistake"),
        min_length=STATEMENT_MIN,
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    email = forms.EmailField(label=_("Your e-mail address (the decision is sent to it)"), max_length=254)
    # Never reached by keyboard or screen reader (tabindex -1 inside aria-hidden, as on the report form):
    # axe-core found it focusable in a hidden region (issue 11 §2).
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
