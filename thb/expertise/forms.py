"""Forms of the library pages. The services check everything again (one set of rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thb.core.models import OrganisationKind
from thb.hotline.models import Exploitation, Sector

from .models import ItemKind, LibraryItem, LibraryVersion, Theme

LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English")]


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Text"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: # headings, **bold**, *italics*, lists, [links](https://…), tables. No HTML."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    audience = forms.MultipleChoiceField(
        label=_("Visible to"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The kinds of organisation that may read it. None ticked: every organisation of the network."
        ),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args: Any, item: LibraryItem | None = None, new: bool = False, **kwargs: Any) -> None:
        if item is not None and "initial" not in kwargs:
            latest: LibraryVersion | None = item.versions.order_by("-number").first()
            kwargs["initial"] = {
                "title": latest.title if latest else "",
                "summary": latest.summary if latest else "",
                "body": latest.body if latest else "",
                "themes": item.theme_list,
                "exploitation": item.exploitation,
                "sectors": item.sectors,
                "audience": item.audience_list,
            }
        super().__init__(*args, **kwargs)
        if new:
            self.fields = {
                "kind": forms.ChoiceField(
                    label=_("Kind"), choices=[(k, v) for k, v in ItemKind.choices if k != ItemKind.CASE_STUDY]
                ),
                "language": forms.ChoiceField(label=_("Language"), choices=LANGUAGES),
                **self.fields,
            }
            del self.fields["note"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=2000)
