"""Writes and reads of training sessions (issue 10): the catalogue, sessions, registration with a waiting
list, attendance, feedback, materials. Organisers are the coordinators of the course's organisation
(``ORGANISE_TRAININGS``); every professional of the network may register for a course meant for their kind
of organisation. Every write is audited.

Registration takes the session's row lock, so that two people cannot take the last place at once; a
registered person who cancels hands the place to the first on the waiting list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.i18n import clean_texts
from thb.core.models import OrganisationKind, User
from thb.core.references import random_code
from thb.core.roles import Perm, has_perm

from .models import (
    SEARCH_CONFIGS,
    Feedback,
    Registration,
    RegistrationStatus,
    SessionMaterial,
    SessionStatus,
    Theme,
    TrainingCourse,
    TrainingSession,
    join_codes,
)
from .selectors import for_audience_of
from .services import stored_file_fields

QUESTIONS = ("relevance", "quality", "applicability")


# --- reads ------------------------------------------------------------------------------------------------


def courses_visible_to(*, user: User) -> QuerySet[TrainingCourse]:
    if not has_perm(user, Perm.READ_EXPERTISE):
        return TrainingCourse.objects.none()
    return TrainingCourse.objects.filter(for_audience_of(user))


def access_course(user: User, course_uuid: Any) -> TrainingCourse:
    try:
        course = courses_visible_to(user=user).filter(uuid=course_uuid).first()
    except (ValueError, TypeError):
        course = None
    if course is None:
        raise Http404()
    return course


def access_session(user: User, session_uuid: Any) -> TrainingSession:
    try:
        session = (
            TrainingSession.objects.filter(course__in=courses_visible_to(user=user), uuid=session_uuid)
            .select_related("course", "course__organisation")
            .first()
        )
    except (ValueError, TypeError):
        session = None
    if session is None:
        raise Http404()
    return session


def may_organise(user: User, course: TrainingCourse) -> bool:
    return has_perm(user, Perm.ORGANISE_TRAININGS) and course.organisation_id == user.organisation_id


# --- the catalogue and its sessions -----------------------------------------------------------------------


def _codes(values: Any, allowed: list[str], *, field: str, required: bool) -> str:
    values = list(dict.fromkeys(str(value) for value in (values or [])))
    if any(value not in allowed for value in values) or (required and not values):
        raise ValidationFailedError(_("Choose from the list."), field=field)
    return join_codes(values)


def course_save(*, actor: User, data: dict[str, Any], course: TrainingCourse | None = None) -> TrainingCourse:
    if not has_perm(actor, Perm.ORGANISE_TRAININGS) or (
        course is not None and not may_organise(actor, course)
    ):
        raise PermissionDeniedError()
    try:
        hours = Decimal(str(data.get("hours")))
    except (InvalidOperation, ValueError) as error:
        raise ValidationFailedError(_("Give the duration in hours."), field="hours") from error
    if not Decimal("0.5") <= hours <= Decimal("200"):
        raise ValidationFailedError(_("Give the duration in hours (0.5 to 200)."), field="hours")
    values = {
        "title": clean_texts(data.get("title", {}), field="title", limit=200, required=True),
        "description": clean_texts(
            data.get("description", {}), field="description", limit=4000, required=False
        ),
        "themes": _codes(data.get("themes"), Theme.values, field="themes", required=True),
        "audience": _codes(data.get("audience"), OrganisationKind.values, field="audience", required=False),
        "hours": hours,
    }
    organisation = actor.organisation
    assert organisation is not None
    with transaction.atomic():
        if course is None:
            course = TrainingCourse.objects.create(organisation=organisation, created_by=actor, **values)
        else:
            for name, value in values.items():
                setattr(course, name, value)
            course.save()
        record_change(
            actor=actor,
            action="training.course_save",
            obj=course,
            changes={"hours": str(hours), "themes": values["themes"], "audience": values["audience"]},
        )
    return course


def session_save(*, actor: User, course: TrainingCourse, data: dict[str, Any]) -> TrainingSession:
    if not may_organise(actor, course):
        raise PermissionDeniedError()
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if not isinstance(starts_at, datetime.datetime) or not isinstance(ends_at, datetime.datetime):
        raise ValidationFailedError(_("Give the start and the end."), field="starts_at")
    if ends_at <= starts_at:
        raise ValidationFailedError(_("The session must end after it starts."), field="ends_at")
    place, link = " ".join(str(data.get("place") or "").split()), str(data.get("online_link") or "").strip()
    if not place and not link:
        raise ValidationFailedError(_("Give a place, or the link of an online session."), field="place")
    if link and not link.startswith("https://"):
        raise ValidationFailedError(_("An online link starts with https://."), field="online_link")
    if data.get("language") not in SEARCH_CONFIGS:
        raise ValidationFailedError(_("Choose the language of the session."), field="language")
    trainers = " ".join(str(data.get("trainers") or "").split())
    if not trainers or len(trainers) > 500:
        raise ValidationFailedError(_("Name the trainers."), field="trainers")
    capacity = int(data.get("capacity") or 0)
    if not 1 <= capacity <= 1000:
        raise ValidationFailedError(_("Give the number of places (1 to 1,000)."), field="capacity")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            course=course,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place[:300],
            online_link=link[:200],
            language=data["language"],
            trainers=trainers,
            capacity=capacity,
        )
        record_change(
            actor=actor,
            action="training.session_save",
            obj=session,
            changes={"starts_at": starts_at.isoformat(), "capacity": capacity, "language": session.language},
        )
    return session


# --- registration and attendance --------------------------------------------------------------------------


def _taken(session: TrainingSession) -> int:
    return session.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def registration_register(*, actor: User, session: TrainingSession) -> Registration:
    """Register the actor: a place while there is one, else the waiting list."""
    if not has_perm(actor, Perm.READ_EXPERTISE) or actor.organisation is None:
        raise PermissionDeniedError()
    access_session(actor, session.uuid)  # the course is meant for the actor's kind of organisation
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if session.status != SessionStatus.PLANNED or session.starts_at <= timezone.now():
            raise ValidationFailedError(_("Registration for this session is closed."), code="closed")
        existing = session.registrations.filter(user=actor).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            raise ValidationFailedError(_("You are registered already."), code="already_registered")
        status = (
            RegistrationStatus.REGISTERED
            if _taken(session) < session.capacity
            else RegistrationStatus.WAITING
        )
        if existing is None:
            registration = Registration.objects.create(
                session=session, user=actor, organisation=actor.organisation, status=status
            )
        else:
            registration = existing
            registration.status, registration.organisation = status, actor.organisation
            registration.save(update_fields=["status", "organisation", "updated_at"])
        record_change(actor=actor, action="training.register", obj=registration, changes={"status": status})
    return registration


def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """The participant (or the organiser) cancels; a freed place goes to the first on the waiting list."""
    session = registration.session
    if registration.user_id != actor.pk and not may_organise(actor, session.course):
        raise PermissionDeniedError()
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        freed = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, action="training.cancel", obj=registration)
        if freed:
            first = (
                session.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at").first()
            )
            if first is not None:
                first.status = RegistrationStatus.REGISTERED
                first.save(update_fields=["status", "updated_at"])
                record_change(actor=None, action="training.promoted", obj=first)
    return registration


def attendance_record(*, actor: User, session: TrainingSession, present: set[str]) -> int:
    """Mark who attended (registration UUIDs in ``present``), once the session has started; attendees get
    a certificate code. Returns how many attended."""
    if not may_organise(actor, session.course):
        raise PermissionDeniedError()
    if session.starts_at > timezone.now():
        raise ValidationFailedError(
            _("Attendance is recorded once the session has started."), code="not_started"
        )
    count = 0
    with transaction.atomic():
        for registration in session.registrations.select_for_update().filter(
            status=RegistrationStatus.REGISTERED
        ):
            attended = str(registration.uuid) in present
            registration.attended = attended
            if attended and not registration.certificate_code:
                registration.certificate_code = random_code(10)
            registration.save(update_fields=["attended", "certificate_code", "updated_at"])
            count += attended
        record_change(actor=actor, action="training.attendance", obj=session, changes={"attended": count})
    return count


def feedback_give(
    *, actor: User, registration: Registration, ratings: dict[str, int], comment: str = ""
) -> Feedback:
    if registration.user_id != actor.pk:
        raise PermissionDeniedError()
    if not registration.attended:
        raise ValidationFailedError(_("Feedback comes from those who attended."), code="not_attended")
    if Feedback.objects.filter(registration=registration).exists():
        raise ValidationFailedError(_("You gave your feedback already."), code="already_given")
    values = {}
    for question in QUESTIONS:
        value = ratings.get(question)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationFailedError(_("Give a rating from 1 to 5."), field=question)
        values[question] = value
    with transaction.atomic():
        feedback = Feedback.objects.create(
            registration=registration, comment=str(comment or "")[:2000], **values
        )
        record_change(actor=actor, action="training.feedback", obj=registration.session)
    return feedback


def material_add(
    *, actor: User, session: TrainingSession, upload: IO[bytes], filename: str
) -> SessionMaterial:
    if not may_organise(actor, session.course):
        raise PermissionDeniedError()
    fields = stored_file_fields(upload, filename, actor)
    with transaction.atomic():
        material = SessionMaterial.objects.create(session=session, **fields)
        record_change(
            actor=actor, action="training.material_add", obj=session, changes={"file": material.filename}
        )
    return material


@dataclass(frozen=True)
class FeedbackResults:
    answers: int
    shown: bool  # only from THB_SMALL_CELL_THRESHOLD answers, so that no one's answer can be told apart
    distributions: dict[str, list[tuple[int, int]]]  # question → [(rating, count)]
    averages: dict[str, float]
    comments: list[str]


def feedback_results(session: TrainingSession) -> FeedbackResults:
    rows = list(Feedback.objects.filter(registration__session=session).values(*QUESTIONS, "comment"))
    shown = len(rows) >= settings.THB_SMALL_CELL_THRESHOLD
    distributions = {
        question: [(rating, sum(1 for row in rows if row[question] == rating)) for rating in range(1, 6)]
        for question in QUESTIONS
    }
    averages = (
        {question: sum(row[question] for row in rows) / len(rows) for question in QUESTIONS} if rows else {}
    )
    comments = sorted(row["comment"] for row in rows if row["comment"]) if shown else []
    return FeedbackResults(
        len(rows), shown, distributions if shown else {}, averages if shown else {}, comments
    )
