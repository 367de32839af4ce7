"""Pages of district coordination meetings (issue 10): the districts with their last meeting, a meeting's
agenda with the district's figures, its minutes, decisions and follow-up actions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError
from thb.core.forms import DateInput, add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import JudicialDistrict, Organisation, User
from thb.core.roles import Perm, has_perm

from .markdown import render_markdown
from .meetings import (
    access_meeting,
    action_add,
    action_done,
    decision_add,
    districts_overdue,
    last_meetings,
    may_chair,
    meeting_plan,
    meeting_record,
    meetings_visible_to,
)
from .models import FollowUpAction


class MeetingForm(forms.Form):
    district = forms.ModelChoiceField(
        label=gettext_lazy("Judicial district"), queryset=JudicialDistrict.objects.none()
    )
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300)
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=gettext_lazy(
            "Markdown. The district's figures since the last meeting are attached automatically."
        ),
    )
    participants = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Invited organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        organisation = user.organisation
        districts = (
            organisation.judicial_districts.all()
            if organisation is not None
            else JudicialDistrict.objects.none()
        )
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ModelChoiceField)
        district_field.queryset = districts
        participants = self.fields["participants"]
        assert isinstance(participants, forms.ModelMultipleChoiceField)
        participants.queryset = Organisation.objects.filter(
            is_active=True, judicial_districts__in=districts
        ).distinct()


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"), widget=forms.Textarea(attrs={"rows": 10}), max_length=100_000
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Action"), max_length=500)
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=gettext_lazy("Due"), widget=DateInput())


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    last = last_meetings()
    overdue = {district.pk for district, _last in districts_overdue()}
    districts = [
        (district, last.get(district.pk), district.pk in overdue)
        for district in JudicialDistrict.objects.all()
    ]
    return render(
        request,
        "expertise/meetings/list.html",
        {
            "meetings": meetings_visible_to(user=user).select_related("district", "organisation")[:100],
            "districts": districts,
            "may_chair": has_perm(user, Perm.CHAIR_DISTRICT_MEETINGS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.CHAIR_DISTRICT_MEETINGS)
    user = request_user(request)
    form = MeetingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_plan(
                actor=user,
                district=data["district"],
                held_on=data["held_on"],
                place=data["place"],
                agenda=data["agenda"],
                participant_ids=[organisation.pk for organisation in data["participants"]],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Meeting planned; the district's figures are attached to the agenda.")
            )
            return redirect("expertise:meeting", meeting_uuid=meeting.uuid)
    return render(
        request,
        "expertise/meetings/new.html",
        {"form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, meeting_uuid: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    meeting = access_meeting(user, meeting_uuid)
    chair = may_chair(user, meeting)
    minutes_form = MinutesForm(initial={"minutes": meeting.minutes}) if chair else None
    decision_form = DecisionForm() if chair else None
    action_form = ActionForm() if chair else None
    if action_form is not None:
        owner = action_form.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(
            is_active=True, organisation__in=[*meeting.participants.all(), meeting.organisation]
        ).order_by("organisation", "username")
    return render(
        request,
        "expertise/meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": render_markdown(meeting.agenda),
            "minutes": render_markdown(meeting.minutes),
            "participants": meeting.participants.all(),
            "decisions": meeting.decisions.all(),
            "actions": meeting.actions.select_related("owner", "organisation"),
            "chair": chair,
            "minutes_form": minutes_form,
            "decision_form": decision_form,
            "action_form": action_form,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def meeting_action(request: HttpRequest, meeting_uuid: str, action: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    meeting = access_meeting(user, meeting_uuid)
    try:
        if action == "minutes":
            form: forms.Form = MinutesForm(request.POST)
            if form.is_valid():
                meeting_record(
                    actor=user,
                    meeting=meeting,
                    minutes=form.cleaned_data["minutes"],
                    participant_ids=request.POST.getlist("attended"),
                )
                messages.success(request, _("Minutes recorded."))
        elif action == "decision":
            form = DecisionForm(request.POST)
            if form.is_valid():
                decision_add(actor=user, meeting=meeting, text=form.cleaned_data["text"])
                messages.success(request, _("Decision recorded."))
        elif action == "action":
            form = ActionForm(request.POST)
            owner_field = form.fields["owner"]
            assert isinstance(owner_field, forms.ModelChoiceField)
            owner_field.queryset = User.objects.filter(is_active=True)
            if form.is_valid():
                action_add(
                    actor=user,
                    meeting=meeting,
                    text=form.cleaned_data["text"],
                    owner=form.cleaned_data["owner"],
                    due_on=form.cleaned_data["due_on"],
                )
                messages.success(request, _("Follow-up action recorded."))
        else:
            raise Http404()
        if form.errors:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("expertise:meeting", meeting_uuid=meeting.uuid)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, action_uuid: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    action = FollowUpAction.objects.filter(uuid=action_uuid, owner=user).select_related("meeting").first()
    if action is None:
        raise Http404()
    try:
        action_done(actor=user, action=action, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Action done."))
    return redirect("core:staff-home")
