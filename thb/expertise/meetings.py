"""District coordination meetings (issue 10): the reference magistrate of a judicial district plans the
meeting with its agenda — the district's figures since the last meeting attached automatically, small-cell
suppressed — records the participants by organisation, the minutes, the decisions and the follow-up
actions, whose owners see them on their home page until done. A periodic job reminds a district that has
held no meeting for six months (at least two a year). Every write is audited.

Who may chair: a magistrate (``CHAIR_DISTRICT_MEETINGS``) whose office covers the district. Who reads a
meeting: its organisation, the participating organisations, and the coordination cell.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import JudicialDistrict, Organisation, OrganisationKind, User
from thb.core.roles import Perm, has_perm
from thb.statistics.suppression import suppress

from .models import ActionStatus, Decision, DistrictMeeting, DistrictReminder, FollowUpAction, MeetingStatus

OVERDUE_AFTER_DAYS = 182  # six months: "at least twice a year"
REMIND_EVERY_DAYS = 30


# --- reads ------------------------------------------------------------------------------------------------


def meetings_visible_to(*, user: User) -> QuerySet[DistrictMeeting]:
    if not has_perm(user, Perm.READ_EXPERTISE) or user.organisation is None:
        return DistrictMeeting.objects.none()
    if user.organisation.kind == OrganisationKind.COORDINATION_CELL:
        return DistrictMeeting.objects.all()
    return DistrictMeeting.objects.filter(
        Q(organisation_id=user.organisation_id) | Q(participants=user.organisation_id)
    ).distinct()


def access_meeting(user: User, meeting_uuid: Any) -> DistrictMeeting:
    try:
        meeting = meetings_visible_to(user=user).filter(uuid=meeting_uuid).select_related("district").first()
    except (ValueError, TypeError):
        meeting = None
    if meeting is None:
        raise Http404()
    return meeting


def chairs_district(user: User, district: JudicialDistrict) -> bool:
    organisation = user.organisation
    return bool(
        has_perm(user, Perm.CHAIR_DISTRICT_MEETINGS)
        and organisation is not None
        and organisation.judicial_districts.filter(pk=district.pk).exists()
    )


def may_chair(user: User, meeting: DistrictMeeting) -> bool:
    return meeting.organisation_id == user.organisation_id and has_perm(user, Perm.CHAIR_DISTRICT_MEETINGS)


def last_meetings() -> dict[int, datetime.date]:
    rows = (
        DistrictMeeting.objects.filter(status=MeetingStatus.HELD)
        .values("district")
        .annotate(last=Max("held_on"))
    )
    return {row["district"]: row["last"] for row in rows}


def districts_overdue(
    today: datetime.date | None = None,
) -> list[tuple[JudicialDistrict, datetime.date | None]]:
    """Districts without a meeting held in the last six months, with the date of their last one."""
    today = today or timezone.localdate()
    last = last_meetings()
    limit = today - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
    return [
        (district, last.get(district.pk))
        for district in JudicialDistrict.objects.all()
        if last.get(district.pk) is None or last[district.pk] < limit
    ]


def open_actions_of(user: User) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(owner=user, status=ActionStatus.OPEN).select_related(
        "meeting__district"
    )


# --- the district's figures -------------------------------------------------------------------------------


def district_figures(
    district: JudicialDistrict, since: datetime.date, until: datetime.date
) -> list[dict[str, Any]]:
    """Contacts by type of signal, referrals by kind of partner, and victim cases opened from those contacts,
    in the district over the period — suppressed (a district's counts are small: most are hidden)."""
    from thb.core.models import OrganisationKind as Kind
    from thb.dispatch.models import Referral
    from thb.hotline.models import Contact, SignalType
    from thb.victims.models import VictimCase

    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, zone)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, zone)
    contacts = Contact.objects.filter(judicial_district=district, received_at__gte=start, received_at__lt=end)
    referrals = Referral.objects.filter(contact__in=contacts).exclude(status__in=["proposed", "cancelled"])
    cases = VictimCase.objects.filter(contacts__in=contacts).distinct()

    def figure(key: str, title: str, rows: list[tuple[str, int]], labels: dict[str, str]) -> dict[str, Any]:
        breakdown = suppress(rows)
        return {
            "key": key,
            "title": title,
            "rows": [[labels.get(k, k or "—"), breakdown.shown(v)] for k, v in breakdown.cells],
            "total": breakdown.shown(breakdown.total),
        }

    signal_labels = {str(k): str(v) for k, v in SignalType.choices}
    kind_labels = {str(k): str(v) for k, v in Kind.choices}
    by_signal = [
        (row["signal_type"] or "", row["n"]) for row in contacts.values("signal_type").annotate(n=Count("id"))
    ]
    by_kind = [
        (row["partner_kind"], row["n"]) for row in referrals.values("partner_kind").annotate(n=Count("id"))
    ]
    by_status = [
        (row["status"], row["n"]) for row in cases.values("status").annotate(n=Count("id", distinct=True))
    ]
    from thb.victims.models import CaseStatus

    return [
        figure("contacts", _("Hotline contacts by type of signal"), sorted(by_signal), signal_labels),
        figure("referrals", _("Referrals by kind of partner"), sorted(by_kind), kind_labels),
        figure(
            "cases",
            _("Victim cases opened from those contacts, by status"),
            sorted(by_status),
            {str(k): str(v) for k, v in CaseStatus.choices},
        ),
    ]


def _figures_period(
    district: JudicialDistrict, held_on: datetime.date
) -> tuple[datetime.date, datetime.date]:
    last = (
        DistrictMeeting.objects.filter(district=district, status=MeetingStatus.HELD, held_on__lt=held_on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    until = min(held_on, timezone.localdate())
    return (last or until - datetime.timedelta(days=OVERDUE_AFTER_DAYS)), until


# --- writes -----------------------------------------------------------------------------------------------


def _participants(ids: list[Any]) -> list[Organisation]:
    organisations = list(Organisation.objects.filter(pk__in=ids or [], is_active=True))
    if len(organisations) != len(set(ids or [])):
        raise ValidationFailedError(_("Choose organisations of the directory."), field="participants")
    return organisations


def meeting_plan(
    *,
    actor: User,
    district: JudicialDistrict,
    held_on: datetime.date,
    place: str,
    agenda: str,
    participant_ids: list[Any],
) -> DistrictMeeting:
    if not chairs_district(actor, district):
        raise PermissionDeniedError()
    place = " ".join(str(place or "").split())
    agenda = str(agenda or "").strip()
    if not place:
        raise ValidationFailedError(_("Give the place."), field="place")
    if not agenda or len(agenda) > 20_000:
        raise ValidationFailedError(_("Write the agenda (at most 20,000 characters)."), field="agenda")
    participants = _participants(participant_ids)
    since, until = _figures_period(district, held_on)
    organisation = actor.organisation
    assert organisation is not None
    with transaction.atomic():
        meeting = DistrictMeeting.objects.create(
            organisation=organisation,
            district=district,
            chair=actor,
            held_on=held_on,
            place=place[:300],
            agenda=agenda,
            figures=district_figures(district, since, until),
            figures_period=f"{since.isoformat()}/{until.isoformat()}",
        )
        meeting.participants.set(participants)
        record_change(
            actor=actor,
            action="meeting.plan",
            obj=meeting,
            changes={
                "district": district.code,
                "held_on": held_on.isoformat(),
                "participants": [o.slug for o in participants],
            },
        )
    return meeting


def meeting_record(
    *, actor: User, meeting: DistrictMeeting, minutes: str, participant_ids: list[Any]
) -> DistrictMeeting:
    """The minutes and who came: the meeting is held (from its date on)."""
    if not may_chair(actor, meeting):
        raise PermissionDeniedError()
    if meeting.held_on > timezone.localdate():
        raise ValidationFailedError(
            _("The minutes are written once the meeting has taken place."), field="minutes"
        )
    minutes = str(minutes or "").strip()
    if not minutes or len(minutes) > 100_000:
        raise ValidationFailedError(_("Write the minutes."), field="minutes")
    participants = _participants(participant_ids)
    with transaction.atomic():
        meeting.minutes, meeting.status = minutes, MeetingStatus.HELD
        meeting.save(update_fields=["minutes", "status", "updated_at"])
        meeting.participants.set(participants)
        record_change(
            actor=actor,
            action="meeting.record",
            obj=meeting,
            changes={"participants": [o.slug for o in participants]},
        )
    return meeting


def decision_add(*, actor: User, meeting: DistrictMeeting, text: str) -> Decision:
    if not may_chair(actor, meeting):
        raise PermissionDeniedError()
    text = str(text or "").strip()
    if not text or len(text) > 2000:
        raise ValidationFailedError(_("Write the decision (at most 2,000 characters)."), field="text")
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, text=text)
        record_change(
            actor=actor, action="meeting.decision", obj=meeting, changes={"decision": str(decision.uuid)}
        )
    return decision


def action_add(
    *,
    actor: User,
    meeting: DistrictMeeting,
    text: str,
    owner: User,
    due_on: datetime.date,
    decision: Decision | None = None,
) -> FollowUpAction:
    """A follow-up action for someone of a participating organisation (or of the chair's office)."""
    if not may_chair(actor, meeting):
        raise PermissionDeniedError()
    text = " ".join(str(text or "").split())
    if not text or len(text) > 500:
        raise ValidationFailedError(_("Say what is to be done (at most 500 characters)."), field="text")
    allowed = set(meeting.participants.values_list("pk", flat=True)) | {meeting.organisation_id}
    if owner.organisation_id not in allowed or not owner.is_active:
        raise ValidationFailedError(
            _("The owner must belong to a participating organisation."), field="owner"
        )
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationFailedError(_("Unknown choice."), field="decision")
    if due_on < meeting.held_on:
        raise ValidationFailedError(_("The action cannot be due before the meeting."), field="due_on")
    assert owner.organisation is not None
    with transaction.atomic():
        action = FollowUpAction.objects.create(
            meeting=meeting,
            decision=decision,
            text=text,
            owner=owner,
            organisation=owner.organisation,
            due_on=due_on,
        )
        record_change(
            actor=actor,
            action="meeting.action",
            obj=meeting,
            changes={"owner": owner.username, "due_on": due_on.isoformat()},
        )
    return action


def action_done(*, actor: User, action: FollowUpAction, note: str = "") -> FollowUpAction:
    if action.owner_id != actor.pk and not may_chair(actor, action.meeting):
        raise PermissionDeniedError()
    with transaction.atomic():
        action.status, action.done_note = ActionStatus.DONE, " ".join(str(note or "").split())[:500]
        action.save(update_fields=["status", "done_note", "updated_at"])
        record_change(
            actor=actor,
            action="meeting.action_done",
            obj=action.meeting,
            changes={"action": str(action.uuid)},
        )
    return action


def remind_overdue_districts(today: datetime.date | None = None) -> int:
    """The periodic job: remind each district that has held no meeting for six months, once a month."""
    today = today or timezone.localdate()
    reminded = 0
    since = today - datetime.timedelta(days=REMIND_EVERY_DAYS)
    for district, last in districts_overdue(today):
        if DistrictReminder.objects.filter(district=district, sent_on__gt=since).exists():
            continue
        with transaction.atomic():
            DistrictReminder.objects.create(district=district, sent_on=today, last_meeting_on=last)
            record_change(
                actor=None,
                action="meeting.reminder",
                object_type="core.judicialdistrict",
                changes={"district": district.code, "last_meeting": last.isoformat() if last else None},
            )
            _email_chairs(district, last)
        reminded += 1
    return reminded


def _email_chairs(district: JudicialDistrict, last: datetime.date | None) -> None:
    """The reminder by e-mail too, through the outbox (sent once the reminder commits, retried until the mail
    server takes it): to each user who may chair the district's meetings — the reference magistrates of the
    prosecutor's offices covering it. The e-mail names the district and the last meeting's date, nothing
    about a person, and links to the page where a meeting is planned."""
    from django.urls import reverse
    from django.utils import translation

    from thb.dispatch.outbox import notify

    with translation.override("fr"):  # the link's language is the reader's (outbox), any prefix will do
        path = reverse("expertise:meeting-new")
    for organisation in Organisation.objects.filter(judicial_districts=district, is_active=True):
        chairs = [
            user.email
            for user in User.objects.filter(organisation=organisation, is_active=True).exclude(email="")
            if has_perm(user, Perm.CHAIR_DISTRICT_MEETINGS)
        ]
        if chairs:
            notify(
                topic="expertise.meeting_overdue",
                organisation=organisation,
                data={
                    "district": district.name,
                    "last_meeting": last.isoformat() if last else None,
                    "path": path,
                },
                emails=chairs,
                webhooks=False,
            )
