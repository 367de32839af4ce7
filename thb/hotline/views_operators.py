"""Language routing pages (issue 3 §2): an operator declares the languages they speak and plans their
shifts; a supervisor plans the whole hotline's shifts, so that every language has someone on duty."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thb.core.exceptions import DomainError
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .models import OperatorLanguage
from .selectors import hotline_operators_of, shifts_visible_to
from .services.operators import operator_languages_set, shift_add, shift_remove


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages I speak well enough to take a call"),
        required=False,
        choices=settings.PUBLIC_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.CharField(
        label=gettext_lazy("Other languages (codes separated by spaces, e.g. tr hi ln)"),
        required=False,
        max_length=200,
    )


class ShiftForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    user = forms.ModelChoiceField(
        label=gettext_lazy("Operator"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: object, planner: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        team = hotline_operators_of(user=planner)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        if team.exists():
            user_field.queryset = team
            user_field.initial = planner.pk
        else:
            del self.fields["user"]


def _shift_posted(request: HttpRequest, user: User) -> ShiftForm | None:
    """Handle the add and cancel buttons; returns the bound form when it has errors to show."""
    if request.POST.get("form") == "cancel_shift":
        try:
            shift = shifts_visible_to(user=user).filter(uuid=request.POST.get("shift", "")).first()
        except ValidationError:  # not a UUID
            shift = None
        if shift is None:
            raise Http404()
        shift_remove(actor=user, shift=shift)
        messages.success(request, _("The shift is cancelled."))
        return None
    form = ShiftForm(request.POST, planner=user)
    if not form.is_valid():
        return form
    try:
        shift_add(
            actor=user,
            user=form.cleaned_data.get("user") or user,
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
        )
    except DomainError as error:
        add_domain_error(form, error)
        return form
    messages.success(request, _("The shift is planned."))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    """My languages and my shifts (a supervisor sees and plans the whole hotline's shifts here)."""
    require_perm(request, Perm.HANDLE_CONTACTS)
    user = request_user(request)
    spoken = list(OperatorLanguage.objects.filter(user=user).values_list("language", flat=True))
    # Languages are kept as primary codes ("zh"); the checkboxes use the public codes ("zh-hans").
    public = {code.split("-")[0]: code for code, _name in settings.PUBLIC_LANGUAGES}
    languages_form = LanguagesForm(
        initial={
            "languages": [public[c] for c in spoken if c in public],
            "other": " ".join(c for c in spoken if c not in public),
        }
    )
    shift_form = ShiftForm(planner=user)
    status = 200
    if request.method == "POST" and request.POST.get("form") == "languages":
        languages_form = LanguagesForm(request.POST)
        if languages_form.is_valid():
            wanted = [
                *languages_form.cleaned_data["languages"],
                *languages_form.cleaned_data["other"].split(),
            ]
            try:
                operator_languages_set(actor=user, languages=wanted)
            except DomainError as error:
                languages_form.add_error("other", error.message)
            else:
                messages.success(request, _("Your languages are saved."))
                return redirect("hotline-console:availability")
        status = 422
    elif request.method == "POST":
        bound = _shift_posted(request, user)
        if bound is None:
            return redirect("hotline-console:availability")
        shift_form, status = bound, 422
    return render(
        request,
        "hotline/availability.html",
        {
            "languages_form": languages_form,
            "shift_form": shift_form,
            "shifts": shifts_visible_to(user=user),
            "plans_for_team": has_perm(user, Perm.SUPERVISE_HOTLINE),
            "spoken": spoken,
        },
        status=status,
    )
