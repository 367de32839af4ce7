"""Pages of training sessions (issue 10): the catalogue, a course and its sessions, a session with
registration, attendance, materials, feedback and its charts, and the attendee's certificate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError
from thb.core.files import attachment_response
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import OrganisationKind
from thb.core.roles import Perm, has_perm
from thb.statistics.charts import bar_chart
from thb.statistics.suppression import Breakdown

from .certificate import certificate_pdf
from .forms import LANGUAGES
from .models import Registration, RegistrationStatus, Theme
from .trainings import (
    QUESTIONS,
    access_course,
    access_session,
    attendance_record,
    course_save,
    courses_visible_to,
    feedback_give,
    feedback_results,
    material_add,
    may_organise,
    registration_cancel,
    registration_register,
    session_save,
)

QUESTION_LABELS = {
    "relevance": gettext_lazy("Relevant to my work"),
    "quality": gettext_lazy("Quality of the training"),
    "applicability": gettext_lazy("I will apply what I learnt"),
}
RATINGS = [(value, str(value)) for value in range(1, 6)]


class CourseForm(forms.Form):
    hours = forms.DecimalField(label=gettext_lazy("Hours"), min_value=0.5, max_value=200, decimal_places=1)
    themes = forms.MultipleChoiceField(
        label=gettext_lazy("Themes"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    audience = forms.MultipleChoiceField(
        label=gettext_lazy("For"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None ticked: every organisation of the network."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        texts: dict[str, forms.Field] = {}
        for code, name in LANGUAGES:
            texts[f"title_{code}"] = forms.CharField(
                label=f"{_('Title')} ({name})", max_length=200, required=False
            )
        for code, name in LANGUAGES:
            texts[f"description_{code}"] = forms.CharField(
                label=f"{_('Description')} ({name})",
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields = {**texts, **self.fields}

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {
            "title": {code: data.get(f"title_{code}", "") for code, _name in LANGUAGES},
            "description": {code: data.get(f"description_{code}", "") for code, _name in LANGUAGES},
            "themes": data["themes"],
            "audience": data["audience"],
            "hours": data["hours"],
        }


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ends"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=gettext_lazy("Online link"), required=False, assume_scheme="https")
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGES)
    trainers = forms.CharField(label=gettext_lazy("Trainers"), max_length=500)
    capacity = forms.IntegerField(
        label=pgettext_lazy("training session", "Places"), min_value=1, max_value=1000
    )


class FeedbackForm(forms.Form):
    relevance = forms.TypedChoiceField(
        label=QUESTION_LABELS["relevance"], choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    quality = forms.TypedChoiceField(
        label=QUESTION_LABELS["quality"], choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    applicability = forms.TypedChoiceField(
        label=QUESTION_LABELS["applicability"], choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _status(form: forms.Form) -> int:
    return 422 if form.is_bound and form.errors else 200


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    courses = courses_visible_to(user=user).prefetch_related("sessions").select_related("organisation")
    now = timezone.now()
    rows = [(course, [s for s in course.sessions.all() if s.ends_at >= now]) for course in courses]
    mine = (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session", "session__course")
    )
    return render(
        request,
        "expertise/trainings/catalogue.html",
        {"rows": rows, "mine": mine, "may_organise": has_perm(user, Perm.ORGANISE_TRAININGS)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.ORGANISE_TRAININGS)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_save(actor=request_user(request), data=form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Course saved."))
            return redirect("expertise:course", course_uuid=course.uuid)
    return render(request, "expertise/trainings/course_new.html", {"form": form}, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, course_uuid: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    course = access_course(user, course_uuid)
    organiser = may_organise(user, course)
    form = SessionForm(request.POST or None) if organiser else None
    if request.method == "POST":
        if form is None:
            raise Http404()
        if form.is_valid():
            try:
                session = session_save(actor=user, course=course, data=form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Session added."))
                return redirect("expertise:session", session_uuid=session.uuid)
    return render(
        request,
        "expertise/trainings/course.html",
        {"course": course, "sessions": course.sessions.all(), "form": form, "organiser": organiser},
        status=_status(form) if form is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, session_uuid: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    session = access_session(user, session_uuid)
    organiser = may_organise(user, session.course)
    mine = session.registrations.filter(user=user).first()
    may_give_feedback = bool(mine and mine.attended and not hasattr(mine, "feedback"))
    feedback_form = FeedbackForm(request.POST or None) if may_give_feedback else None
    if request.method == "POST" and feedback_form is not None and mine is not None:
        if feedback_form.is_valid():
            data = feedback_form.cleaned_data
            try:
                feedback_give(
                    actor=user,
                    registration=mine,
                    ratings={q: data[q] for q in QUESTIONS},
                    comment=data["comment"],
                )
            except DomainError as error:
                add_domain_error(feedback_form, error)
            else:
                messages.success(request, _("Thank you for your feedback."))
                return redirect("expertise:session", session_uuid=session.uuid)
    elif request.method == "POST":
        raise Http404()
    results = feedback_results(session)
    return render(
        request,
        "expertise/trainings/session.html",
        {
            "session": session,
            "course": session.course,
            "organiser": organiser,
            "mine": mine,
            "taken": session.registrations.filter(status=RegistrationStatus.REGISTERED).count(),
            "registrations": session.registrations.select_related("user", "organisation")
            if organiser
            else [],
            "materials": session.materials.defer("data"),
            "feedback_form": feedback_form,
            "results": results,
            "questions": [(q, QUESTION_LABELS[q]) for q in QUESTIONS],
            "started": session.starts_at <= timezone.now(),
            "threshold": settings.THB_SMALL_CELL_THRESHOLD,
        },
        status=_status(feedback_form) if feedback_form is not None else 200,
    )


@login_required
@require_POST
def session_action(request: HttpRequest, session_uuid: str, action: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    session = access_session(user, session_uuid)
    try:
        if action == "register":
            registration = registration_register(actor=user, session=session)
            messages.success(
                request,
                _("You are registered.")
                if registration.status == RegistrationStatus.REGISTERED
                else _("The session is full: you are on the waiting list."),
            )
        elif action == "cancel":
            mine = session.registrations.filter(user=user).first()
            if mine is None:
                raise Http404()
            registration_cancel(actor=user, registration=mine)
            messages.success(request, _("Your registration is cancelled."))
        elif action == "attendance":
            count = attendance_record(
                actor=user, session=session, present=set(request.POST.getlist("present"))
            )
            messages.success(request, _("Attendance recorded: %(count)s present.") % {"count": count})
        elif action == "material":
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, _("Choose a file."))
            else:
                material_add(actor=user, session=session, upload=upload, filename=upload.name or "")
                messages.success(request, _("File added."))
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("expertise:session", session_uuid=session.uuid)


@login_required
def certificate(request: HttpRequest, session_uuid: str, registration_uuid: str) -> HttpResponse:
    """An attendee's certificate: for the attendee, and for the organiser."""
    require_perm(request, Perm.READ_EXPERTISE)
    user = request_user(request)
    session = access_session(user, session_uuid)
    registration = (
        session.registrations.filter(uuid=registration_uuid, attended=True)
        .select_related("user", "organisation")
        .first()
    )
    if registration is None or (registration.user_id != user.pk and not may_organise(user, session.course)):
        raise Http404()
    return attachment_response(
        certificate_pdf(registration),
        filename=f"certificate-{registration.certificate_code}.pdf",
        content_type="application/pdf",
    )


@login_required
def material_download(request: HttpRequest, session_uuid: str, material_uuid: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    session = access_session(request_user(request), session_uuid)
    material = session.materials.filter(uuid=material_uuid).first()
    if material is None:
        raise Http404()
    return attachment_response(
        bytes(material.data), filename=material.filename, content_type=material.content_type
    )


@login_required
def feedback_chart(request: HttpRequest, session_uuid: str, question: str) -> HttpResponse:
    require_perm(request, Perm.READ_EXPERTISE)
    session = access_session(request_user(request), session_uuid)
    results = feedback_results(session)
    if question not in QUESTIONS or not results.shown:
        raise Http404()
    breakdown = Breakdown(
        cells=tuple((str(rating), count) for rating, count in results.distributions[question]),
        total=results.answers,
        threshold=settings.THB_SMALL_CELL_THRESHOLD,
    )
    response = HttpResponse(
        bar_chart(breakdown, title=str(QUESTION_LABELS[question]), width=5.0), content_type="image/svg+xml"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
